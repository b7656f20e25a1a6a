from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="epsilon is the error as a fraction, not a percentage; then apply the formula.")
def test_distance(distance, tk):
    right_distance = tk.checks.matches(distance, 'ec6c168f4411ec8f')
    assert right_distance

@test_case(points=None, hidden=False, 
    failure_message="A classifier that cannot tell the domains apart can only guess between two: what error does guessing give?")
def test_indistinguishable(indistinguishable, tk):
    right_error = tk.checks.matches(indistinguishable, 'd2cbad71ff333de6')
    assert right_error

