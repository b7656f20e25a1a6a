from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="字形分类器是 f_specific_glyph(f_shared(x))：在数字上微调会改变它的哪一部分？")
def test_forgetting(keep_unchanged, tk):
    right_choice = tk.checks.matches(keep_unchanged, 'fd086c0082b63763')
    assert right_choice

