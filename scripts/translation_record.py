"""The guard that an English edit reaches the Chinese: a record of what each Chinese paragraph was checked against.

A catalog's fuzzy flag says an English cell changed, but clearing the flag without touching the Chinese
passed every test, and since an entry is a whole cell, a one-word edit made fifteen lines fuzzy. So
`i18n/zh_CN/checked.json` keeps, for every paragraph of every translated entry (and for every pair of
documents kept in both languages), a short hash of the English and of the Chinese as they were last seen
together. `course.py translate` brings a paragraph's record up to date only

- when its English is unchanged (the Chinese may be edited freely), or
- when its Chinese changed too (the translator followed the English), or
- when `i18n/zh_CN/reviewed.json` says a person read the new English and the Chinese still says it:
  `{"where": ..., "paragraph": N, "english": "<hash>"}` ("reviewed, unchanged").

Otherwise the old record stays, and `problems` names the paragraph; the test suite fails on it.
Paragraphs are split at blank lines; where the two languages have a different number of them, the entry
is one paragraph.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

# Documents kept in both languages, outside the catalogs: (English, Chinese), each a file or the part of a file
# before or from a heading ("path|heading": from the heading on; "path|-heading": what comes before it).
DOCUMENTS = [
    ("README.md", "README.zh-CN.md"),
    ("exercises/README.md", "exercises/README.zh-CN.md"),
    ("docs/glossary.md", "docs/glossary.zh-CN.md"),
    ("docs/article.md", "docs/article.zh-CN.md"),
    ("docs/datasets.md", "docs/datasets.zh-CN.md"),
    ("docs/instructors.md|-## 给中国教师的说明（中文）", "docs/instructors.md|## 给中国教师的说明（中文）"),
    ("docs/hub.md|-## 简体中文", "docs/hub.md|## 简体中文"),
    ("docs/deploy.md|-## 简体中文", "docs/deploy.md|## 简体中文"),
]


def digest(text: str) -> str:
    """A short hash of a paragraph, blind to trailing spaces and line wrapping.

    Example:
        >>> digest("a b\\n c ") == digest("a b c")
        True
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def paragraphs(english: str, chinese: str) -> list[tuple[str, str]]:
    """The pairs of paragraphs of a translation (the whole texts if their paragraphs do not pair up).

    Example:
        >>> paragraphs("One.\\n\\nTwo.", "一。\\n\\n二。")
        [('One.', '一。'), ('Two.', '二。')]
        >>> len(paragraphs("One.\\n\\nTwo.", "一。二。"))
        1
    """
    split = [[part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()] for text in (english, chinese)]
    return list(zip(*split)) if len(split[0]) == len(split[1]) else [(english, chinese)]


def document_text(root: Path, spec: str) -> str:
    """The text of "path", "path|heading" (from the heading on) or "path|-heading" (before it)."""
    path, _bar, heading = spec.partition("|")
    text = (root / path).read_text(encoding="utf-8")
    if not heading:
        return text
    before = heading.startswith("-")
    marker = heading.removeprefix("-")
    if marker not in text:
        raise ValueError(f"{path} has no heading {marker!r}: the record of its Chinese part needs it.")
    head, found, tail = text.partition(marker)
    return head if before else found + tail


def update(old: dict, pieces: dict[str, tuple[str, str]], reviewed: list[dict]) -> tuple[dict, list[str]]:
    """The new record for `pieces` ({where: (English, Chinese)}), and the paragraphs whose English changed
    while their Chinese did not (each named with what to do).

    Example:
        >>> record, problems = update({}, {"a": ("Two.", "二。")}, [])
        >>> record2, problems = update(record, {"a": ("Three.", "二。")}, [])
        >>> record2 == record, len(problems)
        (True, 1)
        >>> update(record, {"a": ("Three.", "三。")}, [])[1]
        []
    """
    accepted = {(item["where"], item["paragraph"], item["english"]) for item in reviewed}
    record, problems = {}, []
    for where, (english, chinese) in pieces.items():
        pairs = [(digest(en), digest(zh)) for en, zh in paragraphs(english, chinese)]
        before = old.get(where)
        if before is None:  # a new translation: recorded as it is
            record[where] = [list(pair) for pair in pairs]
            continue
        if len(before) != len(pairs):  # re-paragraphed: every Chinese paragraph must be new, or reviewed
            old_chinese = {zh for _en, zh in before}
            fine = all(zh not in old_chinese or (where, index, en) in accepted
                       for index, (en, zh) in enumerate(pairs))
            record[where] = [list(pair) for pair in pairs] if fine else before
            if not fine:
                problems.append(f"{where}: the English changed its paragraphs and the Chinese did not follow")
            continue
        new = []
        for index, ((en, zh), (old_en, old_zh)) in enumerate(zip(pairs, before)):
            if en == old_en or zh != old_zh or (where, index, en) in accepted:
                new.append([en, zh])
            else:
                new.append([old_en, old_zh])
                problems.append(f"{where}, paragraph {index + 1}: the English changed (now {en}) and the Chinese "
                                "did not. Translate it, or, if the Chinese still says the same, add "
                                f'{{"where": "{where}", "paragraph": {index}, "english": "{en}"}} to '
                                "i18n/zh_CN/reviewed.json")
        record[where] = new
    return record, problems


def dumps(record: dict) -> str:
    """One line per entry, so that a diff shows which paragraphs were checked again."""
    lines = [f" {json.dumps(where, ensure_ascii=False)}: {json.dumps(pairs)}" for where, pairs in sorted(record.items())]
    return "{\n" + ",\n".join(lines) + "\n}\n"
