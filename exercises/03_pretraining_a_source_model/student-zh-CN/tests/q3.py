from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="边缘和笔画是最通用的特征：哪些块离像素最近？")
def test_edge_block(edge_block, tk):
    right_block = tk.checks.matches(edge_block, '6b86b273ff34fce1')
    assert right_block

