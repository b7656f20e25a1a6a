from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False, 
    failure_message="字母集合不对（少了一个字母也算错）。重读第 1 章的“数字说明了什么”和其中各策略的表格，并想想课程为什么要在多个种子上重复每次运行。")
def test_statements(supported, tk):
    letters_only = set(supported) <= {'A', 'B', 'C', 'D'}
    exactly_the_supported_ones = tk.checks.matches(set(supported), 'ad1a4e9f8ae913d5')
    assert letters_only
    assert exactly_the_supported_ones

