from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="数一数哪些类别名是数字（str.isdigit）。")
def test_digit_classes(digit_classes, tk):
    right_count = tk.checks.matches(digit_classes, '4a44dc15364204a8')
    assert right_count

