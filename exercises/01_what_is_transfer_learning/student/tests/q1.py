from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False, 
    failure_message="Keep the six items as they are and give each one of the six words, spelled as listed: every word is used exactly once.")
def test_each_word_once(roles, tk):
    same_items = tk.checks.matches(sorted(roles), '98c9ff3a4dc10ce1')
    each_word_exactly_once = tk.checks.matches(sorted(map(str, roles.values())), '7ee903ae392c1c6c')
    assert same_items
    assert each_word_exactly_once

@test_case(points=None, hidden=False, 
    failure_message="Some items have the wrong word. Ask of each: is it a task (which one came first?), a network, a part of a network (reused or new?), or a way of reusing?")
def test_every_role(roles, tk):
    every_role_right = tk.checks.matches(roles, '4ad9aeac1caf5315')
    assert every_role_right

