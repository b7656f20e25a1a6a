from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="两台机器得到的集群相同：两个地址按题目列出的顺序（工作进程 0 在前），归在两台机器共同扮演的角色之下。")
def test_cluster(tf_config, tk):
    same_cluster = isinstance(tf_config, dict) and tk.checks.matches(tf_config.get('cluster'), '674ae29e5ed3a987')
    assert same_cluster

@test_case(points=None, hidden=False, 
    failure_message="除了集群，TF_CONFIG 还说明这是哪一台机器：它的角色，以及它在集群列表中的位置，从 0 开始数（第 14 章给出了工作进程 0 的 TF_CONFIG）。")
def test_this_machine(tf_config, tk):
    this_machine = isinstance(tf_config, dict) and tk.checks.matches(tf_config.get('task'), '539df9b5866d350e')
    assert this_machine

