from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Cross-entropy needs labels: which domain has them in domain adaptation?")
def test_labelled_domain(labelled_domain, tk):
    right_domain = tk.checks.matches(labelled_domain, '073171f7f5e1438a')
    assert right_domain

