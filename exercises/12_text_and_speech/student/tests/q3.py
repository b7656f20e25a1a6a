from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="The first frame starts at sample 0 and the last must end inside the clip: 1 + (samples - 512) // 441 frames.")
def test_frames(num_frames, tk):
    frames_right = tk.checks.matches(num_frames, '8c1f1046219ddd21')
    assert frames_right

@test_case(points=None, hidden=False, 
    failure_message="The spectrogram (frames x 257 frequencies) is multiplied by the matrix to give frames x 40 bands: (rows, columns).")
def test_mel_shape(mel_matrix_shape, tk):
    shape_right = tk.checks.matches(mel_matrix_shape, '9dbff6f8b8d449db')
    assert shape_right

