from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Number the letters of the alphabet from 2 in the order they are written, as the question does for a, e and t; then pad with 0 up to 8 codes.")
def test_kiitos(kiitos_codes, tk):
    kiitos_right = tk.checks.matches(kiitos_codes, 'bd76738d843c27de')
    assert kiitos_right

@test_case(points=None, hidden=False, 
    failure_message="Letters outside the alphabet (here ö and z) get the code 1, not a new number; pad with 0 up to 8 codes.")
def test_koszi(koszi_codes, tk):
    koszi_right = tk.checks.matches(koszi_codes, '42465eb098d51364')
    assert koszi_right

