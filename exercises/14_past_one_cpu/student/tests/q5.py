from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Every worker gets the same cluster, both machines in the chief's order, under the key 'worker'.")
def test_cluster(tf_config):
    same_cluster = isinstance(tf_config, dict) and tf_config.get('cluster') == {'worker': ['10.0.0.1:2222', '10.0.0.2:2222']}
    assert same_cluster

@test_case(points=None, hidden=False, 
    failure_message="The task says what this machine is: its type, and its index in the cluster's list (counting from 0).")
def test_task(tf_config):
    this_machine = isinstance(tf_config, dict) and tf_config.get('task') == {'type': 'worker', 'index': 1}
    assert this_machine

