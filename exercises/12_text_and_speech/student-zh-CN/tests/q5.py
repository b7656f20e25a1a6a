from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="对照本章逐条检查：数据卡片（哪些声音？）、tk.text.encode_words、研究中 100 个标注那一列，以及“这说明了什么，又没有说明什么”。")
def test_statements(true_statements, tk):
    right_statements = tk.checks.matches(set(true_statements), 'eb31469fc2d9d21c')
    assert right_statements

