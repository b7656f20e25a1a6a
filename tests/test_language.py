"""transferkit speaks the learner's language: found from the notebook's path, translated from its own catalog,
drawn with the font it ships."""

import json
import re
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import polib
import pytest
from matplotlib import font_manager

import transferkit as tk
from transferkit import language

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def chinese():
    language.set_language("zh-CN")
    yield
    language.set_language(None)


def test_the_language_is_found_from_the_call_then_the_notebook_then_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv(language.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    assert language.get_language() == "en"  # outside the course, nothing said: English
    monkeypatch.setenv(language.ENVIRONMENT_VARIABLE, "zh-CN")
    assert language.get_language() == "zh-CN"  # the variable, for notebooks outside the course
    (tmp_path / "notebooks" / "zh-CN").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "notebooks")
    assert language.get_language() == "en"  # a kernel in the course's English folder (nbval): English
    monkeypatch.chdir(tmp_path / "notebooks" / "zh-CN")
    monkeypatch.setenv(language.ENVIRONMENT_VARIABLE, "en")
    assert language.get_language() == "zh-CN"  # the folder wins over the variable
    # JupyterLab names the notebook: an English chapter opened after a Chinese one is English
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "notebooks" / "05_fine_tuning.ipynb"))
    assert language.get_language() == "en"
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "exercises" / "04_x" / "student-zh-CN" / "04_x.ipynb"))
    assert language.get_language() == "zh-CN"
    language.set_language("en")
    try:
        assert language.get_language() == "en"  # an explicit call wins over everything
    finally:
        language.set_language(None)


def test_an_unknown_language_says_what_it_accepts(monkeypatch):
    with pytest.raises(ValueError, match=r"Received: 'fr'.*zh-CN"):
        language.set_language("fr")
    monkeypatch.setenv(language.ENVIRONMENT_VARIABLE, "klingon")
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir("/")
    with pytest.raises(ValueError, match="TRANSFERKIT_LANG"):
        language.get_language()


def test_the_package_catalog_is_complete_and_compiled():
    catalog = polib.pofile(str(ROOT / "i18n" / "zh_CN" / "transferkit.po"), wrapwidth=0)
    live = [entry for entry in catalog if not entry.obsolete]
    assert live, "the catalog is empty"
    untranslated = [entry.msgid for entry in live if not entry.msgstr or "fuzzy" in entry.flags]
    assert not untranslated, f"translate these in i18n/zh_CN/transferkit.po: {untranslated}"
    compiled = ROOT / "transferkit" / "locale" / "zh_CN" / "LC_MESSAGES" / "transferkit.mo"
    assert compiled.read_bytes() == catalog.to_binary(), "run `python3 course.py translate` to compile the catalog"
    for entry in live:  # a format field kept, a number the same: a translation cannot drop what varies
        fields = [set(re.findall(r"\{\w+\}", text.replace("{{", "").replace("}}", ""))) for text in (entry.msgid, entry.msgstr)]
        assert fields[0] == fields[1], entry.msgid  # ({{ and }} are literal braces, not fields)


def stored_strategy_names() -> set[str]:
    names = set()

    def walk(value):
        if isinstance(value, dict):
            names.update(v for k, v in value.items() if k == "strategy" and isinstance(v, str))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    for name in ("results.json", "studies.json"):
        walk(json.loads((ROOT / "transferkit" / "reference" / name).read_text(encoding="utf-8")))
    return names


def test_every_stored_strategy_name_is_shown_in_chinese(chinese):
    allowed = r"CNN|Dense|f_shared|CORAL|DANN|MMD|e-"
    names = stored_strategy_names()
    assert len(names) > 40
    for name in names:
        shown = language.strategy_name(name)
        assert not re.search(r"[A-Za-z]{2,}", re.sub(allowed, "", shown)), f"{name!r} is shown as {shown!r}"
        assert not re.search(r"[,:()]", shown), f"{name!r} keeps English punctuation: {shown!r}"


def test_tables_are_translated_at_display_time_and_keep_their_columns(chinese):
    rows = tk.experiments.load_reference_results()
    table = tk.experiments.format_gains(rows, baseline=rows[0]["strategy"])
    assert "每类标注数" in table and "更好" in table and "从零训练：小型 CNN" in table
    assert "better" not in table and "labels per class" not in table
    lines = [line for line in table.splitlines()[2:] if line]
    widths = {language.display_width(line) for line in lines}
    assert len(widths) <= 2, f"columns are not aligned on screen: {table}"  # one width per block of budgets
    assert rows[0]["strategy"] == "from scratch: small CNN"  # the stored keys stay English


def only_the_fonts_matplotlib_ships(monkeypatch):
    """matplotlib's font list cut to its own fonts (DejaVu, STIX, Computer Modern): a machine without a CJK font."""
    own = str(Path(matplotlib.get_data_path()) / "fonts")
    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [font for font in font_manager.fontManager.ttflist if font.fname.startswith(own)])
    font_manager.fontManager._findfont_cached.cache_clear()
    tk.plots._add_chinese_font.cache_clear()
    assert not any("CJK" in font.name or "Hei" in font.name for font in font_manager.fontManager.ttflist)


def draw_every_plot():
    import matplotlib.pyplot as plt
    rows = tk.experiments.load_reference_results()
    axes = [tk.plots.plot_label_efficiency(rows, chance=0.1), tk.plots.plot_strategy_bars(rows),
            tk.plots.plot_image_grid(np.zeros((3, 8, 8)), labels=[0, 1, 2]),
            tk.plots.plot_feature_projection(np.random.default_rng(0).normal(size=(40, 4)), np.arange(40) % 3,
                                             method="lda", held_out=0.5)]
    try:
        for ax in axes:
            ax.figure.canvas.draw()
        return [text.get_text() for ax in axes for text in ax.findobj(matplotlib.text.Text)]
    finally:
        plt.close("all")


def test_chinese_plots_draw_every_character_with_only_the_font_transferkit_ships(chinese, monkeypatch):
    only_the_fonts_matplotlib_ships(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" for a box it draws
        texts = draw_every_plot()
    assert any("测试准确率" in text for text in texts) and any("随机猜测" in text for text in texts)
    # the control: without the shipped font, the same plots draw boxes, and the check above sees it
    only_the_fonts_matplotlib_ships(monkeypatch)
    monkeypatch.setattr(tk.plots, "_add_chinese_font", lambda: None)
    with pytest.warns(UserWarning, match="missing from font"):
        draw_every_plot()


def test_what_a_chinese_notebook_draws_itself_draws_every_character_too(monkeypatch):
    """A chapter's own axes (plt.subplots, then ax.set(title=tk.translate(...))), not only tk.plots', draw in Chinese
    with only the font transferkit ships; in English matplotlib's default font family comes back."""
    import matplotlib.pyplot as plt

    only_the_fonts_matplotlib_ships(monkeypatch)
    language.set_language("zh-CN")
    try:
        figure, ax = plt.subplots()
        ax.set(title=tk.translate("Loss per image"), xlabel=tk.translate("cross-entropy loss"))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            figure.canvas.draw()
        assert re.search("[\u4e00-\u9fff]", ax.get_title())
    finally:
        plt.close("all")
        language.set_language("en")
    assert list(matplotlib.rcParams["font.family"]) == ["sans-serif"]
    language.set_language(None)


def test_the_shipped_font_covers_the_catalog():
    from fontTools import ttLib
    with ttLib.TTFont(tk.plots.CHINESE_FONT_FILE) as font:
        covered = {chr(code) for code in font.getBestCmap()}
    catalog = polib.pofile(str(ROOT / "i18n" / "zh_CN" / "transferkit.po"), wrapwidth=0)
    needed = {character for entry in catalog for character in entry.msgstr if ord(character) > 0x2E7F}
    assert needed and not needed - covered, f"run `python3 course.py translate` to add {sorted(needed - covered)}"
    assert tk.plots.CHINESE_FONT_FILE.stat().st_size < 1_500_000


def notebook_templates() -> list[str]:
    catalog = polib.pofile(str(ROOT / "i18n" / "zh_CN" / "transferkit.po"), wrapwidth=0)
    return [entry.msgid for entry in catalog if entry.msgctxt == language.NOTEBOOK_CONTEXT and not entry.obsolete]


def test_every_line_the_notebooks_print_or_raise_comes_out_in_chinese(chinese):
    """Each tk.translate line of the chapters (check messages, chapter 13's evidence, printed results, plot titles),
    formatted as the notebook formats it, is found by its template and shown in Chinese with its values in place."""
    templates = notebook_templates()
    assert len(templates) > 250
    for template in templates:
        fields = len(re.findall(r"\{\d+\}", template))
        values = [f"{41.5 + index}%" for index in range(fields)]
        english = template.format(*values)
        shown = language.translate(english)
        assert re.search("[\u4e00-\u9fff]", shown) and shown != english, f"not translated: {english!r}"
        assert all(value in shown for value in values), f"a value was lost: {english!r} -> {shown!r}"


def test_a_translated_line_keeps_its_values_and_translates_names_found_in_them(chinese):
    shown = tk.translate(f"first k blocks copied and {'fine-tuned'}, the rest retrained")  # chapter 06's legend
    assert "微调" in shown and "fine" not in shown
    shown = tk.translate("sources ordered by pixel MMD (lower = more similar)")
    assert "像素 MMD" in shown and "pixel" not in shown
    assert tk.translate("an English line the catalog lacks") == "an English line the catalog lacks"
    language.set_language("en")
    assert tk.translate("sources ordered by pixel MMD (lower = more similar)") == \
        "sources ordered by pixel MMD (lower = more similar)"
    with pytest.raises(ValueError, match="Received: int 3"):
        tk.translate(3)
