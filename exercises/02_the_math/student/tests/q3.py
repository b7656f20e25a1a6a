from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="A Dense layer has one weight per (input, unit) pair plus one bias per unit.")
def test_counts(shared_parameters, specific_parameters, tk):
    shared_count_right = tk.checks.matches(shared_parameters, '4e49800fbc3cefb7')
    specific_count_right = tk.checks.matches(specific_parameters, '5426d2ca50f244fb')
    assert shared_count_right
    assert specific_count_right

