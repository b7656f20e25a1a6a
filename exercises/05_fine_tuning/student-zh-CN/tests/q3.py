from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="步长越大，预训练的权重离它们学到的东西就越远。看看第 5 章关于各学习率的表格。")
def test_trap_3(wrecking_rate, tk):
    right_rate = tk.checks.matches(wrecking_rate, '312b95ee5a344d2f')
    assert right_rate

