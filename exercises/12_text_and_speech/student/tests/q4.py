from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Compare the two strategies' means at every budget in the table (tk.experiments.summarize gives the means); keep the budgets where fine-tuning is ahead.")
def test_wins(budgets_where_transfer_wins, tk):
    right_budgets = tk.checks.matches(set(budgets_where_transfer_wins), '445de3532ae5ed2a')
    assert right_budgets

