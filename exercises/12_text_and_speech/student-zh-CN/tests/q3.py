from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="第一帧从第 0 个采样点开始，最后一帧必须在录音内结束：帧数是 1 + (采样点数 - 512) // 441。")
def test_frames(num_frames, tk):
    frames_right = tk.checks.matches(num_frames, '8c1f1046219ddd21')
    assert frames_right

@test_case(points=None, hidden=False, 
    failure_message="声谱图（帧数 x 257 个频率）乘以这个矩阵，得到帧数 x 40 个频带：(行数, 列数)。")
def test_mel_shape(mel_matrix_shape, tk):
    shape_right = tk.checks.matches(mel_matrix_shape, '9dbff6f8b8d449db')
    assert shape_right

