from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="交叉熵需要标签：在领域自适应中，哪个领域有标签？")
def test_labelled_domain(labelled_domain, tk):
    right_domain = tk.checks.matches(labelled_domain, '073171f7f5e1438a')
    assert right_domain

