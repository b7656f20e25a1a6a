from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Check each statement against the chapter: the data cards (which voices?), tk.text.encode_words, the study's 100-label column, and 'What this shows, and what it does not'.")
def test_statements(true_statements, tk):
    right_statements = tk.checks.matches(set(true_statements), 'eb31469fc2d9d21c')
    assert right_statements

