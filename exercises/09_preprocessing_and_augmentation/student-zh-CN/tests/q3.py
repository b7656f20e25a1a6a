from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="训练发生在 fit 中；看看第 9 章的预处理实验度量了什么。")
def test_statement(statement, tk):
    right_statement = tk.checks.matches(statement, '955cca1ceba45052')
    assert right_statement

