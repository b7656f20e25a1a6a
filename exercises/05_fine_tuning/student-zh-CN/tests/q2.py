from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="第 5 章运行过这个实验：compile 确定了优化器要更新的权重中的什么？")
def test_trap_1(trains_without_recompile, tk):
    right_answer = tk.checks.matches(trains_without_recompile, 'fcbcf165908dd18a')
    assert right_answer

