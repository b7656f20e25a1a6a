from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Each replica sees only its part of the global batch, and the replicas' losses are summed: average this replica's losses over the whole global batch, not over its own part (and check that `global_batch_size`, your answer to question 1, is the global batch).")
def test_averaged_over_the_global_batch(compute_loss, strategy, np, tf):
    labels, probabilities = (np.arange(32) % 10, np.full((32, 10), 0.1, 'float32'))

    def replica_loss():
        return compute_loss(tf.constant(labels), tf.constant(probabilities))

    def step():
        return strategy.run(replica_loss)
    summed = float(strategy.reduce('SUM', tf.function(step, autograph=False)(), axis=None))
    assert np.isclose(summed, np.log(10), rtol=1e-05)

@test_case(points=None, hidden=False, 
    failure_message="Average the per-example cross-entropy of this replica's examples: a sure right answer has a loss near 0.")
def test_per_example_cross_entropy(compute_loss, global_batch_size, np):
    labels = np.arange(global_batch_size) % 10
    sure = np.eye(10, dtype='float32')[labels] * 0.99 + 0.001
    assert float(np.asarray(compute_loss(labels, sure))) < 0.02

