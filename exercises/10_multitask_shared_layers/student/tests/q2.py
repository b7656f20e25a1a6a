from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="The total is the weighted sum over tasks: the sum of w_k * L_k.")
def test_total(total_loss, tk):
    right_total = tk.checks.matches(total_loss, '6b86b273ff34fce1')
    assert right_total

