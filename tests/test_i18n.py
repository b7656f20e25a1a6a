"""The Simplified-Chinese track (scripts/i18n.py): catalogs that can never silently go stale.

The English notebooks are the one source. Each markdown cell has a gettext entry keyed by the
cell's id; a Chinese notebook is the English one with only the markdown swapped. These tests make
an English edit without its Chinese fail, by name, and prove that a Chinese learner's run is the
English run (the code cells are byte for byte the same), so nbval need not run the Chinese copies.
"""

import json
import re

import nbformat
import polib
import pytest

from tests.test_course import load_script
from transferkit import course

i18n = load_script("i18n")
translation_record = load_script("translation_record")
ENGLISH = i18n.english_notebooks()
POSITIONAL_ID = re.compile(r"cell-\d+")
# Tokens a translation must keep exactly: display and inline math, inline code, link and image targets, numbers.
PROTECTED = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$|`[^`\n]+`|\]\([^)\s]+\)|(?<![\w.])\d+(?:[.,]\d+)*%?", re.S)


def short(path):
    return str(path.relative_to(i18n.ROOT))


def notebook(*markdown, code="print(1)"):
    cells = [nbformat.v4.new_markdown_cell(text) for text in markdown] + [nbformat.v4.new_code_cell(code)]
    return nbformat.v4.new_notebook(cells=cells)


@pytest.mark.parametrize("path", ENGLISH, ids=short)
def test_every_cell_has_its_own_stable_id(path):
    ids = [cell.id for cell in nbformat.read(path, as_version=4).cells]
    assert len(ids) == len(set(ids)), f"{short(path)}: duplicate cell ids {sorted({i for i in ids if ids.count(i) > 1})}"
    positional = [cell_id for cell_id in ids if POSITIONAL_ID.fullmatch(cell_id)]
    assert not positional, (f"{short(path)}: positional ids {positional[:3]}... would shift when a cell is inserted; "
                            "give new cells random ids (nbformat.v4.new_*_cell does) and never renumber them")


@pytest.mark.parametrize("path", ENGLISH, ids=short)
def test_unchanged_cells_keep_their_ids(path):
    catalog_file = i18n.catalog_path(path)
    assert catalog_file.exists(), f"no catalog for {short(path)}: run `python3 course.py translate`"
    ids_by_english = {cell.source: cell.id for cell in i18n.markdown_cells(nbformat.read(path, as_version=4))}
    moved = [(entry.msgctxt, ids_by_english[entry.msgid]) for entry in polib.pofile(str(catalog_file))
             if not entry.obsolete and entry.msgid in ids_by_english and ids_by_english[entry.msgid] != entry.msgctxt]
    assert not moved, f"{short(path)}: cells kept their text but changed id (catalog id, notebook id): {moved}"


@pytest.mark.parametrize("path", ENGLISH, ids=short)
def test_catalog_follows_the_english(path):
    catalog_file = i18n.catalog_path(path)
    english = nbformat.read(path, as_version=4)
    catalog = polib.pofile(str(catalog_file))
    live = {entry.msgctxt: entry for entry in catalog if not entry.obsolete}
    changed = [context for _, context, text in i18n.translatable(english)
               if context not in live or live[context].msgid != text]
    assert not changed, (f"{short(path)}: the English of {changed} changed since its catalog "
                         f"{short(catalog_file)} was updated. Run `python3 course.py translate` and translate "
                         "the entries it marks fuzzy (the previous English is kept beside them).")
    assert catalog_file.read_text(encoding="utf-8") == str(i18n.update_catalog(english, catalog))


def test_catalogs_and_chinese_notebooks_are_what_the_translate_command_writes():
    assert i18n.stale_files() == [], "run `python3 course.py translate`"


def complete_catalogs():
    return [path for path in ENGLISH if i18n.catalog_path(path).exists()
            and i18n.is_complete(polib.pofile(str(i18n.catalog_path(path))))]


@pytest.mark.parametrize("path", complete_catalogs(), ids=short)
def test_translations_are_chinese_and_keep_formulas_code_links_and_numbers(path):
    for entry in polib.pofile(str(i18n.catalog_path(path))):
        if entry.obsolete:
            continue
        where = f"{short(i18n.catalog_path(path))} entry {entry.msgctxt}"
        assert entry.msgstr != entry.msgid and CHINESE.search(entry.msgstr), f"{where}: not translated into Chinese"
        missing = lost_tokens(entry.msgid, entry.msgstr)
        assert not missing, f"{where}: the translation lost {missing}"


NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")


def lost_tokens(english: str, chinese: str) -> list[str]:
    """The formulas, code, link targets and numbers of `english` that `chinese` does not keep. A number must be
    a whole token of the Chinese ("2" is not kept by "20" or "2,500"); a chapter's "07" is kept by "第 7 章"."""
    def key(token):
        return str(int(token)) if token.isdigit() else token

    numbers = {key(token) for token in PROTECTED.findall(chinese) if NUMBER.fullmatch(token)}
    return [token for token in PROTECTED.findall(english)
            if (key(token) not in numbers if NUMBER.fullmatch(token) else token not in chinese)]


def test_the_number_guard_compares_whole_numbers():
    assert lost_tokens("about 2 points", "约 20 个百分点") == ["2"]
    assert lost_tokens("2 labels", "2,500 个标注") == ["2"]
    assert lost_tokens("chapter 07, 86%", "第 7 章，86%") == []
    assert lost_tokens("`x[0]` is 3", "`x[0]` 是 3") == []
    assert lost_tokens("$W x + b$", "$Wx + b$") == ["$W x + b$"]


CHINESE = i18n.CHINESE


@pytest.mark.parametrize("path", sorted(i18n.CHINESE_NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_a_chinese_notebook_runs_the_english_code(path):
    english = nbformat.read(i18n.ROOT / "notebooks" / path.name, as_version=4)
    chinese = nbformat.read(path, as_version=4)
    assert chinese.metadata == english.metadata
    assert [(c.id, c.cell_type) for c in chinese.cells] == [(c.id, c.cell_type) for c in english.cells]
    for ours, theirs in zip(chinese.cells, english.cells):
        if course.COLAB_TAG in theirs.metadata.get("tags", []):  # Colab's install cell also sets the language
            assert {**ours, "source": ""} == {**theirs, "source": ""}
            assert ours.source == course.colab_cell_source(chinese=True)
        elif theirs.cell_type == "code" and i18n.CHECK_OUTPUT in theirs.source:  # the same code, output in Chinese
            assert {**ours, "outputs": []} == {**theirs, "outputs": []}
        elif theirs.cell_type != "markdown":
            assert ours == theirs, f"{path.name} cell {ours.id}: code and raw cells must be the English ones"


def test_a_changed_english_cell_keeps_its_chinese_marked_fuzzy_with_the_old_english():
    english = notebook("Source task", "Target task")
    catalog = i18n.update_catalog(english)
    for entry, chinese in zip(catalog, ["源任务", "目标任务"]):
        entry.msgstr = chinese
    assert i18n.is_complete(catalog)
    english.cells[1].source = "The target task"
    updated = i18n.update_catalog(english, catalog)
    entry = next(e for e in updated if e.msgctxt == english.cells[1].id)
    assert entry.msgid == "The target task" and entry.msgstr == "目标任务"
    assert "fuzzy" in entry.flags and entry.previous_msgid == "Target task"
    assert not i18n.is_complete(updated)
    with pytest.raises(ValueError, match="no current Chinese"):
        i18n.build_notebook(english, updated)
    assert "#| msgid \"Target task\"" in str(updated)  # what the translator sees


def test_removed_cells_become_obsolete_and_a_moved_cell_keeps_its_chinese():
    english = notebook("Source task", "Target task")
    catalog = i18n.update_catalog(english)
    for entry, chinese in zip(catalog, ["源任务", "目标任务"]):
        entry.msgstr = chinese
    removed_id = english.cells[0].id
    english.cells[0] = nbformat.v4.new_markdown_cell("Source task")  # same English, new id
    del english.cells[1]
    updated = i18n.update_catalog(english, catalog)
    live = [e for e in updated if not e.obsolete]
    assert [(e.msgctxt, e.msgstr, e.flags) for e in live] == [(english.cells[0].id, "源任务", [])]
    assert {e.msgctxt for e in updated if e.obsolete} == {removed_id, catalog[1].msgctxt}


def test_the_chinese_notebook_swaps_only_markdown():
    english = notebook("The formula $y = W x + b$", code="y = 2 * x")
    english.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    catalog = i18n.update_catalog(english)
    catalog[0].msgstr = "公式 $y = W x + b$"
    chinese = i18n.build_notebook(english, catalog)
    assert chinese.cells[0].source == "公式 $y = W x + b$" and english.cells[0].source.startswith("The formula")
    assert chinese.cells[1] == english.cells[1] and chinese.metadata == english.metadata
    assert [c.id for c in chinese.cells] == [c.id for c in english.cells]


def test_protected_tokens_are_found():
    text = "Gain of 5.7 points, see `tk.experiments` and [the docs](../docs/article.md): $f(x) = W x + b$."
    assert PROTECTED.findall(text) == ["5.7", "`tk.experiments`", "](../docs/article.md)", "$f(x) = W x + b$"]


def test_catalogs_are_valid_gettext_utf8():
    for path in ENGLISH:
        catalog = polib.pofile(str(i18n.catalog_path(path)))
        assert catalog.metadata["Language"] == "zh_CN" and "charset=UTF-8" in catalog.metadata["Content-Type"]
        json.dumps([entry.msgstr for entry in catalog])


def test_links_leaving_the_folder_get_one_level_deeper_in_the_chinese_notebook():
    english = notebook("See [the article](../docs/article.md) and [chapter 4](04_feature_extraction.ipynb).")
    catalog = i18n.update_catalog(english)
    catalog[0].msgstr = "见[文章](../docs/article.md)和[第 4 章](04_feature_extraction.ipynb)。"
    assert i18n.build_notebook(english, catalog, deeper=True).cells[0].source == \
        "见[文章](../../docs/article.zh-CN.md)和[第 4 章](04_feature_extraction.ipynb)。"  # and to the docs' Chinese twins


@pytest.mark.parametrize("path", sorted(i18n.CHINESE_NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_every_relative_link_of_a_chinese_notebook_leads_to_a_file(path):
    for cell in i18n.markdown_cells(nbformat.read(path, as_version=4)):
        for target in re.findall(r"\]\(([^)\s#]+)", cell.source):
            if not target.startswith(("http://", "https://", "mailto:")):
                assert (path.parent / target).exists(), f"{path.name} cell {cell.id}: {target} does not exist"


CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


@pytest.mark.parametrize("path", complete_catalogs(), ids=short)
def test_chinese_markdown_renders_as_written(path):
    """CommonMark, which JupyterLab follows, differs from English for Chinese in two ways: a soft line
    break between two Chinese characters shows as a stray space, and `**粗体。**后文` (closing `**`
    after Chinese punctuation, before a letter) is not bold at all but shows its asterisks."""
    from markdown_it import MarkdownIt

    render = MarkdownIt("commonmark").enable("table").render
    for entry in polib.pofile(str(i18n.catalog_path(path))):
        if entry.obsolete:
            continue
        where = f"{short(i18n.catalog_path(path))} entry {entry.msgctxt}"
        outside_code = re.sub(r"```.*?```", "", entry.msgstr, flags=re.S)
        breaks = re.findall(f"{CJK}\\n[ >]*{CJK}", outside_code)
        assert not breaks, f"{where}: join these lines (a line break between Chinese characters shows as a space): {breaks}"
        for marker in ("**", "*"):
            english, chinese = render(entry.msgid).count(marker), render(entry.msgstr).count(marker)
            assert chinese <= english, f"{where}: {chinese - english} unrendered {marker!r}: move punctuation outside the emphasis"


def test_an_assignments_hints_are_translated_inside_its_test_cells_and_nothing_else_changes():
    test_cell = ('""" # BEGIN TEST CONFIG\nfailure_message: "Use \\"trainable\\" first."\n""" # END TEST CONFIG\n'
                 'def test_q(model):\n    assert model')
    english = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("**Question 1.**"),
                                              nbformat.v4.new_code_cell(test_cell)])
    catalog = i18n.update_catalog(english)
    assert [entry.msgid for entry in catalog] == ["**Question 1.**", 'Use "trainable" first.']
    catalog[0].msgstr, catalog[1].msgstr = "**问题 1。**", "先设置 “trainable” 和 \"x\"。"
    chinese = i18n.build_notebook(english, catalog)
    assert chinese.cells[1].source == test_cell.replace('Use \\"trainable\\" first.', '先设置 “trainable” 和 \\"x\\"。')


def test_the_chinese_track_points_to_the_chinese_assignments_guide():
    guide = (i18n.ROOT / "exercises" / "README.zh-CN.md").read_text(encoding="utf-8")
    assert "%cd transferkit/exercises/04_feature_extraction/student-zh-CN" in guide  # its Colab cell
    assert "[exercises/README.zh-CN.md](exercises/README.zh-CN.md)" in (i18n.ROOT / "README.zh-CN.md").read_text(
        encoding="utf-8")
    for path in sorted((i18n.ROOT / "notebooks" / "zh-CN").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert "exercises/README.md" not in text, f"{path.name} sends Chinese learners to the English guide"
        assert "docs/glossary.md)" not in text, f"{path.name} sends Chinese learners to the English glossary"


# The Chinese prose a learner reads: every catalog's Chinese, README.zh-CN and the assignments' guide.
CHINESE_DOCUMENTS = ["README.zh-CN.md", "exercises/README.zh-CN.md", "docs/glossary.zh-CN.md", "docs/article.zh-CN.md",
                     "docs/datasets.zh-CN.md", "docs/results.zh-CN.md", "docs/studies.zh-CN.md"]
# What is not prose: code, math, link targets, HTML, URLs and str.format fields.
_NOT_PROSE = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|\]\([^)\s]*\)|<[^>\n]*>|https?://\S+|\{[a-z_]+\}", re.S)
HAN = "\u4e00-\u9fff"


def chinese_prose() -> list[tuple[str, str]]:
    """(where, text) for every piece of Chinese prose, with code, math and links taken out."""
    pieces = []
    for path in sorted(i18n.ROOT.glob("i18n/zh_CN/**/*.po")):
        for entry in polib.pofile(str(path), wrapwidth=0):
            if not entry.obsolete and entry.msgstr:
                pieces.append((f"{path.relative_to(i18n.ROOT)} {entry.msgctxt or ''}", _NOT_PROSE.sub(" ", entry.msgstr)))
    for name in CHINESE_DOCUMENTS:
        pieces.append((name, _NOT_PROSE.sub(" ", (i18n.ROOT / name).read_text(encoding="utf-8"))))
    return pieces


def forms_to_avoid() -> dict[str, re.Pattern]:
    """The glossary's column of forms to avoid: `X` must not occur; `X (alone)` must not occur without the
    rest of the glossary's term (自适应 only inside 领域自适应)."""
    forms = {}
    for line in (i18n.ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 5 or not cells[2] or cells[2].startswith(("not", "---")):
            continue
        term = cells[1].split(" (")[0].split(", ")[0]
        for form in cells[2].split(", "):
            word = form.removesuffix(" (alone)")
            prefix = term[:-len(word)] if form.endswith(" (alone)") and term.endswith(word) else ""
            forms[f"{word} (use {term})"] = re.compile(f"(?<!{prefix}){word}" if prefix else word)
    return forms


def style_faults(text: str, forms: dict[str, re.Pattern]) -> list[str]:
    faults = [f"{name}: ...{text[max(0, m.start() - 8):m.end() + 8]}..." for name, pattern in forms.items()
              for m in pattern.finditer(text)]
    for name, pattern in (("第 0N 章 (write 第 N 章)", r"第\s*0\d"),
                          ("ASCII quotes in Chinese (use “”)", f'[{HAN}，、：]\\s*"|"\\s*[{HAN}，。、]'),
                          ("no space between Chinese and Latin letters or digits", f"[{HAN}][A-Za-z0-9]|[A-Za-z0-9][{HAN}]")):
        faults += [f"{name}: ...{text[max(0, m.start() - 8):m.end() + 8]}..." for m in re.finditer(pattern, text)]
    return faults


def test_the_chinese_text_uses_the_glossarys_terms_and_the_house_typography():
    forms = forms_to_avoid()
    assert {"从头训练 (use 从零训练)", "线性探测 (use 线性探针)", "自适应 (use 领域自适应)"} <= set(forms)
    faults = [f"{where}: {fault}" for where, text in chinese_prose() for fault in style_faults(text, forms)]
    assert not faults, "\n".join(faults[:30]) + f"\n({len(faults)} in all; docs/glossary.md has the rules)"


@pytest.mark.parametrize("text, fault", [
    ("在第 05 章里", "第 0N 章"), ('没有 "to" 这类词', "ASCII quotes"), ("如PCA等", "no space"),
    ("从头训练的网络", "从头训练"), ("在自适应模型中", "自适应 (use 领域自适应)"), ("每层做一次线性探测", "线性探测")])
def test_the_typography_check_finds_each_fault(text, fault):
    faults = style_faults(text, forms_to_avoid())
    assert any(fault in found for found in faults), faults
    assert not style_faults("在第 5 章里，领域自适应比从零训练的网络好 2 个百分点（“to”）。", forms_to_avoid())


def test_a_chinese_text_that_names_batchnormalization_says_批归一化_first():
    missing = []
    for path in sorted(i18n.ROOT.glob("i18n/zh_CN/**/*.po")):
        prose = [_NOT_PROSE.sub(" ", entry.msgstr) for entry in polib.pofile(str(path), wrapwidth=0)
                 if not entry.obsolete and entry.msgstr]
        mentions = [text for text in prose if "BatchNorm" in text]
        if mentions and "批归一化" not in mentions[0]:
            missing.append(str(path.relative_to(i18n.ROOT)))
    assert not missing, f"these name BatchNormalization before saying 批归一化 (docs/glossary.md): {missing}"


def test_no_english_paragraph_moved_on_without_its_chinese():
    problems = i18n.record_problems()
    assert not problems, "\n".join(problems)


def test_every_reviewed_unchanged_record_names_the_english_it_was_given_for():
    """The "reviewed, unchanged" records (i18n/zh_CN/reviewed.json), listed, each still about today's English."""
    reviewed = json.loads(i18n.REVIEWED_FILE.read_text(encoding="utf-8"))
    record = json.loads(i18n.RECORD_FILE.read_text(encoding="utf-8"))
    print("reviewed, unchanged:", *(f"{item['where']} paragraph {item['paragraph']}" for item in reviewed), sep="\n  ")
    stale = [item for item in reviewed if record.get(item["where"], [[None]] * (item["paragraph"] + 1))
             [item["paragraph"]][0] != item["english"]]
    assert not stale, f"these reviewed records are about English that has changed since; remove them: {stale}"


def test_the_translation_guard_cannot_be_fooled():
    record_of = translation_record.update
    old, _ = record_of({}, {"a.po:c1": ("Two points.\n\nSame.", "两个百分点。\n\n相同。")}, [])
    # The English changes and someone clears the fuzzy flag, the Chinese untouched: caught, paragraph 1 only.
    record, problems = record_of(old, {"a.po:c1": ("Three points.\n\nSame.", "两个百分点。\n\n相同。")}, [])
    assert record == old and len(problems) == 1 and "a.po:c1, paragraph 1:" in problems[0]
    # The translator follows the English: accepted, and recorded.
    record, problems = record_of(old, {"a.po:c1": ("Three points.\n\nSame.", "三个百分点。\n\n相同。")}, [])
    assert not problems and record != old
    # A person read the new English and the Chinese still says it: the reviewed record lets it through.
    english = translation_record.digest("Three points.")
    reviewed = [{"where": "a.po:c1", "paragraph": 0, "english": english}]
    assert not record_of(old, {"a.po:c1": ("Three points.\n\nSame.", "两个百分点。\n\n相同。")}, reviewed)[1]
    # A README edit without its Chinese: caught.
    readme = translation_record.document_text(i18n.ROOT, "README.md")
    chinese = translation_record.document_text(i18n.ROOT, "README.zh-CN.md")
    current = json.loads(i18n.RECORD_FILE.read_text(encoding="utf-8"))
    problems = record_of(current, {"README.zh-CN.md": (readme + "\nA new sentence.\n", chinese)}, [])[1]
    assert len(problems) == 1 and problems[0].startswith("README.zh-CN.md")
    # The Chinese may be edited alone (an editing pass) without any record.
    assert not record_of(old, {"a.po:c1": ("Two points.\n\nSame.", "两个百分点。\n\n一样。")}, [])[1]
