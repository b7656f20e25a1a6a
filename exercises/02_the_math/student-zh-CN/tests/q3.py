from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="一个 Dense 层对每一对 (输入, 单元) 有一个权重，另外每个单元有一个偏置。")
def test_counts(shared_parameters, specific_parameters, tk):
    shared_count_right = tk.checks.matches(shared_parameters, '4e49800fbc3cefb7')
    specific_count_right = tk.checks.matches(specific_parameters, '5426d2ca50f244fb')
    assert shared_count_right
    assert specific_count_right

