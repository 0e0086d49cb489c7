"""The measured performance of `lib`: the benchmark JSON files in benchmarks/results/ as tidy tables.

The Performance appendix reads these at build time (no GPU in the build). GPU files come from
`benchmarks/gpu_real_arch.py` (one per model and device: `<model>_<device>.json`) and
`benchmarks/extract_overhead.py`; the CPU file from `benchmarks/cpu_book.py`; the chapters' GPU memory from
`benchmarks/gpu_book.py` (`gpu_book_<device>.json`, set beside `lib.profiles.gpu_gib`'s estimates by `book_memory`).
A `*_tiny_cpu.json` file is a smoke run and never counts as a result.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from lib.errors import BadInput

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"

# (JSON key, what it compares, goal): the ratios benchmarks/README.md defines; goal None = reported, no target
RATIOS = [
    ("extract_ratio_vs_hf", "collect, every layer / HF forward", 0.95),
    ("truncated_speedup_vs_hf_full", "collect, layer 18 (stops there) / HF forward", 1.5),
    ("collect_ratio_vs_bare_hook", "collect, layer 18 / a bare torch hook doing the same read", 0.97),
    ("steer_generate_ratio_vs_hf", "steered generate / HF generate", 0.95),
    ("steer_generate_static_ratio_vs_hf", "steered generate, static cache / HF generate (stretch goal)", 2.0),
    ("transformer_lens_ratio_vs_hf", "TransformerLens run_with_cache / HF forward", None),
    ("sae_encode_ratio_vs_baseline", "lib.sae.encode / bare matmul + threshold", None),
]
THROUGHPUT_UNITS = {"tokens_per_s": "tokens/s", "new_tokens_per_s": "new tokens/s", "rows_per_s": "rows/s"}


def load(folder: Path | str = RESULTS, prefix: str | None = None) -> list[dict]:
    """Every GPU result of `gpu_real_arch.py` in `folder` (smoke runs and other scripts' files left out), each with
    a `file` and a `model` ("llama" / "qwen", from the file name), sorted by file name."""
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        if path.name.endswith("_tiny_cpu.json") or (prefix and not path.name.startswith(prefix)):
            continue
        result = json.loads(path.read_text())
        if "extract_ratio_vs_hf" not in result or result.get("tiny"):
            continue
        out.append({**result, "file": path.name, "model": path.name.split("_")[0]})
    return out


def _label(result: dict) -> str:
    return f"{result['model_config']['name']} ({result['device']})"


def ratios(results: list[dict]) -> pd.DataFrame:
    """One row per (run, ratio): model, device, measure, ratio, goal, met (None where there is no goal)."""
    rows = []
    for r in results:
        for key, what, goal in RATIOS:
            value = r.get(key)
            if value is None:
                continue
            rows.append(dict(model=r["model_config"]["name"], device=r["device"], key=key, measure=what,
                             ratio=round(float(value), 3), goal=goal,
                             met=None if goal is None else bool(value >= goal)))
    return pd.DataFrame(rows)


def throughputs(results: list[dict]) -> pd.DataFrame:
    """One row per (run, timed section): model, device, section, unit, per_s (median), peak_gib, runs (seconds)."""
    rows = []
    for r in results:
        for field, unit in THROUGHPUT_UNITS.items():
            for section, value in r.get(field, {}).items():
                rows.append(dict(model=r["model_config"]["name"], device=r["device"], section=section, unit=unit,
                                 per_s=round(float(value)), peak_gib=r.get("peak_gib", {}).get(section),
                                 runs=[round(s, 4) for s in r.get("seconds", {}).get(section, [])]))
    return pd.DataFrame(rows)


def budget(results: list[dict]) -> pd.DataFrame:
    """The capped-memory run: model, budget_gib, task (extract / steer), ok, batch halvings, peak_gib."""
    rows = []
    for r in results:
        for task, b in (r.get("budget") or {}).items():
            calls = b.get("forward_calls", 0)
            rows.append(dict(model=r["model_config"]["name"], device=r["device"], budget_gib=r.get("budget_gib"),
                             task=task, ok=b.get("ok"), full_batch=b.get("fits_full_batch"), calls=calls,
                             peak_gib=b.get("peak_gib")))
    return pd.DataFrame(rows)


def overhead(folder: Path | str = RESULTS) -> pd.DataFrame:
    """`extract_overhead.py` results: model, device, row, ms (median), relative to the plain HF forward."""
    rows = []
    for path in sorted(Path(folder).glob("extract_overhead_*.json")):
        if path.name.endswith("_tiny_cpu.json"):
            continue
        r = json.loads(path.read_text())
        base = sorted(r["seconds"]["hf_forward_logits"])[len(r["seconds"]["hf_forward_logits"]) // 2]
        for name, runs in r["seconds"].items():
            ms = sorted(runs)[len(runs) // 2]
            rows.append(dict(model=r["model"], device=r["device"], row=name, ms=round(1000 * ms, 1),
                             vs_hf_forward=round(ms / base, 3)))
    return pd.DataFrame(rows)


def cpu_book(path: Path | str = RESULTS / "cpu_book.json") -> dict:
    """The CPU timings of `benchmarks/cpu_book.py` (whole-book build, a chapter run cold and re-run cached)."""
    path = Path(path)
    if not path.exists():
        raise BadInput(f"{path} does not exist: run `python benchmarks/cpu_book.py` on an idle 2-core machine")
    return json.loads(path.read_text())


def describe(results: list[dict]) -> pd.DataFrame:
    """What each run was: model, device, parameter count, batch x seq, layer, versions of torch / transformers /
    nnsight."""
    return pd.DataFrame([dict(model=r["model_config"]["name"], device=r["device"],
                              params_b=round(r["model_config"]["n_params"] / 1e9, 2), dtype=r["model_config"]["dtype"],
                              batch=r["batch"], seq_len=r["seq_len"], layer=r["layer"], new_tokens=r["new_tokens"],
                              repeats=r["repeats"], torch=r["versions"].get("torch"),
                              transformers=r["versions"].get("transformers"), nnsight=r["versions"].get("nnsight"))
                         for r in results])


def headline(results: list[dict], overhead_table: pd.DataFrame) -> dict[str, str]:
    """The numbers the Performance page quotes in its prose, computed from the results (ranges over the runs)."""
    def span(values, fmt):
        values = [v for v in values if v is not None]
        lo, hi = min(values), max(values)
        return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else f"{fmt.format(lo)}-{fmt.format(hi)}"

    rows = [r["rows_per_s"] for r in results]
    gen = [r["new_tokens_per_s"] for r in results]
    ms = overhead_table.set_index("row")["ms"] if len(overhead_table) else None
    out = {
        "sae_cpu_copy_slowdown": span([r["sae_lib_encode"] / r["sae_lib_encode_to_cpu"] for r in rows], "{:.0f}x"),
        "static_speedup": span([g["hf_generate_static"] / g["hf_generate"] for g in gen], "{:.1f}x"),
        "weights_gib": ", ".join(f"{r['peak_gib']['weights']:.1f} GiB ({r['model']})" for r in results),
    }
    if ms is not None:
        out["nnsight_trace_overhead"] = f"{ms['nnsight_trace_nothing_saved'] / ms['hf_forward_logits'] - 1:.0%}"
        out["collect_overhead_ms"] = f"{ms['lib_collect_layer'] - ms['nnsight_trace_save_layer_stop']:.0f} ms"
    return out


# ---------------------------------------------------------------- each chapter's GPU memory (benchmarks/gpu_book.py)

def book_runs(folder: Path | str = RESULTS) -> list[dict]:
    """Every GPU result of `gpu_book.py` in `folder` (`gpu_book_*.json`; CPU proofs `*_tiny_cpu.json` left out),
    each with its `file`, sorted by file name."""
    out = []
    for path in sorted(Path(folder).glob("gpu_book_*.json")):
        if path.name.endswith("_tiny_cpu.json"):
            continue
        result = json.loads(path.read_text())
        if result.get("tiny") or "runs" not in result:
            continue
        out.append({**result, "file": path.name})
    return out


def book_memory(runs: list[dict]) -> pd.DataFrame:
    """One row per (real profile, chapter it runs): part, the tier it targets, the estimate
    `lib.profiles.gpu_gib(chapter, profile)` (GiB, on that tier), and from the latest `gpu_book.py` run that has
    the pair: status, measured peak (GiB, `max_memory_reserved`), seconds, the tier it ran as, device. Rows without
    a run have no measurement (NaN / None)."""
    from lib import profiles
    from lib.build import results

    latest = {}
    for result in sorted(runs, key=lambda r: r.get("date", "")):
        for run in result["runs"]:
            latest[(run["profile"], run["chapter"])] = {**run, "device": result.get("device")}
    rows = []
    for key, prof in profiles.PROFILES.items():
        if prof.is_organism:
            continue
        for path in results.chapters_for(key):
            run = latest.get((key, path.stem), {})
            rows.append(dict(profile=key, chapter=path.stem, part=profiles.CHAPTERS[path.stem].part or "-",
                             tier=prof.target, estimate_gib=profiles.gpu_gib(path.stem, key),
                             measured_gib=run.get("peak_reserved_gib"), status=run.get("status"),
                             seconds=run.get("seconds"), ran_as=(run.get("emulated") or {}).get("tier"),
                             device=run.get("device")))
    frame = pd.DataFrame(rows)
    frame["measured_gib"] = frame["measured_gib"].astype(float)
    return frame


def book_sentence(runs: list[dict]) -> str:
    """One sentence on what the memory chart shows: the committed gpu_book run(s), or that there is none yet."""
    if not runs:
        return ("No GPU run of benchmarks/gpu_book.py is committed yet, so the chart shows lib.profiles' estimates "
                "alone.")
    chapters = [run for r in runs for run in r["runs"]]
    ok = sum(run["status"] == "ok" for run in chapters)
    where = ", ".join(sorted({f"{r['device']} ({r['date'][:10]})" for r in runs}))
    return (f"Measured by benchmarks/gpu_book.py on {where}: {ok} of {len(chapters)} chapter runs finished, each "
            f"as on the GPU tier its profile targets.")
