"""An endless, offline source task: labelled glyphs rendered from the fonts matplotlib ships.

A glyph is one character drawn in one font, with a random size, stroke width, rotation and shift,
centred like MNIST digits (white ink on black, 28x28 by default). Characters come in named
*scripts* (digits, Latin, Greek, Cyrillic, Armenian, Hebrew, Georgian, math symbols, ...), so a
learner can dial how similar a source task is to handwritten digits: font digits are close,
Latin letters further, Hebrew or math symbols further still.

Example:
    >>> import transferkit as tk
    >>> images, labels, class_names = tk.data.make_glyphs("digits", num_per_class=2, seed=0)
    >>> images.shape, class_names[:3]
    ((20, 28, 28, 1), ['0', '1', '2'])
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import numpy as np

from transferkit._checks import whole_number

# Characters by script. Letters that look the same as an earlier script's (Greek "A", Cyrillic "O")
# are removed by `glyph_characters`, so that no two classes are the same picture.
SCRIPTS = {
    "digits": "0123456789",
    "latin_upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "latin_lower": "abcdefghijklmnopqrstuvwxyz",
    "greek": "".join(map(chr, [*range(0x391, 0x3A2), *range(0x3A3, 0x3AA), *range(0x3B1, 0x3CA)])),
    "cyrillic": "".join(map(chr, range(0x410, 0x450))),
    "armenian": "".join(map(chr, [*range(0x531, 0x557), *range(0x561, 0x587)])),
    "hebrew": "".join(map(chr, range(0x5D0, 0x5EB))),
    "georgian": "".join(map(chr, range(0x10D0, 0x10FB))),
    "math": "∀∂∃∅∇∈∉∋∏∑−∓∗∘√∝∞∟∠∡∢∣∥∧∨∩∪∫∬∮∴∵∼≃≅≈≠≡≤≥≪≫⊂⊃⊄⊆⊇⊕⊖⊗⊘⊙⊢⊣⊤⊥⋄⋆⌀⌈⌉⌊⌋",
    "arrows": "←↑→↓↔↕↖↗↘↙↚↛↜↝↞↟↠↡↢↣↤↥↦↧↨↩↪↫↬↭↮↯↰↱↲↳↴↵↶↷↺↻⇄⇅⇆⇇⇈⇉⇊⇋⇌⇐⇑⇒⇓⇔⇕",
    "shapes": "■□▢▣▤▥▦▧▨▩▪▫▬▭▮▯▰▱▲△▴▵▶▷▸▹►▻▼▽▾▿◀◁◂◃◄◅◆◇◈◉◊○◌◍◎●◐◑◒◓◔◕◖◗",
}
# Fonts that draw these scripts faithfully. The Computer Modern fonts only for letters and digits:
# their other code points hold TeX symbols.
TEXT_FONTS = (
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
    "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSansMono-Oblique.ttf",
    "DejaVuSansMono-BoldOblique.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf", "STIXGeneral.ttf", "STIXGeneralBol.ttf",
    "STIXGeneralItalic.ttf", "STIXGeneralBolIta.ttf",
)
ALPHANUMERIC_FONTS = ("cmr10.ttf", "cmss10.ttf", "cmti10.ttf", "cmtt10.ttf", "cmb10.ttf")
ALPHANUMERIC = set(SCRIPTS["digits"] + SCRIPTS["latin_upper"] + SCRIPTS["latin_lower"])


@dataclass(frozen=True)
class GlyphStyle:
    """How much glyphs vary. Fractions are of the image size; angles in degrees.

    Attributes:
        size: range of the glyph's longer side (MNIST digits fill about 0.7).
        stroke_width: range of extra stroke thickness, in pixels of the 28-pixel image.
        rotation: largest rotation either way.
        slant: largest horizontal shear either way (0.25 leans the top a quarter of the height).
        shift: largest shift of the centre either way.
        noise: standard deviation of Gaussian pixel noise (0 for none).
    """

    size: tuple[float, float] = (0.55, 0.8)
    stroke_width: tuple[float, float] = (0.3, 2.0)
    rotation: float = 15.0
    slant: float = 0.0
    shift: float = 0.08
    noise: float = 0.0


def font_directory() -> str:
    import matplotlib

    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf")


# Fonts the course needs that an older matplotlib lacks (3.10, the last for Python 3.10, has no cmti10):
# shipped with transferkit, under their licence (transferkit/fonts/LICENSE_BAKOMA.txt).
SHIPPED_FONTS = os.path.join(os.path.dirname(__file__), "fonts")


def font_path(font: str) -> str:
    """Return the file of `font`: matplotlib's copy, or transferkit's where matplotlib has none.

    Example:
        >>> os.path.basename(font_path("cmti10.ttf"))
        'cmti10.ttf'
    """
    path = os.path.join(font_directory(), font)
    return path if os.path.exists(path) else os.path.join(SHIPPED_FONTS, font)


@functools.lru_cache(maxsize=None)
def _font_coverage(font: str) -> frozenset:
    from fontTools.ttLib import TTFont

    cmap = TTFont(font_path(font), lazy=True).getBestCmap() or {}
    return frozenset(chr(code) for code in cmap)


def fonts_for(character: str, fonts=None) -> list[str]:
    """Return the fonts (file names) that can draw `character` faithfully."""
    candidates = fonts or (TEXT_FONTS + ALPHANUMERIC_FONTS)
    return [font for font in candidates
            if character in _font_coverage(font)
            and (font not in ALPHANUMERIC_FONTS or character in ALPHANUMERIC)]


@functools.lru_cache(maxsize=4096)
def _font(font: str, pixels: int):
    from PIL import ImageFont

    return ImageFont.truetype(font_path(font), pixels)


def _render(character: str, font: str, image_size: int, rng: np.random.Generator,
            style: GlyphStyle) -> np.ndarray:
    from PIL import Image, ImageDraw

    scale = 2  # draw large, then shrink: smooth edges like a scanned pen stroke
    canvas = image_size * scale * 2
    pixels = image_size * scale
    stroke = int(round(rng.uniform(*style.stroke_width) * scale / 2))
    picture = Image.new("L", (canvas, canvas), 0)
    ImageDraw.Draw(picture).text((canvas / 2, canvas / 2), character, fill=255,
                                 font=_font(font, pixels), anchor="mm",
                                 stroke_width=stroke, stroke_fill=255)
    if style.slant:
        shear = rng.uniform(-style.slant, style.slant)
        picture = picture.transform(picture.size, Image.AFFINE, (1, shear, -shear * canvas / 2, 0, 1, 0),
                                    resample=Image.BILINEAR)
    picture = picture.rotate(rng.uniform(-style.rotation, style.rotation),
                             resample=Image.BILINEAR)
    box = picture.getbbox()
    if box is None:
        return np.zeros((image_size, image_size), "float32")
    picture = picture.crop(box)
    width, height = picture.size
    longest = rng.uniform(*style.size) * image_size
    factor = longest / max(width, height)
    new_size = (max(1, round(width * factor)), max(1, round(height * factor)))
    glyph = np.asarray(picture.resize(new_size, Image.LANCZOS), dtype="float32") / 255.0
    image = np.zeros((image_size, image_size), "float32")
    # centre the ink's centre of mass (as MNIST does), then shift at random
    total = glyph.sum() or 1.0
    rows, columns = np.indices(glyph.shape)
    centre = np.array([(rows * glyph).sum(), (columns * glyph).sum()]) / total
    offset = rng.uniform(-style.shift, style.shift, size=2) * image_size
    top, left = np.round(image_size / 2 - centre + offset).astype(int)
    top = int(np.clip(top, 0, image_size - glyph.shape[0]))
    left = int(np.clip(left, 0, image_size - glyph.shape[1]))
    image[top:top + glyph.shape[0], left:left + glyph.shape[1]] = glyph[:image_size, :image_size]
    if style.noise:
        image = image + rng.normal(0, style.noise, image.shape).astype("float32")
    return np.clip(image, 0.0, 1.0)


def glyph_characters(scripts, fonts=None, min_fonts: int = 3) -> list[str]:
    """List the distinct characters of some scripts that enough fonts can draw.

    A character is dropped when fewer than `min_fonts` fonts draw it, or when it looks the same as
    a character listed before it (Greek "Α" after Latin "A"): two classes must not be one picture.

    Args:
        scripts: names from `SCRIPTS` (e.g. `["digits", "greek"]`), or one name.
        fonts: font file names to draw with; all usable fonts when None.
        min_fonts: how many fonts must draw a character for it to be kept.

    Returns:
        The characters, in script order.

    Raises:
        ValueError: if a script name is unknown.

    Example:
        >>> chars = glyph_characters(["latin_upper", "greek"])
        >>> "A" in chars, "\\u0391" in chars, "\\u03a9" in chars  # Greek Alpha looks like A; Omega does not
        (True, False, True)
    """
    if isinstance(scripts, str):
        scripts = [scripts]
    unknown = [name for name in scripts if name not in SCRIPTS]
    if unknown:
        raise ValueError(f"Unknown scripts {unknown}. Received: scripts={list(scripts)}. "
                         f"Expected names from {sorted(SCRIPTS)}.")
    kept, pictures = [], []
    rng = np.random.default_rng(0)
    plain = GlyphStyle(size=(0.8, 0.8), stroke_width=(0, 0), rotation=0, shift=0)
    for name in scripts:
        for character in SCRIPTS[name]:
            usable = fonts_for(character, fonts)
            if len(usable) < min_fonts or character in kept:
                continue
            picture = np.concatenate([_render(character, font, 20, rng, plain).ravel()
                                      for font in usable[:3]])
            if any(np.abs(picture - other).mean() < 0.02 for other in pictures
                   if len(other) == len(picture)):
                continue
            kept.append(character)
            pictures.append(picture)
    return kept


def make_glyphs(characters="digits", num_per_class: int = 100, image_size: int = 28,
                fonts=None, style: GlyphStyle | None = None, seed: int = 0):
    """Render a labelled dataset of glyphs: every character drawn `num_per_class` times.

    Args:
        characters: a script name (`"digits"`), a list of script names (`["greek", "hebrew"]`),
            or an explicit list of single characters (`["a", "b"]`).
        num_per_class: images per character.
        image_size: side of the square images, in pixels.
        fonts: font file names to draw with (see `TEXT_FONTS`); all usable fonts when None.
        style: how much size, stroke, rotation, shift and noise vary; `GlyphStyle()` when None.
        seed: seed of every random choice, so the same call gives the same images.

    Returns:
        `(images, labels, class_names)`: float32 images in [0, 1] of shape
        (len(class_names) * num_per_class, image_size, image_size, 1), int64 labels, and the
        character of each label.

    Raises:
        ValueError: for unknown scripts, characters no font can draw, or sizes below 1.

    Example:
        >>> images, labels, names = make_glyphs(["a", "b"], num_per_class=3, image_size=16, seed=1)
        >>> images.shape, labels.tolist(), names
        ((6, 16, 16, 1), [0, 0, 0, 1, 1, 1], ['a', 'b'])
    """
    style = style or GlyphStyle()
    num_per_class = whole_number("num_per_class", num_per_class)
    image_size = whole_number("image_size", image_size)
    if isinstance(characters, str) or (characters and all(c in SCRIPTS for c in characters)):
        class_names = glyph_characters(characters, fonts)
    else:
        class_names = list(characters)
        bad = [c for c in class_names if not isinstance(c, str) or len(c) != 1]
        if bad:
            raise ValueError(f"`characters` must be script names or single characters. Received: {bad[:5]}. "
                             f"Script names are {sorted(SCRIPTS)}.")
    if not class_names:
        raise ValueError("No characters to draw. Pass script names such as 'digits' or a list of characters.")
    missing = [c for c in class_names if not fonts_for(c, fonts)]
    if missing:
        raise ValueError(f"No font can draw {missing[:5]}. Received: characters={class_names[:10]}... "
                         "Pick characters from `SCRIPTS`, or other fonts.")
    rng = np.random.default_rng(seed)
    images = np.empty((len(class_names) * num_per_class, image_size, image_size, 1), "float32")
    labels = np.repeat(np.arange(len(class_names), dtype="int64"), num_per_class)
    index = 0
    for character in class_names:
        usable = fonts_for(character, fonts)
        for _ in range(num_per_class):
            font = usable[rng.integers(len(usable))]
            images[index, ..., 0] = _render(character, font, image_size, rng, style)
            index += 1
    return images, labels, class_names
