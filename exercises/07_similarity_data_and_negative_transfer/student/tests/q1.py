from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="LEEP is a mean log-likelihood, so it is negative here; divide the joint by its column sums (over y) to get P(y | z).")
def test_leep(score, theta, y, np, tk):
    same_as_the_reference = np.isclose(score, tk.similarity.leep(theta, y), atol=1e-06)
    assert same_as_the_reference

