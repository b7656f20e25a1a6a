from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="第一帧从第 0 个采样点开始，每一帧都必须在录音内结束：这段录音有多少个采样点？第一帧之后还能放下多少帧？")
def test_frames(num_frames, tk):
    frames_right = tk.checks.matches(num_frames, '8c1f1046219ddd21')
    assert frames_right

@test_case(points=None, hidden=False, 
    failure_message="第 12 章计算对数梅尔声谱图的那一步把声谱图乘以这个矩阵（spectrogram @ matrix）：矩阵乘积的内侧维度必须一致。请给出 (行数, 列数)。")
def test_mel_shape(mel_matrix_shape, tk):
    shape_right = tk.checks.matches(mel_matrix_shape, '9dbff6f8b8d449db')
    assert shape_right

