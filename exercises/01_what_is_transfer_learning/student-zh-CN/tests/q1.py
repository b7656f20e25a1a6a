from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False, 
    failure_message="保持六个项目不变，给每一项配上六个词中的一个，拼写与列出的完全一致：每个词恰好用一次。")
def test_each_word_once(roles, tk):
    same_items = tk.checks.matches(sorted(roles), '98c9ff3a4dc10ce1')
    each_word_exactly_once = tk.checks.matches(sorted(map(str, roles.values())), '7ee903ae392c1c6c')
    assert same_items
    assert each_word_exactly_once

@test_case(points=None, hidden=False, 
    failure_message="有些项目配错了词。逐项问自己：它是一个任务（哪个在先？），一个网络，网络的一部分（复用的还是新的？），还是一种复用的方式？")
def test_every_role(roles, tk):
    every_role_right = tk.checks.matches(roles, '4ad9aeac1caf5315')
    assert every_role_right

