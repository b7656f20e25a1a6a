from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Points, not fractions: one point is 0.01 of accuracy. Average over the 5 seeds of each strategy at that budget, then subtract.")
def test_gain_1(gain_1, tk):
    gain_at_1_label_right = tk.checks.matches(gain_1, '3208a87298ba1656', decimals=2)
    assert gain_at_1_label_right

@test_case(points=None, hidden=False, 
    failure_message="Same recipe at 30 labels per class: mean over seeds of each strategy, difference in points.")
def test_gain_30(gain_30, tk):
    gain_at_30_labels_right = tk.checks.matches(gain_30, '6b30d78b009177da', decimals=2)
    assert gain_at_30_labels_right

