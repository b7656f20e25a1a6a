from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="总损失是各任务损失的加权和：w_k * L_k 之和。")
def test_total(total_loss, tk):
    right_total = tk.checks.matches(total_loss, '6b86b273ff34fce1')
    assert right_total

