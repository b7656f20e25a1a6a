from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="把每个特征中心化（减去它在批内的均值），协方差 = X^T X / (n - 1)，然后把差的平方求和，再除以题目给出的因子。")
def test_coral(coral, source_features, target_features, tk):
    same_as_the_reference = abs(float(coral(source_features, target_features)) - float(tk.adapt.coral_loss(source_features, target_features))) <= 0.0001 * abs(float(tk.adapt.coral_loss(source_features, target_features)))
    assert same_as_the_reference

