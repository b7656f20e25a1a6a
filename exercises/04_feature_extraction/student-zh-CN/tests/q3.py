from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="比较每个预算下的增益：两条曲线之间的差距在哪里最大？")
def test_best_budget(best_budget, tk):
    right_budget = tk.checks.matches(best_budget, '6b86b273ff34fce1')
    assert right_budget

