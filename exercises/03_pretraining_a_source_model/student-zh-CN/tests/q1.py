from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="用 source_model.get_layer 和上面打印出的层名。")
def test_two_parts(base_model, head, tk):
    f_shared_gives_features = base_model.output_shape == (None, 128)
    head_has_a_unit_per_glyph_class = head.units == len(tk.pretrained.source_info()['class_names'])
    assert f_shared_gives_features
    assert head_has_a_unit_per_glyph_class

