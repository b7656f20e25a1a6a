import os

import numpy as np
import pytest

import transferkit as tk
from transferkit import glyphs


def test_make_glyphs_returns_labelled_images_in_unit_range():
    images, labels, names = tk.data.make_glyphs("digits", num_per_class=3, seed=0)
    assert images.shape == (30, 28, 28, 1) and images.dtype == np.float32
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert names == list("0123456789") and labels.tolist() == sorted(labels.tolist())
    assert all(image.sum() > 5 for image in images)  # every glyph has ink


def test_same_seed_same_glyphs_other_seed_other_glyphs():
    first = tk.data.make_glyphs(["a", "b"], num_per_class=4, seed=3)[0]
    again = tk.data.make_glyphs(["a", "b"], num_per_class=4, seed=3)[0]
    other = tk.data.make_glyphs(["a", "b"], num_per_class=4, seed=4)[0]
    assert np.array_equal(first, again) and not np.array_equal(first, other)


def test_ink_is_centred_like_mnist():
    images = tk.data.make_glyphs("digits", num_per_class=5, seed=0,
                                 style=tk.data.GlyphStyle(shift=0.0, rotation=0))[0][..., 0]
    rows, columns = np.indices(images.shape[1:])
    for image in images:
        centre = np.array([(rows * image).sum(), (columns * image).sum()]) / image.sum()
        assert np.all(np.abs(centre - 13.5) < 1.6)


def test_style_controls_size_and_noise():
    small = tk.data.make_glyphs(["O"], 5, style=tk.data.GlyphStyle(size=(0.3, 0.3)))[0]
    large = tk.data.make_glyphs(["O"], 5, style=tk.data.GlyphStyle(size=(0.9, 0.9)))[0]
    assert (small > 0.5).sum() < (large > 0.5).sum()
    noisy = tk.data.make_glyphs(["O"], 2, style=tk.data.GlyphStyle(noise=0.2))[0]
    assert (noisy[:, :3, :3] > 0).any()  # noise reaches the empty corners


def test_look_alike_characters_become_one_class():
    characters = glyphs.glyph_characters(["latin_upper", "greek", "cyrillic"])
    assert "A" in characters and "\u0391" not in characters and "\u0410" not in characters
    assert "\u03a9" in characters and "\u0416" in characters  # Omega, Zhe: distinct shapes
    assert len(characters) == len(set(characters))


def test_fonts_for_keeps_computer_modern_to_letters_and_digits():
    assert "cmr10.ttf" in glyphs.fonts_for("a")
    assert "cmr10.ttf" not in glyphs.fonts_for("\u2200")  # the cm fonts hold TeX symbols there
    assert glyphs.fonts_for("\u2200")


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="Unknown scripts \\['klingon'\\]"):
        glyphs.glyph_characters(["klingon"])
    with pytest.raises(ValueError, match="single characters"):
        tk.data.make_glyphs(["ab"])
    with pytest.raises(ValueError, match="num_per_class"):
        tk.data.make_glyphs("digits", num_per_class=0)
    with pytest.raises(ValueError, match="No font can draw"):
        tk.data.make_glyphs(["\u4e2d"])


def test_rendering_is_fast_enough_for_a_notebook():
    import time

    start = time.perf_counter()
    tk.data.make_glyphs("latin_lower", num_per_class=40, seed=0)
    assert time.perf_counter() - start < 10  # 1,000 images; about 0.5 s here


def test_every_font_is_found_whatever_the_matplotlib(monkeypatch, tmp_path):
    """matplotlib 3.10 (the last for Python 3.10) lacks cmti10.ttf: the kit's own copy stands in."""
    from transferkit import glyphs

    for font in glyphs.TEXT_FONTS + glyphs.ALPHANUMERIC_FONTS:
        assert os.path.exists(glyphs.font_path(font)), font
    monkeypatch.setattr(glyphs, "font_directory", lambda: str(tmp_path))  # a matplotlib without cmti10
    assert glyphs.font_path("cmti10.ttf").startswith(glyphs.SHIPPED_FONTS)
