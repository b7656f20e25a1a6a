from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="epsilon 是以比例表示的错误率，不是百分数；然后套用公式。")
def test_distance(distance, tk):
    right_distance = tk.checks.matches(distance, 'ec6c168f4411ec8f')
    assert right_distance

@test_case(points=None, hidden=False, 
    failure_message="一个分辨不出两个领域的分类器只能在两者之间瞎猜：瞎猜的错误率是多少？")
def test_indistinguishable(indistinguishable, tk):
    right_error = tk.checks.matches(indistinguishable, 'd2cbad71ff333de6')
    assert right_error

