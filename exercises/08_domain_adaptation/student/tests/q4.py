from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Average the accuracy over the seeds of each method, then take the method with the highest mean.")
def test_best_method(best_method, tk):
    right_method = tk.checks.matches(best_method, 'fd1b23863c4d469d')
    assert right_method

@test_case(points=None, hidden=False, 
    failure_message="The gain is the difference of the two means, in points (one point is 0.01 of accuracy).")
def test_best_gain(best_gain, tk):
    right_gain = tk.checks.matches(best_gain, '8771a6c04174b7f7', decimals=2)
    assert right_gain

