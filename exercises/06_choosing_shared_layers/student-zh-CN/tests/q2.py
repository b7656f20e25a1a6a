from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="先把每一列中心化（减去列均值）；对矩阵使用 np.linalg.norm 得到的就是 Frobenius 范数。")
def test_cka(cka, np, tk):
    rng = np.random.default_rng(1)
    a, b = (rng.normal(size=(50, 4)) + 3, rng.normal(size=(50, 6)))
    same_as_the_reference = np.isclose(cka(a, b), tk.similarity.linear_cka(a, b), atol=1e-06)
    one_for_a_scaled_copy = np.isclose(cka(a, 2 * a), 1.0)
    assert same_as_the_reference
    assert one_for_a_scaled_copy

