from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Use source_model.get_layer with the layer names printed above.")
def test_two_parts(base_model, head, tk):
    f_shared_gives_features = base_model.output_shape == (None, 128)
    head_has_a_unit_per_glyph_class = head.units == len(tk.pretrained.source_info()['class_names'])
    assert f_shared_gives_features
    assert head_has_a_unit_per_glyph_class

