from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="看看第 7 章的增益曲线（以及第 4 章的）：两条曲线之间的差距在哪里最大？")
def test_data_quantity(gain_grows_with_labels, tk):
    right_answer = tk.checks.matches(gain_grows_with_labels, 'fcbcf165908dd18a')
    assert right_answer

