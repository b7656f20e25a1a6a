from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="LEEP 是平均对数似然，所以这里是负数；把联合分布除以它的列和（对 y 求和）就得到 P(y | z)。")
def test_leep(score, theta, y, np, tk):
    same_as_the_reference = np.isclose(score, tk.similarity.leep(theta, y), atol=1e-06)
    assert same_as_the_reference

