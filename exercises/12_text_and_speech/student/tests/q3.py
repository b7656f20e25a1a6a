from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="The first frame starts at sample 0 and every frame must end inside the clip: how many samples does the clip hold, and how many more frames fit after the first one?")
def test_frames(num_frames, tk):
    frames_right = tk.checks.matches(num_frames, '8c1f1046219ddd21')
    assert frames_right

@test_case(points=None, hidden=False, 
    failure_message="Chapter 12's log-mel step multiplies the spectrogram by this matrix (spectrogram @ matrix): in a matrix product the inner sizes must match. Give (rows, columns).")
def test_mel_shape(mel_matrix_shape, tk):
    shape_right = tk.checks.matches(mel_matrix_shape, '9dbff6f8b8d449db')
    assert shape_right

