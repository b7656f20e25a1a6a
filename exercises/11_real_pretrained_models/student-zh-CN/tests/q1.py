from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="它的第一层是一个 Rescaling 层：它期望的是图像文件中存储的那种像素值。")
def test_value_range(value_range, tk):
    right_range = tk.checks.matches(value_range, 'a48fea4c7fb5fa10')
    assert right_range

