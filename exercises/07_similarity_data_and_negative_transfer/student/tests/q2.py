from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Worse on every seed means that even the best seed's gain was negative: which column of a gains row holds the best seed's gain? A missing source counts as wrong too; strip the strategy prefix to get the source name.")
def test_negative(negative, tk):
    source_names = isinstance(negative, set) and negative <= set(tk.sources.SOURCE_TASKS)
    exactly_those_sources = tk.checks.matches(negative, 'e0d4f0c233bcf131')
    assert source_names
    assert exactly_those_sources

