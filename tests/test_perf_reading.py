"""lib.build.perf_reading: every reading of the goals sentence, and the blocks a truncated read runs."""
import pandas as pd
import pytest

from lib.build import perf_reading
from lib.errors import BadInput


def _ratios(rows):
    return pd.DataFrame([dict(model=m, measure=what, ratio=r, goal=g, met=None if g is None else r >= g)
                         for m, what, r, g in rows])


def test_goals_sentence_every_reading():
    table = _ratios([("org/A-8B", "read / forward", 1.2, 0.95), ("org/B-7B", "read / forward", 0.96, 0.95),
                     ("org/A-8B", "steer / generate", 1.0, 0.95), ("org/B-7B", "steer / generate", 0.9, 0.95),
                     ("org/A-8B", "static / generate", 1.8, 2.0), ("org/B-7B", "static / generate", 1.9, 2.0),
                     ("org/A-8B", "lens / forward", 0.6, None)])  # no goal: never read
    assert perf_reading.goals_sentence(table) == (
        "Met in every run: read / forward (1.200 on A-8B, 0.960 on B-7B; goal 0.95). "
        "Met in some runs only: steer / generate (goal 0.95: met on A-8B at 1.000, missed on B-7B at 0.900). "
        "Met in no run: static / generate (1.800 on A-8B, 1.900 on B-7B; goal 2).")
    only_met = perf_reading.goals_sentence(table[table.measure == "read / forward"])
    assert only_met.startswith("Met in every run:") and "Met in no run" not in only_met and "some" not in only_met
    assert perf_reading.goals_sentence(table[table.measure == "static / generate"]).startswith("Met in no run:")
    exactly = _ratios([("org/A", "read / forward", 0.95, 0.95)])
    assert perf_reading.goals_sentence(exactly).startswith("Met in every run:")  # a goal is met at equality
    with pytest.raises(BadInput, match="no ratio with a goal"):
        perf_reading.goals_sentence(table[table.goal.isna()])
    with pytest.raises(BadInput, match="perf.ratios"):
        perf_reading.goals_sentence(pd.DataFrame({"ratio": [1.0]}))
    with pytest.raises(BadInput, match=r"perf.ratios\(runs\) \(model, measure, ratio, goal, met\)"):
        perf_reading.goals_sentence(table.drop(columns="met"))  # `met` is read, never recomputed
    with pytest.raises(BadInput, match="has no `met`"):
        perf_reading.goals_sentence(exactly.assign(met=None))


def test_goals_sentence_reads_met_as_the_table_decides_it_not_the_rounded_ratio():
    from lib.build import perf

    run = lambda name, value: {"model_config": {"name": name}, "device": "H100",  # noqa: E731
                               "extract_ratio_vs_hf": value}
    table = perf.ratios([run("org/A-8B", 0.9496), run("org/B-7B", 0.9504)])
    assert table.ratio.tolist() == [0.95, 0.95] and table.met.tolist() == [False, True]  # both show 0.950
    assert perf_reading.goals_sentence(table) == (
        "Met in some runs only: collect, every layer / HF forward (goal 0.95: met on B-7B at 0.950, missed on A-8B at "
        "0.950).")
    assert perf_reading.goals_sentence(perf.ratios([run("org/A-8B", 0.9496)])).startswith("Met in no run:")


def test_blocks_run_counts_the_block_of_the_layer_read():
    runs = [{"layer": 18, "model_config": {"name": "meta-llama/Llama-3.1-8B", "n_layers": 32}},
            {"layer": 18, "model_config": {"name": "Qwen/Qwen2.5-7B-Instruct", "n_layers": 28}}]
    assert perf_reading.blocks_run(runs) == "19 of 32 on Llama-3.1-8B, 19 of 28 on Qwen2.5-7B-Instruct"
    with pytest.raises(BadInput, match="no benchmark runs"):
        perf_reading.blocks_run([])
