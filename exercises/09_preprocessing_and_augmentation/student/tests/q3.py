from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Training happens in fit; look at what chapter 09's preprocessing experiment measured.")
def test_statement(statement, tk):
    right_statement = tk.checks.matches(statement, '955cca1ceba45052')
    assert right_statement

