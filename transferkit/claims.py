"""Check a comparative sentence ("fine-tuning beat training from scratch") against the runs it rests on.

A sentence that compares strategies says three things: which strategy did what, against which baseline,
at which label budgets. Each such sentence of the course has a *claim record* next to it (in the markdown
cell's metadata, `"claims"`, or in an HTML comment in a document), for example:

    {"sentence": "Fine-tuning was level with ...", "strategy": "fine-tuning",
     "baseline": "from scratch: logistic regression on raw pixels", "budgets": [1, 3], "seeds": [0, 1, 2],
     "relation": "level", "source": "live"}

`check_claim` computes the strongest baseline at each budget from the results themselves (every strategy
whose name starts with "from scratch", unless the record lists its `baselines`), and fails with a sentence
a learner understands if the record names a weaker one, or if the relation does not hold over the seeds.
`source` says where the numbers come from: `"live"` (the chapter's own run, checked in the chapter's check
cell) or `"<name>"` of `tk.experiments.load_reference_results` (the stored runs of docs/results.md and
docs/studies.md, checked by tests/test_claims.py).

Relations, on the gain of `strategy` over `baseline` paired by seed (same split):

- `"better"` / `"worse"`: the mean gain is above / below zero (with `every_seed`, on every seed);
- `"level"`: the mean gain is within its spread over seeds (|mean| <= sample std).

Example:
    >>> rows = [{"strategy": s, "labels_per_class": 1, "seed": seed, "accuracy": a}
    ...         for s, seed, a in [("from scratch", 0, .50), ("transfer", 0, .70),
    ...                            ("from scratch", 1, .60), ("transfer", 1, .72)]]
    >>> [round(row["gain"], 2) for row in check_claim(rows, strategy="transfer", baseline="from scratch",
    ...                                                budgets=[1], seeds=[0, 1], relation="better")]
    [0.16]
"""

from __future__ import annotations

import numpy as np

from transferkit.language import gettext as _
from transferkit.language import pgettext as _p
from transferkit.language import strategy_name

RELATIONS = ("better", "worse", "level")


def is_baseline(name: str) -> bool:
    """A baseline uses nothing from a source task: in the course's names, it is trained "from scratch"."""
    return name.lower().startswith("from scratch")


def _budget(budget) -> str:
    return _("1 label a class") if budget == 1 else _("{count} labels a class").format(count=budget)


def _said(relation: str, every_seed: bool) -> str:
    """What the sentence says the strategy did ("beat on every seed"), in the current language."""
    words = {"better": _p("relation", "beat"), "worse": _p("relation", "lost to"),
             "level": _p("relation", "was level with")}[relation]
    if not every_seed:
        return words
    return {"better": _p("relation", "beat on every seed"), "worse": _p("relation", "lost on every seed to"),
            "level": words}[relation]


def _accuracies(results, strategy, budget, seeds) -> dict:
    return {row["seed"]: row["accuracy"] for row in results
            if row["strategy"] == strategy and row["labels_per_class"] == budget and row["seed"] in seeds}


def check_claim(results: list[dict], strategy: str, baseline: str, budgets, seeds, relation: str,
                every_seed: bool = False, baselines=None, **record) -> list[dict]:
    """Check that `strategy` did `relation` against the strongest baseline at each budget, over `seeds`.

    Args:
        results: rows as returned by `tk.experiments.compare_strategies` (or stored ones).
        strategy, baseline: the strategy the sentence is about, and the baseline it names.
        budgets, seeds: the label budgets and seeds the sentence speaks of (both sides run on every seed).
        relation: `"better"`, `"worse"` or `"level"` (see the module's docstring).
        every_seed: for `"better"`/`"worse"`, the sentence says "on every seed".
            `baseline` may be a list: the sentence names "the better of these" (e.g. from scratch at 150 or 600
            steps), and the comparison is with whichever of them did better at each budget.
        baselines: the names that count as baselines; by default every strategy named "from scratch...".
        **record: the rest of the claim record (`sentence`, `source`), kept for the messages.

    Returns:
        One dict per budget: `labels_per_class`, `best_baseline`, `gain`, `std`, `min`, `max` (fractions).

    Raises:
        ValueError: if the record asks for something the results do not hold.
        AssertionError: if the named baseline is not the strongest, or the relation does not hold.
    """
    if relation not in RELATIONS:
        raise ValueError(f"Unknown relation. Received: relation={relation!r}. Expected one of {RELATIONS}.")
    seeds, names = list(seeds), list(dict.fromkeys(row["strategy"] for row in results))
    pool = list(baselines) if baselines is not None else [name for name in names if is_baseline(name)]
    named = [baseline] if isinstance(baseline, str) else list(baseline)
    for name in [strategy, *named]:
        if name not in names:
            raise ValueError(f"The claim names a strategy the results do not hold. Received: {name!r}; "
                             f"the results hold {names}. Use one of those names in the claim record.")
    if not set(named) <= set(pool):
        raise ValueError(f"The claim's baseline is not a baseline. Received: baseline={baseline!r}; the baselines "
                         f"in these results are {pool}.")
    checked = []
    for budget in budgets:
        means = {name: np.mean(list(values.values())) for name in pool
                 if len(values := _accuracies(results, name, budget, seeds)) == len(seeds)}
        if not means:
            raise ValueError(f"No baseline in the results has all of seeds {seeds} at {_budget(budget)}: the claim must "
                             "compare over the same seeds on both sides. Pass the seeds both sides were run with.")
        best = max(means, key=means.get)
        candidates = [name for name in named if name in means]
        mine = _accuracies(results, strategy, budget, seeds)
        if sorted(mine) != sorted(seeds) or not candidates:
            raise ValueError(f"The claim speaks of seeds {seeds} at {_budget(budget)}, but the results hold seeds "
                             f"{sorted(mine)} for {strategy!r} and not all of them for {baseline!r}: both sides "
                             "must be measured over the same seeds.")
        compared = max(candidates, key=means.get)  # a list names "the better of these"
        if means[best] > means[compared]:
            raise AssertionError(_(
                "The text compares {strategy} with {compared} at {budget}, but the strongest baseline at that budget, "
                "over the same seeds, is {best} ({best_accuracy:.1f}% against {compared_accuracy:.1f}%): the sentence "
                "must name it and compare with it.").format(
                    strategy=strategy_name(strategy), compared=strategy_name(compared), budget=_budget(budget),
                    best=strategy_name(best), best_accuracy=100 * means[best], compared_accuracy=100 * means[compared]))
        theirs = _accuracies(results, compared, budget, seeds)
        gains = np.array([mine[seed] - theirs[seed] for seed in seeds])
        gain, std = float(gains.mean()), float(gains.std(ddof=1)) if len(gains) > 1 else 0.0
        holds = {"better": gains.min() > 0 if every_seed else gain > 0,
                 "worse": gains.max() < 0 if every_seed else gain < 0,
                 "level": abs(gain) <= std}[relation]
        if not holds:
            raise AssertionError(_(
                "The text says {strategy} {said} {compared} at {budget}, but these runs measured a gain of "
                "{gain:+.1f} ± {std:.1f} points (from {lowest:+.1f} to {highest:+.1f} over {seeds} seeds): rerun the "
                "notebook from the top; if it persists, the text needs updating.").format(
                    strategy=strategy_name(strategy), said=_said(relation, every_seed), compared=strategy_name(compared),
                    budget=_budget(budget), gain=100 * gain, std=100 * std, lowest=100 * gains.min(),
                    highest=100 * gains.max(), seeds=len(seeds)))
        checked.append({"labels_per_class": budget, "best_baseline": best, "gain": gain, "std": std,
                        "min": float(gains.min()), "max": float(gains.max())})
    return checked


def check_claims(results: list[dict], records: list[dict]) -> list[list[dict]]:
    """`check_claim` for each record that compares (a record with `"relation": null` marks a sentence that only
    looks like a comparison); returns their rows, one list per record."""
    return [check_claim(results, **record) for record in records if record.get("relation") is not None]
