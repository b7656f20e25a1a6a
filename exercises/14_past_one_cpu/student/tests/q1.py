from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="fit's batch_size is the global batch: the examples of one step on all the replicas together (a whole number).")
def test_global_batch(global_batch_size, strategy):
    per_replica = global_batch_size / strategy.num_replicas_in_sync
    a_whole_number = isinstance(global_batch_size, int)
    assert per_replica == 32
    assert a_whole_number

