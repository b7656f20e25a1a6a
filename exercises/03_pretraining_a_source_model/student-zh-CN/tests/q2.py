from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="把模型保存到 path，再用 keras.saving 从同一路径加载回来。")
def test_save_and_load(path, small, reloaded, np):
    import os
    saved = os.path.exists(path)
    loaded_a_new_model = reloaded is not small
    probe = np.ones((2, 3), 'float32')
    same_predictions = np.allclose(reloaded.predict(probe, verbose=0), small.predict(probe, verbose=0))
    assert saved
    assert loaded_a_new_model
    assert same_predictions

