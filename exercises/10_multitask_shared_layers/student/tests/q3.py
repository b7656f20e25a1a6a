from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Two separate models: each has its own copy of f_shared (the set-up cell printed its size) and its own head (one weight per feature of shared's output and class, plus one bias per class).")
def test_separate(separate_parameters, tk):
    separate_right = tk.checks.matches(separate_parameters, '5484816fea03434e')
    assert separate_right

@test_case(points=None, hidden=False, 
    failure_message="The multi-task model has one f_shared and both heads.")
def test_multitask(multitask_parameters, tk):
    multitask_right = tk.checks.matches(multitask_parameters, 'c510819133021bac')
    assert multitask_right

