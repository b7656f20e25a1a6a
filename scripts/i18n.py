"""The Simplified-Chinese track: gettext catalogs of the notebooks' prose, and the notebooks built from them.

The English notebooks are the one source of code and structure. Each has a catalog
(`i18n/zh_CN/notebooks/NN_*.po`, `i18n/zh_CN/exercises/NN_*.po`) with one entry per markdown cell:
msgctxt is the cell's id, msgid the whole English cell, msgstr the Chinese. Updating a catalog
works like gettext's msgmerge:

- a new English cell gets an empty entry;
- a changed English cell keeps its old Chinese, marked fuzzy, with the old English kept as
  `#| msgid` (previous msgid), so the translator sees what changed;
- a removed cell's entry becomes obsolete (`#~`), and its Chinese is reused, not fuzzy, if a cell
  with the same English appears under another id.

A Chinese notebook (`notebooks/zh-CN/NN_*.ipynb`) is the English notebook with only the markdown
sources swapped: code cells, ids, order and metadata are identical. It is built only from a complete
catalog (every entry translated, none fuzzy), so a learner never meets a half-translated chapter.

Clearing a fuzzy flag is not enough: `i18n/zh_CN/checked.json` records, paragraph by paragraph, the English
and the Chinese last seen together, and a paragraph whose English changed while its Chinese did not fails
the tests until it is translated or recorded as reviewed, unchanged (scripts/translation_record.py).

Usage:
    python3 course.py translate            # update every catalog from the English, rebuild the Chinese notebooks
    python3 course.py translate --outputs  # run the Chinese chapters with `# NBVAL_CHECK_OUTPUT` cells, keep their outputs
    python3 course.py translate --check    # change nothing; exit 1 if a catalog or a Chinese notebook is stale
"""

from __future__ import annotations

import ast
import copy
import itertools
import json
import re
import sys
from pathlib import Path

import nbformat
import polib

from transferkit import course, language

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_font  # noqa: E402  (the Chinese font the package ships)
import translation_record  # noqa: E402  (what each Chinese paragraph was checked against)
LANGUAGE = "zh_CN"
CATALOGS = ROOT / "i18n" / LANGUAGE
CHINESE_NOTEBOOKS = ROOT / "notebooks" / "zh-CN"
HEADER = {
    "Project-Id-Version": "transferkit",
    "Language": LANGUAGE,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# What transferkit itself draws and prints: one catalog for the package (see transferkit/language.py),
# compiled into the package so that an installed wheel speaks Chinese too.
PACKAGE_CATALOG = CATALOGS / "transferkit.po"
PACKAGE_MO = ROOT / "transferkit" / "locale" / LANGUAGE / "LC_MESSAGES" / "transferkit.mo"
GETTEXT_CALLS = {"_": 0, "gettext": 0, "pgettext": 1, "_p": 1}  # function name -> index of the message
RECORD_FILE = CATALOGS / "checked.json"  # scripts/translation_record.py
REVIEWED_FILE = CATALOGS / "reviewed.json"


def english_notebooks() -> list[Path]:
    """Every notebook with prose to translate: the chapters and the assignment masters."""
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + \
        sorted((ROOT / "exercises").glob("[0-9][0-9]_*/master.ipynb"))


def catalog_path(notebook: Path) -> Path:
    """`notebooks/04_x.ipynb` -> `i18n/zh_CN/notebooks/04_x.po`; `exercises/04_x/master.ipynb` -> `.../exercises/04_x.po`."""
    if notebook.name == "master.ipynb":
        return CATALOGS / "exercises" / f"{notebook.parent.name}.po"
    return CATALOGS / "notebooks" / f"{notebook.stem}.po"


def chinese_notebook_path(notebook: Path) -> Path | None:
    """Where the Chinese chapter is written (assignments go through Otter instead: None)."""
    return None if notebook.name == "master.ipynb" else CHINESE_NOTEBOOKS / notebook.name


def markdown_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "markdown"]


# The hint of an assignment's check: `failure_message: "..."` in the test config of Otter's test cells.
HINT = re.compile(r'(failure_message: ")((?:[^"\\]|\\.)*)(")')


def translatable(notebook) -> list[tuple]:
    """Every piece of prose as (cell, context, English): the markdown cells (context = the cell's id)
    and, in an assignment master, the hint of each check (context = `<cell id>:hint<k>`)."""
    pieces = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            pieces.append((cell, cell.id, cell.source))
        elif cell.cell_type == "code":
            for index, match in enumerate(HINT.finditer(cell.source)):
                pieces.append((cell, f"{cell.id}:hint{index}", json.loads(f'"{match.group(2)}"')))
    return pieces


def update_catalog(notebook, catalog: polib.POFile | None = None) -> polib.POFile:
    """Merge the notebook's prose into `catalog` (a new one if None), as msgmerge would."""
    old = catalog if catalog is not None else polib.POFile(wrapwidth=0)
    by_id = {entry.msgctxt: entry for entry in old}
    updated = polib.POFile(wrapwidth=0)
    updated.metadata = dict(HEADER, **{key: value for key, value in old.metadata.items() if key not in HEADER})
    ids = [cell.id for cell in notebook.cells]
    duplicates = sorted({cell_id for cell_id in ids if ids.count(cell_id) > 1})
    if duplicates:
        raise ValueError(f"Cells share the ids {duplicates}. Every cell needs its own id "
                         "(give the copy a new one: nbformat.v4.new_markdown_cell makes one).")
    pieces = translatable(notebook)
    live = {context for _, context, _ in pieces}
    for cell, context, english in pieces:
        if course.COURSE_MAP_TAG in cell.get("metadata", {}).get("tags", []):  # generated from course.py
            updated.append(polib.POEntry(msgctxt=context, msgid=english,
                                         msgstr=course.course_map_markdown(from_notebooks=True, chinese=True)
                                         .replace("/student-zh-CN/", "/student/")))  # the build links them
            continue
        entry = by_id.get(context)
        if entry is None:  # a new cell, or an old one under a new id: reuse an identical English's Chinese
            reused = next((e for e in old if e.msgid == english and e.msgctxt not in live), None)
            entry = polib.POEntry(msgctxt=context, msgid=english, msgstr=reused.msgstr if reused else "",
                                  flags=list(reused.flags) if reused else [])
        else:
            entry = copy.copy(entry)
            entry.obsolete = False
            if entry.msgid != english:
                if entry.msgstr:
                    if "fuzzy" not in entry.flags:
                        entry.flags.append("fuzzy")
                    if not entry.previous_msgid:  # keep the English the Chinese was written for
                        entry.previous_msgid = entry.msgid
                entry.msgid = english
        updated.append(entry)
    for entry in old:  # entries of removed cells: obsolete, keeping their Chinese for reuse
        if entry.msgctxt not in live and entry.msgstr:
            gone = copy.copy(entry)
            gone.obsolete = True
            updated.append(gone)
    return updated


def is_complete(catalog: polib.POFile) -> bool:
    """Every live entry translated and none fuzzy."""
    return all(entry.msgstr and "fuzzy" not in entry.flags for entry in catalog if not entry.obsolete)


def exercise_catalog_complete(folder_name: str) -> bool:
    path = CATALOGS / "exercises" / f"{folder_name}.po"
    return path.exists() and is_complete(polib.pofile(str(path), wrapwidth=0))


def build_notebook(notebook, catalog: polib.POFile, deeper: bool = False):
    """The Chinese notebook: the English one with its prose replaced by the catalog's Chinese.

    Markdown cells are swapped whole; in an assignment master, only the hint strings inside the
    test cells change (so the checks are the English ones). Links to an assignment whose Chinese
    version exists lead to it (`student/` -> `student-zh-CN/`, `solutions.ipynb` -> `solutions.zh-CN.ipynb`).
    `deeper`: the Chinese notebook lives one folder below the English one (notebooks/zh-CN/), so
    relative link targets that leave the folder (`../docs/...`) get one more `../`; links to a
    sibling chapter stay as they are and so lead to the Chinese chapter.
    """
    translations = {entry.msgctxt: entry for entry in catalog if not entry.obsolete}

    def chinese(context, english):
        entry = translations.get(context)
        if entry is None or entry.msgid != english or not entry.msgstr or "fuzzy" in entry.flags:
            raise ValueError(f"Cell {context!r} has no current Chinese in the catalog. "
                             "Run `python3 course.py translate` and translate the entries it marks.")
        return entry.msgstr

    def relink(text):
        text = re.sub(r"\]\(((?:\.\./)*)exercises/([0-9]{2}_\w+)/student/",
                      lambda m: m.group(0).replace("/student/", "/student-zh-CN/")
                      if exercise_catalog_complete(m.group(2)) else m.group(0), text)
        text = text.replace("[`solutions.ipynb`](../solutions.ipynb)", "[`solutions.zh-CN.ipynb`](../solutions.zh-CN.ipynb)")
        text = text.replace("`student/` 文件夹", "`student-zh-CN/` 文件夹")
        text = text.replace("`exercises/README.md`", "`exercises/README.zh-CN.md`")
        text = re.sub(r"(\]\((?:\.\./)*docs/)(glossary|article|datasets|results|studies)\.md\)", r"\1\2.zh-CN.md)", text)
        return re.sub(r"\]\(\.\./", "](../../", text) if deeper else text

    result = copy.deepcopy(notebook)
    pieces = {context: english for _, context, english in translatable(notebook)}
    for cell in result.cells:
        if cell.cell_type == "markdown":
            cell.source = relink(chinese(cell.id, pieces[cell.id]))
        elif course.COLAB_TAG in cell.get("metadata", {}).get("tags", []):
            cell.source = course.colab_cell_source(chinese=True)
        elif cell.cell_type == "code":
            counter = itertools.count()
            cell.source = HINT.sub(lambda m: m.group(1) + json.dumps(
                chinese(f"{cell.id}:hint{next(counter)}", json.loads(f'"{m.group(2)}"')),
                ensure_ascii=False)[1:-1] + m.group(3), cell.source)
    return result


def template_of(node: ast.expr, where: str) -> str:
    """The catalog's template of a line passed to tk.translate: a literal as it is, an f-string with its fields
    numbered ("took {seconds:.1f} s" -> "took {0} s") and its literal braces doubled."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        pieces, fields = [], itertools.count()
        for value in node.values:
            if isinstance(value, ast.Constant):
                pieces.append(value.value.replace("{", "{{").replace("}", "}}"))
            else:
                pieces.append(f"{{{next(fields)}}}")
        return "".join(pieces)
    raise ValueError(f"{where}: tk.translate() needs a string literal or an f-string, so that the catalog can hold "
                     f"the line. Received: {ast.unparse(node)}. Write the line out as an f-string.")


def notebook_lines(notebook) -> list[str]:
    """The templates of the lines a notebook's code passes to `tk.translate` (its check messages, chapter 13's
    evidence), in the order of the notebook."""
    templates = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or "translate(" not in cell.source:
            continue
        # IPython's magics (%pip, !ls) are not Python: blank them, keeping the line numbers
        source = "\n".join(line[:len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line
                           for line in cell.source.split("\n"))
        calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call) and len(node.args) == 1
                 and ast.unparse(node.func) in ("tk.translate", "tk.language.translate")]
        for node in sorted(calls, key=lambda call: (call.lineno, call.col_offset)):
            if isinstance(node.args[0], (ast.Constant, ast.JoinedStr)):  # else a value transferkit marks (language.mark)
                templates.append(template_of(node.args[0], f"cell {cell.id}"))
    return list(dict.fromkeys(templates))


def package_messages() -> dict[tuple[str | None, str], list[str]]:
    """Every message of transferkit's source and course.py's: (context, English) -> the files it occurs in
    (["plots.py"]).

    A message is a string literal passed to `_`, `gettext`, `pgettext` or `_p` (context first), or
    one of `language.STRATEGY_PHRASES` (context "strategy"). Messages must be literals, with
    `str.format` fields for what varies, so that the catalog can hold them.
    """
    messages: dict[tuple[str | None, str], list[str]] = {}
    # course.py: the set-up messages; make_results.py and make_studies.py: docs/results.zh-CN.md and docs/studies.zh-CN.md;
    # build_site.py: the website's navigation and assignment pages
    for path in [*sorted((ROOT / "transferkit").glob("*.py")), ROOT / "course.py",
                 ROOT / "scripts" / "make_results.py", ROOT / "scripts" / "make_studies.py", ROOT / "scripts" / "build_site.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and path.name != "language.py":  # language.py is the machinery
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name == "mark" and node.args:  # language.mark: shown through tk.translate (context "notebook")
                    if not (isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                        raise ValueError(f"{path.name}:{node.lineno}: mark() needs a string literal, so that the catalog "
                                         "can hold the message.")
                    messages.setdefault((language.NOTEBOOK_CONTEXT, node.args[0].value), []).append((path.name, node.lineno))
                    continue
                if name not in GETTEXT_CALLS or len(node.args) <= GETTEXT_CALLS[name]:
                    continue
                arguments = node.args[:GETTEXT_CALLS[name] + 1]
                if not all(isinstance(argument, ast.Constant) and isinstance(argument.value, str) for argument in arguments):
                    raise ValueError(f"{path.name}:{node.lineno}: {name}() needs string literals, so that the catalog can "
                                     "hold the message. Received an expression; use a literal with str.format fields.")
                context = arguments[0].value if len(arguments) == 2 else None
                messages.setdefault((context, arguments[-1].value), []).append((path.name, node.lineno))
            elif (isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "STRATEGY_PHRASES" for target in node.targets)):
                for element in node.value.elts:
                    messages.setdefault(("strategy", element.value), []).append((path.name, element.lineno))
    for path in english_notebooks():  # the lines the notebooks pass to tk.translate (context "notebook")
        for template in notebook_lines(nbformat.read(path, as_version=4)):
            messages.setdefault((language.NOTEBOOK_CONTEXT, template), []).append((path.relative_to(ROOT).as_posix(), 0))
    # in the order of the source, each with the files it occurs in (no line numbers: they change with every edit)
    ordered = sorted(messages.items(), key=lambda item: min(item[1]))
    return {key: list(dict.fromkeys(name for name, _line in places)) for key, places in ordered}


def update_package_catalog(old: polib.POFile | None) -> polib.POFile:
    """Merge transferkit's messages into its catalog, as msgmerge would (a changed message is a new one;
    the old one's Chinese is kept as an obsolete entry for the translator)."""
    old = old if old is not None else polib.POFile(wrapwidth=0)
    known = {(entry.msgctxt, entry.msgid): entry for entry in old}
    updated = polib.POFile(wrapwidth=0)
    updated.metadata = dict(HEADER)
    messages = package_messages()
    for (context, english), places in messages.items():
        entry = copy.copy(known.get((context, english))) if (context, english) in known else \
            polib.POEntry(msgctxt=context, msgid=english, msgstr="")
        entry.obsolete = False
        entry.occurrences = [(place, "") for place in places]
        updated.append(entry)
    for entry in old:
        if (entry.msgctxt, entry.msgid) not in messages and entry.msgstr:
            gone = copy.copy(entry)
            gone.obsolete = True
            gone.occurrences = []
            updated.append(gone)
    return updated


def planned_files() -> dict[Path, str | bytes]:
    """Every catalog and Chinese notebook as `course.py translate` would write them."""
    files = {}
    for english in english_notebooks():
        notebook = nbformat.read(english, as_version=4)
        path = catalog_path(english)
        catalog = update_catalog(notebook, polib.pofile(str(path), wrapwidth=0) if path.exists() else None)
        files[path] = str(catalog)
        target = chinese_notebook_path(english)
        if target is not None and is_complete(catalog):
            built = with_checked_outputs(build_notebook(notebook, catalog, deeper=True), checked_outputs(target))
            files[target] = nbformat.writes(built) + "\n"
    package = update_package_catalog(polib.pofile(str(PACKAGE_CATALOG), wrapwidth=0) if PACKAGE_CATALOG.exists() else None)
    files[PACKAGE_CATALOG] = str(package)
    files[PACKAGE_MO] = package.to_binary()  # translated, non-fuzzy entries only: the rest stays English
    files[RECORD_FILE] = translation_record.dumps(checked_record(files)[0])
    return files


CHECK_OUTPUT = "# NBVAL_CHECK_OUTPUT"


def checked_outputs(path: Path) -> dict[str, tuple[str, list]]:
    """What a committed Chinese chapter holds for its `# NBVAL_CHECK_OUTPUT` cells: {cell id: (source, outputs)}.

    Those outputs are what a Chinese run prints (transferkit's tables in Chinese), made by
    `course.py translate --outputs` and compared by nbval (`.ci/run` runs every Chinese chapter)."""
    if not path.exists():
        return {}
    return {cell.id: (cell.source, cell.outputs) for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "code" and CHECK_OUTPUT in cell.source}


def with_checked_outputs(notebook, kept: dict[str, tuple[str, list]]):
    """`notebook` with the kept outputs of its check-output cells whose code is unchanged (the English ones
    otherwise, until `course.py translate --outputs` runs the Chinese chapter)."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.id in kept and kept[cell.id][0] == cell.source:
            cell.outputs = kept[cell.id][1]
    return notebook


def run_checked_outputs() -> list[Path]:
    """Run every Chinese chapter that has check-output cells, in its folder (so transferkit speaks Chinese),
    and keep those cells' outputs in the committed notebook."""
    import nbclient

    written = []
    for path in sorted(CHINESE_NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        if not checked_outputs(path):
            continue
        executed = nbclient.NotebookClient(copy.deepcopy(notebook), timeout=600, kernel_name="python3",
                                           resources={"metadata": {"path": str(CHINESE_NOTEBOOKS)}}).execute()
        outputs = {cell.id: (cell.source, cell.outputs) for cell in executed.cells
                   if cell.cell_type == "code" and CHECK_OUTPUT in cell.source}
        nbformat.write(with_checked_outputs(notebook, outputs), path)
        written.append(path)
    return written


def checked_record(files: dict[Path, str | bytes]) -> tuple[dict, list[str]]:
    """The record of what each Chinese paragraph was checked against (scripts/translation_record.py), from the
    catalogs as `files` plans them, and the paragraphs whose English moved on without their Chinese.

    A fuzzy or empty entry keeps its old record until it is translated again; a removed one loses it."""
    old = json.loads(RECORD_FILE.read_text(encoding="utf-8")) if RECORD_FILE.exists() else {}
    reviewed = json.loads(REVIEWED_FILE.read_text(encoding="utf-8")) if REVIEWED_FILE.exists() else []
    pieces, live = {}, set()
    for path in map(catalog_path, english_notebooks()):
        for entry in polib.pofile(files[path], wrapwidth=0):
            where = f"{path.relative_to(CATALOGS).as_posix()}:{entry.msgctxt}"
            if entry.obsolete:
                continue
            live.add(where)
            if entry.msgstr and "fuzzy" not in entry.flags:
                pieces[where] = (entry.msgid, entry.msgstr)
    for english, chinese in translation_record.DOCUMENTS:
        pieces[chinese] = (translation_record.document_text(ROOT, english), translation_record.document_text(ROOT, chinese))
    record, problems = translation_record.update(old, pieces, reviewed)
    record.update({where: pairs for where, pairs in old.items() if where in live and where not in record})
    return dict(sorted(record.items())), problems


def record_problems() -> list[str]:
    """The paragraphs whose English changed while their Chinese did not (the test suite fails on each)."""
    return checked_record(planned_files())[1]


def characters_without_glyph(catalog: polib.POFile) -> list[str]:
    """Characters of the package catalog's Chinese that the shipped font (scripts/make_font.py) cannot draw."""
    needed = {character for entry in catalog for character in entry.msgstr if ord(character) > 0x2E7F}
    return sorted(needed - make_font.covered())


def _differs(path: Path, content: str | bytes) -> bool:
    if not path.exists():
        return True
    return path.read_bytes() != content if isinstance(content, bytes) else path.read_text(encoding="utf-8") != content


def stale_files() -> list[str]:
    """The files `course.py translate` would change, plus Chinese notebooks with no complete catalog."""
    planned = planned_files()
    stale = [str(path.relative_to(ROOT)) for path, content in planned.items() if _differs(path, content)]
    if PACKAGE_CATALOG.exists() and characters_without_glyph(polib.pofile(str(PACKAGE_CATALOG), wrapwidth=0)):
        stale.append("transferkit/fonts/NotoSansCJKsc-transferkit.otf (characters of the catalog missing)")
    stale += [str(path.relative_to(ROOT)) for path in sorted(CHINESE_NOTEBOOKS.glob("*.ipynb"))
              if path not in planned]
    return stale


def main(argv: list[str]) -> int:
    if argv not in ([], ["--check"], ["--outputs"]):
        raise SystemExit(f"Expected no option, --check or --outputs. Received: {' '.join(argv)}. "
                         "Example: `python3 course.py translate --check`.")
    if argv == ["--outputs"]:  # the Chinese outputs of the check-output cells, from a Chinese run
        for path in run_checked_outputs():
            print(f"wrote {path.relative_to(ROOT)} (its check-output cells' outputs, run in Chinese)")
        return 0
    if argv == ["--check"]:
        stale = stale_files()
        for name in stale:
            print(f"out of date: {name}")
        if stale:
            print("Run `python3 course.py translate`, then translate the entries marked fuzzy or empty.")
        return 1 if stale else 0
    for path, content in planned_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if _differs(path, content):
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    missing = characters_without_glyph(polib.pofile(str(PACKAGE_CATALOG), wrapwidth=0))
    if missing:
        print(f"wrote {make_font.make_font(''.join(missing)).relative_to(ROOT)} (for {''.join(missing)})")
    incomplete = [str(path.relative_to(ROOT)) for path in [*map(catalog_path, english_notebooks()), PACKAGE_CATALOG]
                  if not is_complete(polib.pofile(str(path), wrapwidth=0))]
    if incomplete:
        print(f"{len(incomplete)} catalogs still have entries to translate (empty or fuzzy):", *incomplete, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
