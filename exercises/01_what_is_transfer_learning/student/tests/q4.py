from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False, 
    failure_message="Not the right set of letters (a missing letter counts as wrong too). Reread chapter 01's 'What the numbers say' and its table of strategies, and remember why the course repeats every run over seeds.")
def test_statements(supported, tk):
    letters_only = set(supported) <= {'A', 'B', 'C', 'D'}
    exactly_the_supported_ones = tk.checks.matches(set(supported), 'ad1a4e9f8ae913d5')
    assert letters_only
    assert exactly_the_supported_ones

