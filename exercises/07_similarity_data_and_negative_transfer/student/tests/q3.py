from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Look at chapter 07's gain curve (and chapter 04's): where is the gap between the curves widest?")
def test_data_quantity(gain_grows_with_labels, tk):
    right_answer = tk.checks.matches(gain_grows_with_labels, 'fcbcf165908dd18a')
    assert right_answer

