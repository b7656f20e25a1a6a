from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="每台机器得到的集群都相同：两个地址，主工作进程的在前，列在它们所扮演的角色之下。")
def test_cluster(tf_config, tk):
    same_cluster = isinstance(tf_config, dict) and tk.checks.matches(tf_config.get('cluster'), '674ae29e5ed3a987')
    assert same_cluster

@test_case(points=None, hidden=False, 
    failure_message="除了集群，TF_CONFIG 还说明这台机器是其中的哪一个成员，从 0 开始数（第 14 章写出了工作进程 0 的那一份）。")
def test_this_machine(tf_config, tk):
    this_machine = isinstance(tf_config, dict) and tk.checks.matches(tf_config.get('task'), '539df9b5866d350e')
    assert this_machine

