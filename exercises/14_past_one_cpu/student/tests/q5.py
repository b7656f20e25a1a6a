from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Every machine gets the same cluster: both addresses, the chief's first, listed under the role they play.")
def test_cluster(tf_config, tk):
    same_cluster = isinstance(tf_config, dict) and tk.checks.matches(tf_config.get('cluster'), '674ae29e5ed3a987')
    assert same_cluster

@test_case(points=None, hidden=False, 
    failure_message="Besides the cluster, TF_CONFIG says which member of it this machine is, counting from 0 (chapter 14 writes the one of worker 0).")
def test_this_machine(tf_config, tk):
    this_machine = isinstance(tf_config, dict) and tk.checks.matches(tf_config.get('task'), '539df9b5866d350e')
    assert this_machine

