from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Its first layer is a Rescaling layer: it expects pixels as they are stored in image files.")
def test_value_range(value_range, tk):
    right_range = tk.checks.matches(value_range, 'a48fea4c7fb5fa10')
    assert right_range

