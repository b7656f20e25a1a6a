from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="共享那个特征对目标任务最有用的层；源模型的特定层只有在它更好时才是候选。")
def test_cut(cut_at, tk):
    right_layer = tk.checks.matches(cut_at, '0887c2531f858ccd')
    assert right_layer

