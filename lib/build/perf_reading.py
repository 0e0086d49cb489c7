"""What the Performance page's prose says about the committed benchmark runs, read from `lib.build.perf`'s tables.

`goals_sentence(perf.ratios(runs))`: for every ratio that has a goal, whether every run meets it, some runs, or none,
with the values. `blocks_run(runs)`: how many decoder blocks a read of the benchmarks' layer runs, per model.
"""
from __future__ import annotations

import pandas as pd

from lib.errors import BadInput


def _short(model: str) -> str:
    return model.split("/")[-1]


def goals_sentence(ratios: pd.DataFrame) -> str:
    """One sentence over `perf.ratios`: each goal-bearing measure met in every run, in some (which model meets it and
    which misses it, with the ratios), or in none. Whether a run meets a goal is the table's `met` column, decided on
    the unrounded ratio (0.9496 against 0.95 is missed though its `ratio` shows 0.950), never recomputed here."""
    if not {"model", "measure", "ratio", "goal", "met"} <= set(ratios.columns):
        raise BadInput("goals_sentence reads the table of lib.build.perf.ratios(runs) (model, measure, ratio, goal, "
                       f"met); got columns {sorted(ratios.columns)}")
    goals = ratios[ratios.goal.notna()]
    if goals.empty:
        raise BadInput("no ratio with a goal in the runs: commit a benchmarks/gpu_real_arch.py result to "
                       "benchmarks/results/")
    if goals.met.isna().any():
        raise BadInput("a ratio with a goal has no `met`: build the table with lib.build.perf.ratios(runs), which "
                       "decides it on the unrounded ratio")
    every, some, none = [], [], []
    for measure, rows in goals.groupby("measure", sort=False):
        goal, met = float(rows.goal.iloc[0]), rows.met.astype(bool)
        values = ", ".join(f"{r.ratio:.3f} on {_short(r.model)}" for r in rows.itertuples())
        if met.all():
            every.append(f"{measure} ({values}; goal {goal:g})")
        elif not met.any():
            none.append(f"{measure} ({values}; goal {goal:g})")
        else:
            hit = ", ".join(f"{_short(r.model)} at {r.ratio:.3f}" for r in rows[met].itertuples())
            miss = ", ".join(f"{_short(r.model)} at {r.ratio:.3f}" for r in rows[~met].itertuples())
            some.append(f"{measure} (goal {goal:g}: met on {hit}, missed on {miss})")
    parts = [(every, "Met in every run"), (some, "Met in some runs only"), (none, "Met in no run")]
    return " ".join(f"{head}: {'; '.join(found)}." for found, head in parts if found)


def blocks_run(runs: list[dict]) -> str:
    """'19 of 32 on Llama-3.1-8B, 19 of 28 on Qwen2.5-7B-Instruct': the decoder blocks a read that stops after the
    benchmarks' layer runs (layer is 0-based: block `layer` is the last to run), per run."""
    if not runs:
        raise BadInput("no benchmark runs: commit a benchmarks/gpu_real_arch.py result to benchmarks/results/")
    return ", ".join(f"{r['layer'] + 1} of {r['model_config']['n_layers']} on {_short(r['model_config']['name'])}"
                     for r in runs)
