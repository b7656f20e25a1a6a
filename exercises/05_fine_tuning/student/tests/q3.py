from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="The larger the step, the further the pretrained weights move from what they learned. Look at chapter 05's table of rates.")
def test_trap_3(wrecking_rate, tk):
    right_rate = tk.checks.matches(wrecking_rate, '312b95ee5a344d2f')
    assert right_rate

