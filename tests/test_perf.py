"""lib.build.perf: the benchmark JSON files become tables; smoke runs never count; goals are judged from the numbers."""
import json
import math

import pandas as pd
import pytest

from lib.build import perf
from lib.errors import BadInput


def result(extract, truncated, steer, static=None, tiny=False):
    return dict(device="NVIDIA H100 80GB HBM3", tiny=tiny, batch=32, seq_len=256, layer=18, new_tokens=64, repeats=3,
                budget_gib=16.0, versions={"torch": "2.11.0", "transformers": "5.17.0", "nnsight": "0.8.1"},
                model_config={"name": "meta-llama/Llama-3.1-8B", "n_params": 8_030_261_248, "dtype": "torch.bfloat16"},
                extract_ratio_vs_hf=extract, truncated_speedup_vs_hf_full=truncated, steer_generate_ratio_vs_hf=steer,
                steer_generate_static_ratio_vs_hf=static, tokens_per_s={"hf_forward": 1000.0, "collect_layer": 1500.0},
                new_tokens_per_s={"hf_generate": 10.0}, rows_per_s={}, peak_gib={"hf_forward": 18.0},
                seconds={"hf_forward": [0.2, 0.3, 0.25]},
                budget={"extract": {"ok": True, "peak_gib": 15.4, "forward_calls": 6, "fits_full_batch": False}})


def write(folder, name, obj):
    (folder / name).write_text(json.dumps(obj))


def test_ratios_judge_each_goal_and_smoke_runs_are_left_out(tmp_path):
    write(tmp_path, "llama_h100.json", result(0.9, 1.6, 1.0, static=2.1))
    write(tmp_path, "llama_tiny_cpu.json", result(5.0, 5.0, 5.0, tiny=True))
    write(tmp_path, "extract_overhead_llama_h100.json", {"seconds": {}})  # another script's file: not a run
    runs = perf.load(tmp_path)
    assert [r["file"] for r in runs] == ["llama_h100.json"] and runs[0]["model"] == "llama"
    table = perf.ratios(runs).set_index("key")
    assert not table.loc["extract_ratio_vs_hf", "met"]
    assert table.loc["truncated_speedup_vs_hf_full", "met"] and table.loc["steer_generate_ratio_vs_hf", "met"]
    assert table.loc["steer_generate_static_ratio_vs_hf", "met"] and table.loc["extract_ratio_vs_hf", "ratio"] == 0.9
    assert "transformer_lens_ratio_vs_hf" not in table.index  # absent keys make no row


def test_throughputs_budget_and_description(tmp_path):
    write(tmp_path, "llama_h100.json", result(0.9, 1.6, 1.0))
    runs = perf.load(tmp_path)
    tp = perf.throughputs(runs).set_index("section")
    assert tp.loc["collect_layer", "per_s"] == 1500 and tp.loc["hf_generate", "unit"] == "new tokens/s"
    assert tp.loc["hf_forward", "runs"] == [0.2, 0.3, 0.25] and tp.loc["hf_forward", "peak_gib"] == 18.0
    b = perf.budget(runs).iloc[0]
    assert b.task == "extract" and b.ok and not b.full_batch and b.calls == 6
    assert perf.describe(runs).iloc[0].params_b == 8.03


def test_overhead_is_relative_to_the_median_hf_forward(tmp_path):
    write(tmp_path, "extract_overhead_llama_h100.json", dict(
        model="m", device="d", seconds={"hf_forward_logits": [0.3, 0.1, 0.2], "lib_collect_layer": [0.1, 0.1, 0.5]}))
    table = perf.overhead(tmp_path).set_index("row")
    assert table.loc["hf_forward_logits", "ms"] == 200.0 and table.loc["lib_collect_layer", "vs_hf_forward"] == 0.5


def test_missing_cpu_timings_say_how_to_make_them(tmp_path):
    with pytest.raises(BadInput, match="benchmarks/cpu_book.py"):
        perf.cpu_book(tmp_path / "cpu_book.json")


def test_the_committed_gpu_results_hold_what_the_chapter_reads():
    runs = perf.load()
    if not runs:
        pytest.skip("no GPU result is committed")
    for r in runs:  # every file the Performance chapter charts names its GPU and says what its numbers rest on
        assert r["device"] != "cpu" and r["model_config"]["n_params"] > 7e9
        assert r["checks"]["collect_max_abs_diff_vs_hf"] == 0.0 and r["checks"]["hf_generate_new_tokens"] == 64
        assert r["errors"] == {} and r["pipeline"]["ok"]


def test_ratio_bars_draw_a_bar_per_ratio_and_a_tick_per_goal(tmp_path):
    from lib import charts

    write(tmp_path, "llama_h100.json", result(0.9, 1.6, 1.0))
    frame = perf.ratios(perf.load(tmp_path))
    spec = charts.ratio_bars(frame).to_dict()
    data = next(iter(spec["datasets"].values()))
    assert len(data) == len(frame) == 3 and {d["ratio"] for d in data} == {0.9, 1.6, 1.0}
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks == ["bar", "tick", "rule"]


def test_headline_numbers_are_computed_from_the_results(tmp_path):
    for name, copy in (("llama_h100.json", 10.0), ("qwen_h100.json", 20.0)):
        r = result(0.9, 1.6, 1.0)
        r["rows_per_s"] = {"sae_lib_encode": 200.0, "sae_lib_encode_to_cpu": copy}
        r["new_tokens_per_s"] = {"hf_generate": 10.0, "hf_generate_static": 20.0}
        r["peak_gib"]["weights"] = 15.0
        write(tmp_path, name, r)
    write(tmp_path, "extract_overhead_llama_h100.json", dict(model="m", device="d", seconds={
        "hf_forward_logits": [0.2], "nnsight_trace_nothing_saved": [0.21], "nnsight_trace_save_layer_stop": [0.1],
        "lib_collect_layer": [0.112]}))
    h = perf.headline(perf.load(tmp_path), perf.overhead(tmp_path))
    assert h == {"sae_cpu_copy_slowdown": "10x-20x", "static_speedup": "2.0x",
                 "weights_gib": "15.0 GiB (llama), 15.0 GiB (qwen)", "nnsight_trace_overhead": "5%",
                 "collect_overhead_ms": "12 ms"}


def book_run(*runs, device="NVIDIA H200", date="2026-12-01T10:00:00+00:00", tiny=False):
    """A gpu_book.py results file; runs: (profile, chapter, status, peak_reserved_gib) each, run as on a T4."""
    return dict(device=device, tiny=tiny, date=date, runs=[
        dict(profile=p, chapter=c, status=status, peak_reserved_gib=peak, seconds=12.5,
             emulated={"tier": "T4", "gib": 15.0, "bf16": False}) for p, c, status, peak in runs])


def test_book_memory_sets_each_measured_peak_beside_its_estimate(tmp_path):
    from lib import profiles

    assert perf.book_runs(tmp_path) == []
    assert perf.book_sentence([]).startswith("No GPU run of benchmarks/gpu_book.py is committed yet")
    write(tmp_path, "gpu_book_h200.json", book_run(("qwen2.5-1.5b", "05_neurons", "ok", 7.5),
                                                   ("qwen2.5-1.5b", "06_diversity", "error", 8.0)))
    write(tmp_path, "gpu_book_tiny_cpu.json", book_run(("qwen2.5-1.5b", "05_neurons", "ok", 0.1), device="cpu",
                                                       tiny=True))  # a CPU proof: never counts
    runs = perf.book_runs(tmp_path)
    assert [r["file"] for r in runs] == ["gpu_book_h200.json"]
    table = perf.book_memory(runs).set_index(["profile", "chapter"])
    real = [k for k, p in profiles.PROFILES.items() if not p.is_organism]
    assert set(table.index.get_level_values("profile")) == set(real)  # every real profile, measured or not
    row = table.loc[("qwen2.5-1.5b", "05_neurons")]
    assert (row.measured_gib, row.status, row.ran_as, row.tier) == (7.5, "ok", "T4", "T4")
    assert row.estimate_gib == profiles.gpu_gib("05_neurons", "qwen2.5-1.5b")
    assert table.loc[("qwen2.5-1.5b", "06_diversity")].status == "error"
    assert pd.isna(table.loc[("llama-3.1-8b", "02_direction")].status)  # not run: no measurement
    assert math.isnan(table.loc[("llama-3.1-8b", "02_direction")].measured_gib)
    assert perf.book_sentence(runs) == ("Measured by benchmarks/gpu_book.py on NVIDIA H200 (2026-12-01): 1 of 2 "
                                        "chapter runs finished, each as on the GPU tier its profile targets.")


def test_estimate_vs_measured_draws_a_tick_per_estimate_and_a_dot_per_measurement(tmp_path):
    from lib import charts

    write(tmp_path, "gpu_book_h200.json", book_run(("qwen2.5-1.5b", "05_neurons", "ok", 7.5)))
    frame = perf.book_memory(perf.book_runs(tmp_path))
    spec = charts.estimate_vs_measured(frame, {"T4": 15.0, "L4": 22.0}).to_dict()
    assert spec["facet"]["field"] == "profile" and spec["columns"] == 2
    layers = spec["spec"]["layer"]
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in layers]
    assert marks == ["tick", "point", "rule"]
    assert [layer["encoding"]["x"]["field"] for layer in layers] == ["estimate_gib", "measured_gib", "gib"]
    data = next(iter(spec["datasets"].values()))
    assert len(data) == len(frame) and sum(d["measured_gib"] == 7.5 for d in data) == 1
    assert {d["status"] for d in data} == {"ok", "not run"}
