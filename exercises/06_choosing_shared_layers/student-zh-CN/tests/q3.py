from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="重读第 6 章的“数字说明了什么”：MMD 度量的是什么，探测度量的又是什么？")
def test_conclusion(conclusion, tk):
    right_statement = tk.checks.matches(conclusion, '955cca1ceba45052')
    assert right_statement

