from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="fit 的 batch_size 是全局批次：所有副本在一步中的样本加在一起（一个整数）。")
def test_global_batch(global_batch_size, strategy):
    per_replica = global_batch_size / strategy.num_replicas_in_sync
    a_whole_number = isinstance(global_batch_size, int)
    assert per_replica == 32
    assert a_whole_number

