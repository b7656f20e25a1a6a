from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Chapter 05 ran it: what does compile fix about the weights the optimizer updates?")
def test_trap_1(trains_without_recompile, tk):
    right_answer = tk.checks.matches(trains_without_recompile, 'fcbcf165908dd18a')
    assert right_answer

