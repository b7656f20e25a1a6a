from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="对每种方法在各种子上的准确率取平均，然后取均值最高的方法。")
def test_best_method(best_method, tk):
    right_method = tk.checks.matches(best_method, 'fd1b23863c4d469d')
    assert right_method

@test_case(points=None, hidden=False, 
    failure_message="增益是两个均值之差，以百分点计（一个百分点是准确率的 0.01）。")
def test_best_gain(best_gain, tk):
    right_gain = tk.checks.matches(best_gain, '8771a6c04174b7f7', decimals=2)
    assert right_gain

