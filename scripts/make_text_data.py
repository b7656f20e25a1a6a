"""Derive the words data once from wordfreq's frequency lists: `python scripts/make_text_data.py`.

The task definitions (committed before any transfer result was measured):

- Source task: which of 16 languages is this word? 1,200 words a language.
- Target task: which of 6 other languages (Danish, Finnish, Hungarian, Latvian, Romanian, Slovak) is
  this word? 300 words a language: languages the source model never saw.

All 22 languages are written in the Latin alphabet. A language's words are drawn at random (seed 0)
from its 5,000 most frequent words in wordfreq (`wordfreq.top_n_list`), keeping words of 3-14
letters (no digits or punctuation) that are not among the 5,000 most frequent words of any other of
the 22 languages, so every word has one right answer. The result, transferkit/datasets/words.tsv.gz
("task, language, word" per line), is licensed CC BY-SA 4.0 like wordfreq's data (see
transferkit/datasets/LICENSE-words.md). Needs `pip install wordfreq` (3.x); learners never run this.
"""

from __future__ import annotations

import gzip
from importlib.metadata import version
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transferkit import text  # noqa: E402

TOP_WORDS = 5000
SOURCE_WORDS, TARGET_WORDS = 1200, 300


def main() -> int:
    import wordfreq

    languages = text.SOURCE_LANGUAGES + text.TARGET_LANGUAGES
    top = {language: wordfreq.top_n_list(language, TOP_WORDS) for language in languages}
    lines = []
    for task, task_languages, per_language in (("source", text.SOURCE_LANGUAGES, SOURCE_WORDS),
                                               ("target", text.TARGET_LANGUAGES, TARGET_WORDS)):
        for language in task_languages:
            elsewhere = set().union(*(set(top[other]) for other in languages if other != language))
            candidates = sorted(word for word in set(top[language])
                                if word.isalpha() and 3 <= len(word) <= 14 and word not in elsewhere)
            if len(candidates) < per_language:
                raise RuntimeError(f"{language}: only {len(candidates)} words qualify; {per_language} needed.")
            chosen = np.random.default_rng(0).choice(candidates, size=per_language, replace=False)
            lines += [f"{task}\t{language}\t{word}" for word in sorted(chosen)]
            print(f"{task} {language}: {per_language} of {len(candidates)} words", flush=True)
    text.DATA_FILE.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(text.DATA_FILE, "wb", mtime=0) as output:
        output.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"wrote {text.DATA_FILE} ({text.DATA_FILE.stat().st_size / 1e3:.0f} KB), wordfreq {version('wordfreq')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
