"""The language transferkit speaks: English, or Simplified Chinese on the course's Chinese track.

What transferkit draws and prints (plot titles, axes and legends, results tables and their
verdicts, layer tables, check messages) is written in English and translated at display time from
the package's own gettext catalog (`transferkit/locale/zh_CN/LC_MESSAGES/transferkit.mo`, compiled by
`python3 course.py translate` from `i18n/zh_CN/transferkit.po`). The notebooks' code is the same in
both languages, so the language is found, in this order, from:

1. an explicit `tk.language.set_language("zh-CN")` (or `"en"`) in the kernel;
2. the notebook's path: the one Jupyter names in `JPY_SESSION_NAME`, else the kernel's working
   folder. A folder named `zh-CN` or `student-zh-CN` on it means Chinese; a course folder
   (`notebooks`, `exercises`, `student`) without one means English;
3. the environment variable `TRANSFERKIT_LANG` (`zh-CN` or `en`), for notebooks outside the course;
4. English.

Each kernel finds its own, so an English chapter opened after a Chinese one is English. Stored
results keep their English keys (strategy names included): only what is shown is translated.

Example:
    >>> from transferkit import language
    >>> language.set_language("zh-CN")
    >>> language.gettext("test accuracy (%)")
    '测试准确率（%）'
    >>> language.set_language("en")
    >>> language.gettext("test accuracy (%)")
    'test accuracy (%)'
    >>> language.set_language(None)  # back to finding it from the notebook's path
"""

from __future__ import annotations

import functools
import gettext as _gettext
import os
import re
import unicodedata
from pathlib import Path

LANGUAGES = ("en", "zh-CN")
ENVIRONMENT_VARIABLE = "TRANSFERKIT_LANG"
LOCALE_FOLDER = Path(__file__).resolve().parent / "locale"
_CHINESE_FOLDERS = {"zh-CN", "student-zh-CN"}
_COURSE_FOLDERS = {"notebooks", "exercises", "student"}
_ALIASES = {"en": "en", "en-us": "en", "en_us": "en", "english": "en",
            "zh-cn": "zh-CN", "zh_cn": "zh-CN", "zh": "zh-CN", "zh-hans": "zh-CN", "chinese": "zh-CN"}
_explicit: str | None = None


def _normalise(language: str, where: str) -> str:
    normalised = _ALIASES.get(str(language).strip().lower())
    if normalised is None:
        raise ValueError(
            f"{where} must be one of {', '.join(repr(name) for name in LANGUAGES)}. Received: {language!r}. "
            "Use \"zh-CN\" for Simplified Chinese or \"en\" for English."
        )
    return normalised


def set_language(language: str | None) -> None:
    """Make transferkit draw and print in `language` for the rest of this kernel.

    Args:
        language: `"zh-CN"` (Simplified Chinese) or `"en"`; `None` goes back to finding the
            language from the notebook's path and `TRANSFERKIT_LANG`.

    Raises:
        ValueError: for any other language.

    Example:
        >>> from transferkit import language
        >>> language.set_language("zh-CN"); language.get_language()
        'zh-CN'
        >>> language.set_language(None)
    """
    global _explicit
    _explicit = None if language is None else _normalise(language, "`language`")
    from transferkit import plots  # plots imports this module: import it when it is needed

    plots.match_font_to_language()  # what a notebook draws itself gets the Chinese font too


def language_of_path(path: str | os.PathLike | None) -> str | None:
    """Return the language a course path implies: "zh-CN", "en", or None for a path outside the course.

    Example:
        >>> language_of_path("notebooks/zh-CN/05_fine_tuning.ipynb"), language_of_path("notebooks/05_fine_tuning.ipynb")
        ('zh-CN', 'en')
        >>> language_of_path("/home/amy/my_project/train.ipynb") is None
        True
    """
    if not path:
        return None
    parts = set(re.split(r"[\\/]", str(path)))
    if parts & _CHINESE_FOLDERS:
        return "zh-CN"
    if parts & _COURSE_FOLDERS:
        return "en"
    return None


def get_language() -> str:
    """Return the language transferkit speaks now, `"en"` or `"zh-CN"` (see the module's docstring for the order).

    Example:
        >>> from transferkit import language
        >>> language.get_language() in ("en", "zh-CN")
        True
    """
    if _explicit is not None:
        return _explicit
    for place in (os.environ.get("JPY_SESSION_NAME"), _working_folder()):
        found = language_of_path(place)
        if found is not None:
            return found
    variable = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if variable:
        return _normalise(variable, f"The environment variable {ENVIRONMENT_VARIABLE}")
    return "en"


def _working_folder() -> str | None:
    try:
        return os.getcwd()
    except OSError:  # the folder was removed under the kernel
        return None


def is_chinese() -> bool:
    """Whether transferkit speaks Simplified Chinese now."""
    return get_language() == "zh-CN"


@functools.lru_cache(maxsize=None)
def _catalog(language: str) -> _gettext.NullTranslations:
    return _gettext.translation("transferkit", localedir=LOCALE_FOLDER, languages=[language.replace("-", "_")],
                                fallback=True)


def gettext(message: str) -> str:
    """Return `message` in the current language (itself in English, or where the catalog lacks it).

    Example:
        >>> from transferkit import language
        >>> language.set_language("zh-CN"); language.gettext("chance")
        '随机猜测'
        >>> language.set_language(None)
    """
    language = get_language()
    return message if language == "en" else _catalog(language).gettext(message)


def pgettext(context: str, message: str) -> str:
    """Return `message` in the current language, translated as a `context` (e.g. "strategy", "verdict")."""
    language = get_language()
    return message if language == "en" else _catalog(language).pgettext(context, message)


NOTEBOOK_CONTEXT = "notebook"  # the catalog's context of the lines the notebooks pass to `translate`
# A field's value: a bracketed value whole first (a shape "(28, 28, 1)" or a list holds the ", " that may also
# follow the field), else as little as the rest of the line allows.
_FIELD = r"\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\]|.*?"
# A value shown as a name (a strategy, a source task, a marked word): letters first, no brackets or quotes.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 ,:;+./-]*(?:\([A-Za-z0-9 ,.=-]*\))?")
_BOOLEANS = {"True": "是", "False": "否"}
_HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


@functools.lru_cache(maxsize=None)
def _templates(language: str) -> tuple:
    """The catalog's notebook lines with `{0}`, `{1}`, ... fields, as (pattern, translation), longest text first."""
    prefix = NOTEBOOK_CONTEXT + "\x04"
    catalog = getattr(_catalog(language), "_catalog", {})  # GNUTranslations keeps "context\x04message" keys there
    templates = []
    for key, translated in catalog.items():
        if not isinstance(key, str) or not key.startswith(prefix) or "{" not in key:  # fields, or doubled braces
            continue
        english = key[len(prefix):]
        pieces = _PLACEHOLDER.split(english)  # literal, index, literal, index, ..., literal
        pattern = "".join(re.escape(piece.replace("{{", "{").replace("}}", "}")) if position % 2 == 0
                          else f"(?P<f{piece}>{_FIELD})" for position, piece in enumerate(pieces))
        literal = sum(len(piece) for piece in pieces[::2])
        templates.append((literal, re.compile(pattern, re.DOTALL), translated))
    return tuple((pattern, translated) for _literal, pattern, translated in sorted(templates, key=lambda t: -t[0]))


def translate(text: str) -> str:
    """Return a line a notebook prints or a check raises, in the current language.

    The notebooks' code is the same in both languages, so a line such as
    `tk.translate(f"fine-tuning took {seconds:.1f} s")` is formatted in English first and translated
    after: the catalog holds it as a template whose fields are numbered (`"fine-tuning took {0} s"`,
    context "notebook", extracted from the notebooks by `python3 course.py translate`), and the values
    found in their places are put into the Chinese (a value that is a strategy name or a word transferkit
    marks with `mark`, such as a language's name, is translated too). A line the catalog lacks is shown
    with its strategy names translated, and otherwise as it is.

    Example:
        >>> from transferkit import language
        >>> language.set_language("zh-CN")
        >>> language.translate("Trainable parameters: LoRA 9,518; fine-tuning the top 2 convolutions 111,882.")
        '可训练参数：LoRA 9,518 个；微调顶部 2 个卷积层 111,882 个。'
        >>> language.set_language("en")
        >>> language.translate("any line")
        'any line'
        >>> language.set_language(None)
    """
    if not isinstance(text, str):
        raise ValueError(f"translate() takes the line to show, a str. Received: {type(text).__name__} {text!r}. "
                         "Pass the formatted line, e.g. tk.translate(f\"... {value:.1f} ...\").")
    language = get_language()
    if language == "en":
        return text
    whole = _catalog(language).pgettext(NOTEBOOK_CONTEXT, text)
    if whole != text:
        return whole
    for pattern, translated in _templates(language):
        match = pattern.fullmatch(text)
        if match:
            values = {int(name[1:]): _value(value) for name, value in match.groupdict().items()}
            shown = translated.format(*(values[index] for index in range(len(values))))
            return _HAN_SPACE.sub("", shown)  # a value that came out Chinese needs no space beside Chinese
    return strategy_name(text)


def _value(text: str) -> str:
    """A value found in a line's field, translated if it is a marked word or a strategy name, with its padding."""
    core = text.strip()
    if core in _BOOLEANS:  # (only the Chinese track comes here: translate returns English lines as they are)
        return text.replace(core, _BOOLEANS[core])
    if not _NAME.fullmatch(core):  # a number, a shape, a list, code: as it is
        return text
    catalog = _catalog(get_language())
    translated = catalog.pgettext(NOTEBOOK_CONTEXT, core)
    translated = catalog.gettext(core) if translated == core else translated  # e.g. a table's column name
    translated = strategy_name(core) if translated == core else translated
    if translated == core:
        return text
    width = display_width(text)
    if text.endswith(" "):  # left-aligned in a column: keep the column's width
        return translated + " " * max(1, width - display_width(translated))
    if text.startswith(" "):  # right-aligned
        return " " * max(0, width - display_width(translated)) + translated
    return translated


def mark(message: str) -> str:
    """Mark a message that transferkit keeps in English and a notebook shows through `translate`.

    `python3 course.py translate` puts every `mark("...")` literal into the catalog (context "notebook");
    the message itself is returned unchanged, so that results and keys stay English.

    Example:
        >>> mark("German")
        'German'
    """
    return message


# Strategy names are the results' keys, written in the notebooks' code ("from scratch: small CNN",
# "first 3 blocks, frozen"). A name is shown translated whole when the catalog has it (context
# "strategy"), else phrase by phrase: each phrase below (longest first; "{n}" stands for a number) is
# replaced by its translation, then the punctuation between phrases becomes Chinese.
STRATEGY_PHRASES = (
    "from scratch", "feature extraction", "fine-tuning", "fine-tune all", "fine-tuned", "frozen", "frozen f_shared",
    "fine-tune all blocks of the shipped source model", "logistic regression", "logistic regression on pixels",
    "logistic regression on raw pixels", "Dense head", "small CNN", "source architecture", "augmentation",
    "{n} steps", "first {n} blocks", "head first, then top {n} layers at 1e-4", "head, then all layers at 1e-4",
    "head only", "alone (auxiliary weight 0)", "multi-task with font digits", "multi-task with latin letters", "source only", "transfer", "scratch",
    "from font digits", "from inverted font digits", "from latin letters", "from greek letters", "from hebrew letters",
    "from math symbols", "from arrows", "from shapes", "from noise", "shuffled labels", "font digits", "latin letters",
    "coral", "dann", "mmd", "greek letters", "hebrew letters", "math symbols", "arrows", "shapes", "noise",
    "inverted font digits", "LoRA rank {n}", "every convolution", "as trained", "white on black", "black on white",
    "inverted", "forgot to rescale", "standardised", "frozen features",
    "sequential: pretrain on latin letters", "sequential: pretrain on font digits", "random layer", "raw pixels",
    "pretrained f_shared", "random f_shared", "without digits", "fine-tune all blocks", "pixels", "phase {n}",
    "at 1e-{n}", "batch {n}", "learning rate {n}e-3", "learning rate 2.8e-3", "square root", "linear",
    "map, one step after the other",
    "map (tf.data defaults)", "parallel map, cache, prefetch",
)
_PUNCTUATION = ((", ", "，"), (": ", "："), (" (", "（"), ("(", "（"), (")", "）"))


@functools.lru_cache(maxsize=None)
def _phrase_patterns(language: str) -> tuple:
    patterns = []
    for phrase in sorted(STRATEGY_PHRASES, key=len, reverse=True):
        translated = _catalog(language).pgettext("strategy", phrase)
        pattern = re.escape(phrase).replace(r"\{n\}", r"(?P<n>\d+)")
        patterns.append((re.compile(r"(?<![\w-])" + pattern + r"(?![\w-])"), translated))
    return tuple(patterns)


def strategy_name(name: str) -> str:
    """Return a strategy's name as shown in the current language (the results keep the English key).

    Example:
        >>> from transferkit import language
        >>> language.set_language("zh-CN"); language.strategy_name("from scratch: small CNN")
        '从零训练：小型 CNN'
        >>> language.strategy_name("first 3 blocks, frozen")
        '前 3 个块，冻结'
        >>> language.set_language(None)
    """
    language = get_language()
    if language == "en":
        return name
    whole = pgettext("strategy", name)
    if whole != name:
        return whole
    pieces = [name]  # English pieces (even places) alternate with translated ones (odd places)
    for pattern, translated in _phrase_patterns(language):
        result = []
        for index, piece in enumerate(pieces):
            if index % 2:
                result.append(piece)
                continue
            position = 0
            for match in pattern.finditer(piece):
                number = match.groupdict().get("n")
                result += [piece[position:match.start()], translated.replace("{n}", number) if number else translated]
                position = match.end()
            result.append(piece[position:])
        pieces = result
    text = "".join(pieces)
    for english, chinese in _PUNCTUATION:
        text = text.replace(english, chinese)
    return re.sub(r" ?([（）]) ?", r"\1", _HAN_SPACE.sub("", text))  # no space beside Chinese or its brackets


def display_width(text: str) -> int:
    """Return how many monospace columns `text` takes: a Chinese character takes two.

    Example:
        >>> display_width("CNN"), display_width("从零训练")
        (3, 8)
    """
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """Pad `text` with spaces to `width` monospace columns, on the right (`"<"`) or on the left (`">"`).

    Example:
        >>> pad("微调", 6) + "|", pad("ok", 6, ">") + "|"
        ('微调  |', '    ok|')
    """
    spaces = " " * max(0, width - display_width(text))
    return text + spaces if align == "<" else spaces + text
