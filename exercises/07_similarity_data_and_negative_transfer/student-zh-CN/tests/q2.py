from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="在每个种子上都更差，意味着即使最好的那个种子的增益也是负的：增益表的一行里，哪一列是最好种子的增益？漏掉一个源任务也算错；去掉策略名的前缀就得到源任务的名字。")
def test_negative(negative, tk):
    source_names = isinstance(negative, set) and negative <= set(tk.sources.SOURCE_TASKS)
    exactly_those_sources = tk.checks.matches(negative, 'e0d4f0c233bcf131')
    assert source_names
    assert exactly_those_sources

