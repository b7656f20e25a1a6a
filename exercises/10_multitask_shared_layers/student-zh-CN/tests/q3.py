from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="两个独立的模型：每个都有自己的一份 f_shared（设置单元格打印了它的大小）和自己的分类头（shared 输出的每个特征与每个类别之间一个权重，外加每个类别一个偏置）。")
def test_separate(separate_parameters, tk):
    separate_right = tk.checks.matches(separate_parameters, '5484816fea03434e')
    assert separate_right

@test_case(points=None, hidden=False, 
    failure_message="多任务模型只有一个 f_shared，外加两个分类头。")
def test_multitask(multitask_parameters, tk):
    multitask_right = tk.checks.matches(multitask_parameters, 'c510819133021bac')
    assert multitask_right

