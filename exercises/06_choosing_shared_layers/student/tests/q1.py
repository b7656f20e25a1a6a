from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Share the layer whose features serve the target best; the source's specific layer is a candidate only if it is better.")
def test_cut(cut_at, tk):
    right_layer = tk.checks.matches(cut_at, '0887c2531f858ccd')
    assert right_layer

