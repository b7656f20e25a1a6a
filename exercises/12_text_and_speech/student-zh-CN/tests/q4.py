from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="在表中的每个预算下比较两个策略的均值（tk.experiments.summarize 会给出均值）；保留微调领先的那些预算。")
def test_wins(budgets_where_transfer_wins, tk):
    right_budgets = tk.checks.matches(set(budgets_where_transfer_wins), '445de3532ae5ed2a')
    assert right_budgets

