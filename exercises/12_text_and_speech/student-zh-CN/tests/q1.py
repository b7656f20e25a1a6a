from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="从 2 开始，按字母表里字母的书写顺序给它们编号，就像题目对 a、e 和 t 所做的那样；然后用 0 补齐到 8 个编码。")
def test_kiitos(kiitos_codes, tk):
    kiitos_right = tk.checks.matches(kiitos_codes, 'bd76738d843c27de')
    assert kiitos_right

@test_case(points=None, hidden=False, 
    failure_message="字母表之外的字母（这里是 ö 和 z）编码为 1，而不是一个新编号；用 0 补齐到 8 个编码。")
def test_koszi(koszi_codes, tk):
    koszi_right = tk.checks.matches(koszi_codes, '42465eb098d51364')
    assert koszi_right

