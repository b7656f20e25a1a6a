"""Precompute the experiments too slow for a chapter, and write docs/studies.md.

1. **Source similarity** (chapter 07): train the small CNN on each of the ten source tasks of
   `tk.sources.SOURCE_TASKS` and ship the models (`transferkit/weights/sources/`); then transfer
   each to 5,000 real MNIST digits at 1, 3, 10 and 30 labels a class, five seeds: fine-tune the
   whole pretrained network (the from-scratch recipe, only the starting weights differ) and frozen
   features + logistic regression, against the same small CNN trained from scratch. Similarity
   scores: MMD between source and target images, and LEEP of the source model on the labelled
   target examples.
2. **Data quantity** (chapter 07): with 100 and 300 labels a class (at least 10 epochs), where
   the chapter's live curve runs out of time: the from-scratch small CNN (five seeds), and
   (three seeds) the source model's architecture from scratch and fine-tuning all its blocks.
3. **Shared blocks** (chapter 06): Yosinski et al.'s experiment on the shipped source model: keep
   its first k blocks (frozen, or fine-tuned) and train the rest from random weights, k = 0...5,
   30 labels a class, three seeds. k = 0 is the source architecture from scratch; k = 5
   fine-tuned is fine-tuning everything. Re-initialised BatchNormalization statistics are
   recomputed after training (`tk.models.recalibrate_batchnorm`).
4. **Domain adaptation** (chapter 08): font digits (labelled) -> handwritten digits (unlabelled):
   source only, MMD, CORAL and DANN (`tk.adapt`), five seeds.
5. **Augmentation** (chapter 09): the from-scratch small CNN with and without augmentation layers.
6. **Multi-task** (chapter 10): digits trained alone or jointly with an auxiliary rendered task.
7. **Text and speech** (chapter 12): the shipped text and speech source models transferred to words of
   unseen languages and to digits said by unseen voices, at 1-100 labels a class, five seeds.

Usage:
    python3 scripts/make_studies.py           # over an hour on 2 cores; writes the files
    python3 scripts/make_studies.py --quick   # a few minutes, writes nothing
    python3 scripts/make_studies.py --only=domain_adaptation,augmentation   # some later parts only, merged in
    python3 scripts/make_studies.py --check   # rerun seed 0 of every strategy at one budget (8 min); fail if
                                              # a stored run no longer repeats with today's code
    python3 scripts/make_studies.py --check --only=multitask   # check some parts only
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

import transferkit as tk  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_results import check_sentence, check_verdict, other_language, pages, report_reproduction, write_pages  # noqa: E402

from transferkit.language import gettext as _  # noqa: E402
from transferkit.language import strategy_name  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "studies.md"
STUDIES_FILE = tk.experiments.STUDIES_FILE
SCRATCH = "from scratch: small CNN"
SOURCE_ARCHITECTURE = "from scratch: source architecture"
FINE_TUNE_ALL = "fine-tune all blocks of the shipped source model"


def fine_tune_name(source: str) -> str:
    return f"fine-tune all, from {source}"


def frozen_name(source: str) -> str:
    return f"frozen + logistic regression, from {source}"


def train_sources(names, num_per_class: int) -> tuple[dict, dict]:
    models, info = {}, {}
    for name in names:
        start = time.perf_counter()
        model = tk.sources.train_source_model(name, num_per_class=num_per_class)
        held_out, held_out_labels = tk.sources.make_source_task(name, num_per_class=100, seed=1000)
        models[name] = model
        info[name] = {"description": tk.sources.SOURCE_TASKS[name],
                      "source_accuracy": tk.experiments.accuracy(model, held_out, held_out_labels),
                      "seconds": time.perf_counter() - start}
        print(f"source {name}: {100 * info[name]['source_accuracy']:.1f}% on unseen source images", flush=True)
    return models, info


def similarity_scores(source_model, name: str, images, labels, seeds) -> dict:
    source_images, _ = tk.sources.make_source_task(name, num_per_class=50, seed=2000)
    target_images = images[np.random.default_rng(0).choice(len(images), 500, replace=False)]
    flat = lambda x: x.reshape(len(x), -1)  # noqa: E731
    leep = []
    for seed in seeds:
        (x_few, y_few), _ = tk.data.few_shot_split(images, labels, 10, seed)
        leep.append(tk.similarity.leep(tk.experiments.predict_batched(source_model, x_few), y_few))
    return {"pixel_mmd": tk.similarity.mmd(flat(source_images), flat(target_images)),
            "leep_10_labels": float(np.mean(leep))}


def similarity_strategies(models: dict) -> dict:
    """From scratch, and each source model fine-tuned whole or frozen + logistic regression."""
    strategies = {SCRATCH: tk.strategies.make_from_scratch(10)}
    for name, model in models.items():
        strategies[fine_tune_name(name)] = tk.strategies.make_fine_tune_all(model, 10)
        base_model, _ = tk.models.split_sequential(model, len(model.layers) - 2)
        strategies[frozen_name(name)] = tk.strategies.make_feature_logistic_regression(base_model)
    return strategies


def quantity_strategies(shared, budget: int, steps: int) -> tuple[dict, dict]:
    """At `budget` labels a class, at least 10 epochs: the small CNN from scratch (run on every seed where
    the label-efficiency curve stops), and the source architecture from scratch and fine-tuned (three seeds)."""
    ten_epochs = math.ceil(10 * 10 * budget / 32)
    scratch = {SCRATCH: tk.strategies.make_from_scratch(10, steps=max(150, ten_epochs))}
    steps = max(steps, ten_epochs)
    source = {
        SOURCE_ARCHITECTURE: tk.strategies.make_share_first_blocks(shared, 0, 10, steps=steps, learning_rate=1e-3),
        FINE_TUNE_ALL: tk.strategies.make_share_first_blocks(shared, 5, 10, frozen=False, steps=steps,
                                                             learning_rate=1e-3),
    }
    return scratch, source


def shared_blocks_strategies(source_shared, steps: int) -> dict:
    strategies = {}
    for k in range(6):
        strategies[f"first {k} blocks, frozen"] = tk.strategies.make_share_first_blocks(
            source_shared, k, 10, frozen=True, steps=steps, learning_rate=1e-3)
        if k > 0:
            strategies[f"first {k} blocks, fine-tuned"] = tk.strategies.make_share_first_blocks(
                source_shared, k, 10, frozen=False, steps=steps, learning_rate=1e-3)
    return strategies


def shared_blocks_study(images, labels, seeds, steps: int) -> list[dict]:
    strategies = shared_blocks_strategies(tk.pretrained.load_shared_layers(), steps)
    return tk.experiments.compare_strategies(strategies, images, labels, (30,), seeds)


ADAPTATION_WEIGHTS = {"source only": 0.0, "mmd": 5.0, "coral": 100.0, "dann": 0.1}


def adaptation_study(seeds) -> list[dict]:
    """Font digits (labelled) -> handwritten digits (unlabelled), each method over the seeds."""
    digits, digit_labels = tk.data.load_handwritten_digits("mnist5k")
    (unlabelled, _), (test_images, test_labels) = tk.data.few_shot_split(digits, digit_labels, 250, seed=0)
    source_images, source_labels = tk.sources.make_source_task("font digits", num_per_class=250, seed=0)
    held_out, held_out_labels = tk.sources.make_source_task("font digits", num_per_class=50, seed=1000)
    rows = []
    for method, weight in ADAPTATION_WEIGHTS.items():
        for seed in seeds:
            start = time.perf_counter()
            model = tk.adapt.fit_adapted(method, source_images, source_labels, unlabelled, weight, seed=seed)
            shared = model.get_layer("shared")
            source_features = tk.experiments.predict_batched(shared, held_out)
            target_features = tk.experiments.predict_batched(shared, test_images[:500])
            rows.append({"strategy": method, "weight": weight, "labels_per_class": 0, "seed": seed,
                         "accuracy": tk.experiments.accuracy(model, test_images, test_labels),
                         "source_accuracy": tk.experiments.accuracy(model, held_out, held_out_labels),
                         "proxy_a_distance": tk.similarity.proxy_a_distance(source_features, target_features),
                         "seconds": time.perf_counter() - start})
            print(method, seed, {k: round(v, 3) for k, v in rows[-1].items() if isinstance(v, float)}, flush=True)
    return rows


def augmentation_strategies() -> dict:
    """The from-scratch small CNN with and without augmentation layers, 150 and 600 steps."""
    strategies = {}
    for steps in (150, 600):
        if steps != 150:
            strategies[f"from scratch, {steps} steps"] = tk.strategies.make_from_scratch(10, steps=steps)
        strategies[f"from scratch + augmentation, {steps} steps"] = tk.strategies.make_from_scratch(
            10, steps=steps, preprocessing=tk.data.build_augmentation())
    return strategies


def augmentation_study(seeds) -> list[dict]:
    images, labels = tk.data.load_handwritten_digits("mnist5k")
    return tk.experiments.compare_strategies(augmentation_strategies(), images, labels, (1, 10, 30), seeds)


MULTITASK_AUXILIARY = ("latin letters", "font digits")


def multitask_strategies() -> dict:
    """Handwritten digits with few labels, trained alone or together with a rendered auxiliary task."""
    strategies = {}
    for name in MULTITASK_AUXILIARY:
        auxiliary_images, auxiliary_labels = tk.sources.make_source_task(name, num_per_class=300, seed=0)
        if not strategies:
            strategies["alone (auxiliary weight 0)"] = tk.strategies.make_multitask(
                auxiliary_images, auxiliary_labels, 10, auxiliary_weight=0.0)
        strategies[f"multi-task with {name}"] = tk.strategies.make_multitask(auxiliary_images, auxiliary_labels, 10)
    return strategies


def multitask_study(seeds) -> list[dict]:
    images, labels = tk.data.load_handwritten_digits("mnist5k")
    return tk.experiments.compare_strategies(multitask_strategies(), images, labels, (1, 10), seeds)


TEXT_AND_SPEECH_BUDGETS = {"text": (1, 3, 10, 30, 100), "speech": (1, 3, 10, 30)}


def sequence_task(task: str) -> tuple[np.ndarray, np.ndarray, dict]:
    """Chapter 12's target task ("text" or "speech"): its inputs, labels and the strategies compared on it."""
    module = getattr(tk, task)
    if task == "text":
        words, labels, class_names = tk.text.load_words("target")
        inputs = tk.text.encode_words(words)
    else:
        inputs, labels, class_names = tk.speech.load_spoken_words("target")
    num_classes, base_model = len(class_names), module.load_shared_layers()
    base_model.trainable = False
    build = module.build_source_model
    strategies = {
        "from scratch (source architecture)": tk.strategies.make_from_scratch(num_classes, build_model=build),
        "from scratch, 600 steps": tk.strategies.make_from_scratch(num_classes, steps=600, build_model=build),
        "feature extraction (Dense head)": tk.strategies.make_feature_extraction(base_model, num_classes),
        "feature extraction (logistic regression)": tk.strategies.make_feature_logistic_regression(base_model),
        "fine-tuning (head, then all layers at 1e-4)": tk.strategies.make_fine_tuning(
            module.load_shared_layers, num_classes, top_layers=None),
    }
    return inputs, labels, strategies


def sequence_transfer_study(task: str, seeds) -> list[dict]:
    """Chapter 12: transfer against from scratch on words of unseen languages or digits said by unseen voices."""
    inputs, labels, strategies = sequence_task(task)
    results = tk.experiments.compare_strategies(strategies, inputs, labels, TEXT_AND_SPEECH_BUDGETS[task], seeds)
    print(tk.experiments.format_summary(results), flush=True)
    return results


PARTS = {"domain_adaptation": adaptation_study, "augmentation": augmentation_study, "multitask": multitask_study,
         "text_transfer": lambda seeds: sequence_transfer_study("text", seeds),
         "speech_transfer": lambda seeds: sequence_transfer_study("speech", seeds)}
SHARED_BLOCKS_STEPS = 300
# Parts that `--only` can rerun alone: the later ones, and the shared blocks (on the shipped source model).
RERUNNABLE = {"shared_blocks": lambda seeds: shared_blocks_study(*tk.data.load_handwritten_digits("mnist5k"),
                                                                 seeds[:3], SHARED_BLOCKS_STEPS),
              **PARTS}


def previous_timing() -> tuple[float, str]:
    """The full run's seconds and the partial-rerun sentences that docs/studies.md states (0 and "" if none)."""
    text = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    full = re.search(r"(?:total|a full run takes) (\d+) min", text)
    rerun = re.search(r"Rerun alone .*\)\.", text)
    return (60 * float(full.group(1)) if full else 0.0), (rerun.group(0) if rerun else "")


FULL_RUN_LINE = re.compile(r"^Date (?P<date>\S+); (?P<cores>\d+) CPU cores; tensorflow (?P<tensorflow>\S+), "
                           r"keras (?P<keras>\S+);", flags=re.M)


def full_run() -> dict | None:
    """The full run's date, cores and versions that docs/studies.md states (None if it states none).

    A page rendered again from the stored studies keeps them: they describe the run, not the machine
    that renders the page."""
    found = FULL_RUN_LINE.search(OUTPUT.read_text(encoding="utf-8")) if OUTPUT.exists() else None
    return found.groupdict() if found else None


def rerun_sentence(previous: str, parts: list[str], minutes: float, today: str) -> str:
    """The header's account of the parts rerun alone since the full run, one sentence per date.

    A part rerun again moves to today's sentence; today's minutes add up.

    Example:
        >>> earlier = "Rerun alone on 2026-11-28: multitask, augmentation (3 min)."
        >>> rerun_sentence(earlier, ["augmentation"], 2, "2026-11-29")
        'Rerun alone on 2026-11-28: multitask (3 min). Rerun alone on 2026-11-29: augmentation (2 min).'
    """
    dates = {}
    for date, listed, spent in re.findall(r"Rerun alone on (\S+): ([^(]+) \((\d+) min\)\.", previous):
        dates[date] = [[part for part in listed.split(", ") if part not in parts], float(spent)]
    today_parts = dates.setdefault(today, [[], 0.0])
    today_parts[0] += [part for part in parts if part not in today_parts[0]]
    today_parts[1] += minutes
    return " ".join(f"Rerun alone on {date}: {', '.join(listed)} ({spent:.0f} min)."
                    for date, (listed, spent) in dates.items() if listed)


def chinese_rerun(rerun: str) -> str:
    """The rerun sentences (kept in English in docs/studies.md, which the next run reads) in the current language."""
    return re.sub(r"Rerun alone on (\S+): ([^(]+) \((\d+) min\)\.",
                  lambda m: _("Rerun alone on {date}: {parts} ({minutes} min).").format(
                      date=m.group(1), parts=m.group(2), minutes=m.group(3)), rerun)


def markdown(studies: dict, seconds: float, rerun: str = "", run: dict | None = None) -> str:
    """docs/studies.md in the current language: `seconds` is what a full run takes; `rerun` says which parts
    were rerun alone since; `run` is the full run's date, cores and versions (today's and this machine's if
    None)."""
    versions = tk.environment.versions()
    run = run or {"date": datetime.date.today().isoformat(), "cores": tk.environment.hardware()["cpu_cores"],
                  "tensorflow": versions["tensorflow"], "keras": versions["keras"]}
    sources = studies["sources"]
    budgets = studies["budgets"]
    lines = [
        "# " + _("Studies: the experiments chapters 06-12 load"),
        "",
        _("Written by `scripts/make_studies.py` (`python3 course.py studies`); do not edit by hand. Chapters 06-12 "
          "load these numbers\n(`tk.experiments.load_reference_results`) where rerunning them would take longer than "
          "a minute.") + " " + other_language(OUTPUT),
        check_sentence("studies"),
        _("Date {date}; {cores} CPU cores; tensorflow {tensorflow}, keras {keras}; a full run takes {minutes:.0f} min.").format(
            **run, minutes=seconds / 60)
        + (f" {chinese_rerun(rerun)}" if rerun else ""),
        "",
        "## " + _("Source similarity (chapter 07)"),
        "",
        _("Ten small CNNs, one per source task (10 classes, 600 rendered images a class, 6 epochs), transferred to\n"
          "5,000 MNIST digits. Mean ± sample std (ddof=1) of test accuracy (%) over n = {seeds} seeds; gain = "
          "transfer minus from scratch, paired by seed.").format(seeds=len(studies["seeds"])),
        "",
        f"| {_('source task')} | {_('source accuracy')} | {_('pixel MMD')} | {_('LEEP (10 labels)')} | "
        + " | ".join(_("fine-tune gain, {count}/class").format(count=b) for b in budgets) + " | "
        + " | ".join(_("frozen gain, {count}/class").format(count=b) for b in budgets) + " |",
        "|---|---:|---:|---:|" + "---:|" * (2 * len(budgets)),
    ]
    gains = {(row["strategy"], row["labels_per_class"]): row
             for row in tk.experiments.gains_over_baseline(studies["source_similarity"], SCRATCH)}
    for name, info in sources.items():
        cells = [f"{100 * info['source_accuracy']:.1f}", f"{info['pixel_mmd']:.3f}", f"{info['leep_10_labels']:.2f}"]
        for strategy in (fine_tune_name(name), frozen_name(name)):
            for budget in budgets:
                row = gains[(strategy, budget)]
                cells.append(f"{100 * row['gain']:+.1f} ± {100 * row['std']:.1f}")
        lines.append(f"| {strategy_name(name)} | " + " | ".join(cells) + " |")
    lines += ["", _("From scratch (the baseline):"), "", "```",
              tk.experiments.format_summary([r for r in studies["source_similarity"] if r["strategy"] == SCRATCH]),
              "```", "", "## " + _("Data quantity (chapter 07)"), "",
              _("More labels (at least 10 epochs of training):"), "", "```",
              tk.experiments.format_summary(studies["data_quantity"]), "```", "",
              "## " + _("Shared blocks (chapter 06)"), "",
              _("The shipped source model's first k blocks, frozen or fine-tuned, the rest re-initialised and trained\n"
                "({steps} steps, Adam 1e-3, 30 labels a class):").format(steps=studies["shared_blocks_steps"]), "", "```",
              tk.experiments.format_summary(studies["shared_blocks"]), "```", ""]
    if "domain_adaptation" in studies:
        rows = studies["domain_adaptation"]
        lines += ["## " + _("Domain adaptation (chapter 08)"), "",
                  _("Source: 2,500 font digits (labelled). Target: 2,500 MNIST digits (unlabelled) for adaptation, the "
                    "other\n2,500 for testing. Weights chosen in a one-seed pilot that looked at target test accuracy "
                    "(a real\nunsupervised setting could not do that, so this favours adaptation)."), "",
                  f"| {_('method')} | {_('weight')} | {_('target accuracy')} | {_('source-domain accuracy')} | "
                  f"{_('proxy A-distance')} |", "|---|---:|---:|---:|---:|"]
        for method in dict.fromkeys(row["strategy"] for row in rows):
            mine = [row for row in rows if row["strategy"] == method]
            cell = lambda key, scale: f"{scale * np.mean([r[key] for r in mine]):.{1 if scale > 1 else 2}f} ± {scale * np.std([r[key] for r in mine]):.{1 if scale > 1 else 2}f}"  # noqa: E731
            lines.append(f"| {strategy_name(method)} | {mine[0]['weight']:g} | {cell('accuracy', 100)} | "
                         f"{cell('source_accuracy', 100)} | {cell('proxy_a_distance', 1)} |")
        lines.append("")
    if "augmentation" in studies:
        lines += ["## " + _("Augmentation (chapter 09)"), "",
                  _("The from-scratch small CNN with `tk.data.build_augmentation()` in front (random rotation, shift "
                    "and\nzoom, in training only), against the same network without, for the same number of steps:"),
                  "", "```", tk.experiments.format_summary(studies["augmentation"]), "```", ""]
    if "multitask" in studies:
        lines += ["## " + _("Multi-task (chapter 10)"), "",
                  _("One f_shared (small CNN, 128 features) and two heads trained together: handwritten digits with "
                    "few\nlabels, plus 3,000 rendered images of an auxiliary task; 300 steps."), "", "```",
                  tk.experiments.format_summary(studies["multitask"]), "```", ""]
    if "text_transfer" in studies:
        lines += ["## " + _("Text and speech (chapter 12)"), "",
                  _("Words of 6 languages the text source model never saw (300 a language), and the ten digits said "
                    "by\n30 voices the speech source model never heard (50 clips a digit); f_shared from the shipped "
                    "text and\nspeech source models (docs/datasets.md). From scratch trains the source model's own "
                    "architecture from\nrandom weights, 150 steps of 32 examples (and 600, to show more training does "
                    "not close the gap)."), ""]
        for task, title in (("text", _("Text:")), ("speech", _("Speech:"))):
            lines += [title, "", "```", tk.experiments.format_summary(studies[f"{task}_transfer"]), "```", ""]
    return "\n".join(lines)


def stored_pages() -> dict[Path, str]:
    """docs/studies.md and its Chinese twin as `--render` writes them from the stored studies."""
    stored, timing, run = json.loads(STUDIES_FILE.read_text(encoding="utf-8")), previous_timing(), full_run()
    return pages(OUTPUT, lambda: markdown(stored, *timing, run=run))


def check(only: list[str] | None = None) -> int:
    """Rerun seed 0 of every stored strategy at one label budget and compare with the stored runs.

    The source models are the shipped ones (a full run trains them again); every other part is built
    as the full run builds it. `only` names the parts to check (all of them if None)."""
    studies = json.loads(STUDIES_FILE.read_text(encoding="utf-8"))
    environments = studies.get("environments", {})
    images, labels = tk.data.load_handwritten_digits("mnist5k")
    shared, steps = tk.pretrained.load_shared_layers(), studies["shared_blocks_steps"]
    models = {name: tk.sources.load_source_model(name) for name in studies["sources"]}
    plan = {"source_similarity": (similarity_strategies(models), images, labels, 10),
            "data_quantity": (quantity_strategies(shared, 10, steps)[1], images, labels, 10),
            "shared_blocks": (shared_blocks_strategies(shared, steps), images, labels, 30),
            "augmentation": (augmentation_strategies(), images, labels, 10),
            "multitask": (multitask_strategies(), images, labels, 10)}
    for task in ("text", "speech"):
        inputs, task_labels, strategies = sequence_task(task)
        plan[f"{task}_transfer"] = (strategies, inputs, task_labels, 10)
    known = [*plan, "domain_adaptation"]
    unknown = sorted(set(only or ()) - set(known))
    if unknown:
        raise SystemExit(f"Unknown parts {unknown}. Choose from {sorted(known)}, e.g. --check --only=multitask.")
    differing = {}
    for part, (strategies, x, y, budget) in plan.items():
        if only is None or part in only:
            fresh = tk.experiments.compare_strategies(strategies, x, y, (budget,), (0,))
            differing[part] = report_reproduction(part, studies[part], fresh, environments.get(part))
    if only is None or "domain_adaptation" in only:
        differing["domain_adaptation"] = report_reproduction("domain_adaptation", studies["domain_adaptation"],
                                                             adaptation_study((0,)), environments.get("domain_adaptation"))
    parts = [part for part, count in differing.items() if count]
    alone = [part for part in parts if part in RERUNNABLE]
    rerun = " and ".join(([f"python3 course.py studies --only={','.join(alone)}"] if alone else [])
                         + (["python3 course.py studies (the full run, over an hour)"] if len(alone) < len(parts) else []))
    return check_verdict(sum(differing.values()), rerun)


def main(argv: list[str]) -> int:
    only = [arg.split("=", 1)[1] for arg in argv if arg.startswith("--only=")]
    if "--check" in argv:
        return check(only[0].split(",") if only else None)
    if "--render" in argv:  # rewrite docs/studies.md from the stored studies (e.g. after a change of format)
        for path, text in stored_pages().items():
            path.write_text(text, encoding="utf-8")
        return 0
    quick = "--quick" in argv
    start = time.perf_counter()
    seeds = (0, 1) if quick else (0, 1, 2, 3, 4)
    if only:  # rerun some of the later parts and merge them into the existing studies
        parts = only[0].split(",")
        unknown = sorted(set(parts) - set(RERUNNABLE))
        if unknown:
            raise SystemExit(f"Unknown parts {unknown}. Choose from {sorted(RERUNNABLE)}, e.g. --only=multitask.")
        studies = json.loads(STUDIES_FILE.read_text(encoding="utf-8"))
        for part in parts:
            studies[part] = RERUNNABLE[part](seeds)
            studies.setdefault("environments", {})[part] = tk.environment.numeric_environment()
            STUDIES_FILE.write_text(json.dumps(studies, indent=0) + "\n", encoding="utf-8")
        # The header keeps what a full run takes and says what was rerun alone, and how long that took.
        full_run_seconds, previous = previous_timing()
        rerun = rerun_sentence(previous, parts, (time.perf_counter() - start) / 60, datetime.date.today().isoformat())
        run = full_run()
        write_pages(OUTPUT, lambda: markdown(studies, full_run_seconds, rerun, run=run))
        return 0
    budgets = (1, 10) if quick else tk.experiments.LABEL_BUDGETS
    names = ["font digits", "shapes", "noise"] if quick else list(tk.sources.SOURCE_TASKS)
    images, labels = tk.data.load_handwritten_digits("mnist5k")

    models, sources = train_sources(names, num_per_class=100 if quick else 600)
    for name in names:
        sources[name].update(similarity_scores(models[name], name, images, labels, seeds))
    similarity = tk.experiments.compare_strategies(similarity_strategies(models), images, labels, budgets, seeds)
    print(tk.experiments.format_gains(similarity, SCRATCH), flush=True)

    steps = 100 if quick else SHARED_BLOCKS_STEPS
    blocks = shared_blocks_study(images, labels, seeds[:3] if not quick else (0,), steps)
    print(tk.experiments.format_summary(blocks), flush=True)

    quantity, shared = [], tk.pretrained.load_shared_layers()
    for budget in ((100,) if quick else (10, 100, 300)):
        scratch, source = quantity_strategies(shared, budget, steps)
        if budget > max(budgets):
            quantity += tk.experiments.compare_strategies(scratch, images, labels, (budget,), seeds)
        quantity += tk.experiments.compare_strategies(source, images, labels, (budget,), seeds[:3])
    print(tk.experiments.format_summary(quantity), flush=True)
    studies = {"seeds": list(seeds), "budgets": list(budgets), "sources": sources,
               "source_similarity": similarity, "data_quantity": quantity,
               "shared_blocks": blocks, "shared_blocks_steps": steps}
    for part, study in PARTS.items():
        studies[part] = study(seeds)
    studies["environments"] = dict.fromkeys(["source_similarity", "data_quantity", "shared_blocks", *PARTS],
                                            tk.environment.numeric_environment())
    if quick:
        print(markdown(studies, time.perf_counter() - start))
        return 0
    tk.sources.WEIGHTS_DIR.mkdir(parents=True, exist_ok=True)
    shipped = {}
    for name, model in models.items():
        path = tk.sources.WEIGHTS_DIR / tk.sources.file_name(name)
        model.save(path)
        shipped[name] = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                         "source_accuracy": sources[name]["source_accuracy"]}
    tk.sources.INFO_FILE.write_text(json.dumps(
        {"models": shipped, "reproduce": "python3 scripts/make_studies.py"}, indent=1) + "\n", encoding="utf-8")
    STUDIES_FILE.write_text(json.dumps(studies, indent=0) + "\n", encoding="utf-8")
    seconds = time.perf_counter() - start
    write_pages(OUTPUT, lambda: markdown(studies, seconds))
    print(f"wrote {OUTPUT.relative_to(ROOT)} (and its Chinese twin), {STUDIES_FILE.relative_to(ROOT)} and the source models")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
