from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="The glyph classifier is f_specific_glyph(f_shared(x)): which part of it does fine-tuning on digits change?")
def test_forgetting(keep_unchanged, tk):
    right_choice = tk.checks.matches(keep_unchanged, 'fd086c0082b63763')
    assert right_choice

