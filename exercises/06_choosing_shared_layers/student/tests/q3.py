from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Reread chapter 06's 'What the numbers say': what does MMD measure, and what did the probes measure?")
def test_conclusion(conclusion, tk):
    right_statement = tk.checks.matches(conclusion, '955cca1ceba45052')
    assert right_statement

