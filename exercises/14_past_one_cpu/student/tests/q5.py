from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Both machines get the same cluster: the two addresses as the question lists them (worker 0 first), grouped under the role both machines play.")
def test_cluster(tf_config, tk):
    same_cluster = isinstance(tf_config, dict) and tk.checks.matches(tf_config.get('cluster'), '674ae29e5ed3a987')
    assert same_cluster

@test_case(points=None, hidden=False, 
    failure_message="Besides the cluster, TF_CONFIG says which machine this is: its role, and its place in the cluster's list, counting from 0 (chapter 14 shows the TF_CONFIG of worker 0).")
def test_this_machine(tf_config, tk):
    this_machine = isinstance(tf_config, dict) and tk.checks.matches(tf_config.get('task'), '539df9b5866d350e')
    assert this_machine

