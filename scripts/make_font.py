"""The Chinese font transferkit ships: Noto Sans CJK SC (SIL Open Font License 1.1), cut to what the course needs.

Plots on the Chinese track draw Chinese labels, and most machines (Debian, Binder, Colab, many
Windows and macOS set-ups seen by matplotlib) have no CJK font that matplotlib finds: it then draws
empty boxes and warns "Glyph ... missing from font". transferkit ships its own, so the plots look
the same everywhere, offline: the Simplified-Chinese Noto Sans CJK face subset with fontTools to
GB 2312's symbols and first level of characters (the 3,755 most used), plus every character of the
package's catalog, in about 0.9 MB.

The subset is made once, by a maintainer, from a full Noto Sans CJK file (Debian: `apt install
fonts-noto-cjk`; or the `NotoSansCJK-Regular.ttc` / `NotoSansCJKsc-Regular.otf` of
github.com/notofonts/noto-cjk), named by `TRANSFERKIT_CJK_SOURCE_FONT` or found in the usual place.
`python3 course.py translate` checks that the shipped font covers the catalog and remakes it when
it does not.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "transferkit" / "fonts" / "NotoSansCJKsc-transferkit.otf"
SOURCES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
           "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
           "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc")
SIMPLIFIED_CHINESE_FACE = "Noto Sans CJK SC"


def gb2312_characters() -> str:
    """GB 2312's symbol rows and its first level of characters: the 3,755 most used Chinese characters."""
    characters = []
    for high in range(0xA1, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                characters.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(characters)


def covered(path: Path = FONT) -> set[str]:
    """The characters the font at `path` has a glyph for (an empty set if there is no font)."""
    if not path.exists():
        return set()
    from fontTools import ttLib
    with ttLib.TTFont(path) as font:
        return {chr(code) for code in font.getBestCmap()}


def source_font() -> tuple[Path, int]:
    """The full Noto Sans CJK file to cut from, and the number of its Simplified-Chinese face."""
    from fontTools import ttLib
    candidates = [os.environ["TRANSFERKIT_CJK_SOURCE_FONT"]] if os.environ.get("TRANSFERKIT_CJK_SOURCE_FONT") else SOURCES
    for candidate in map(Path, candidates):
        if not candidate.exists():
            continue
        if candidate.suffix.lower() != ".ttc":
            return candidate, 0
        collection = ttLib.TTCollection(candidate)
        for number, face in enumerate(collection.fonts):
            if face["name"].getDebugName(1) == SIMPLIFIED_CHINESE_FACE:
                return candidate, number
    raise SystemExit(
        f"No Noto Sans CJK font to cut the course's font from. Looked at: {', '.join(map(str, candidates))}. "
        "Install it (Debian: `apt install fonts-noto-cjk`) or set TRANSFERKIT_CJK_SOURCE_FONT to a "
        "NotoSansCJK-Regular.ttc or NotoSansCJKsc-Regular.otf file, then run `python3 course.py translate` again.")


def make_font(extra_characters: str = "") -> Path:
    """Cut the shipped font from the full one: GB 2312's characters plus `extra_characters`."""
    from fontTools import subset, ttLib
    path, number = source_font()
    options = subset.Options()
    options.layout_features = []  # no vertical forms or ligatures: labels are horizontal
    options.hinting = False
    options.notdef_outline = True
    font = ttLib.TTFont(path, fontNumber=number, recalcTimestamp=False)  # the same bytes each time
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(gb2312_characters() + extra_characters))))
    subsetter.subset(font)
    FONT.parent.mkdir(parents=True, exist_ok=True)
    font.save(FONT)
    return FONT


if __name__ == "__main__":
    print(f"wrote {make_font(''.join(sys.argv[1:])).relative_to(ROOT)}")
