from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="是百分点，不是比例：一个百分点是准确率的 0.01。先在该预算下对每个策略的 5 个种子取平均，再相减。")
def test_gain_1(gain_1, tk):
    gain_at_1_label_right = tk.checks.matches(gain_1, '3208a87298ba1656', decimals=2)
    assert gain_at_1_label_right

@test_case(points=None, hidden=False, 
    failure_message="在每类 30 个标注时用同样的方法：对每个策略在各种子上取平均，差值以百分点计。")
def test_gain_30(gain_30, tk):
    gain_at_30_labels_right = tk.checks.matches(gain_30, '6b30d78b009177da', decimals=2)
    assert gain_at_30_labels_right

