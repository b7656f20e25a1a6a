from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="每个副本只看到全局批次中的一份，而各副本的损失会被相加：这个副本的损失要在整个全局批次上取平均，而不是只在它自己那一份上取平均（另外请检查问题 1 的答案 `global_batch_size` 是否就是全局批次）。")
def test_averaged_over_the_global_batch(compute_loss, strategy, np, tf):
    labels, probabilities = (np.arange(32) % 10, np.full((32, 10), 0.1, 'float32'))

    def replica_loss():
        return compute_loss(tf.constant(labels), tf.constant(probabilities))

    def step():
        return strategy.run(replica_loss)
    summed = float(strategy.reduce('SUM', tf.function(step, autograph=False)(), axis=None))
    assert np.isclose(summed, np.log(10), rtol=1e-05)

@test_case(points=None, hidden=False, 
    failure_message="对这个副本中各样本的交叉熵取平均：一个确信且正确的预测，损失接近 0。")
def test_per_example_cross_entropy(compute_loss, global_batch_size, np):
    labels = np.arange(global_batch_size) % 10
    sure = np.eye(10, dtype='float32')[labels] * 0.99 + 0.001
    assert float(np.asarray(compute_loss(labels, sure))) < 0.02

