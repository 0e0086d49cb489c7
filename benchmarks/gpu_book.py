"""Execute the book's chapters on one GPU with no network: the organism, then each real profile on stand-ins.

A real profile's models are replaced by random-init models of their exact published configurations
(`BOOK_STANDIN=published`, `lib.standin`): every shape, so every byte of GPU memory, is the real model's, and the
load goes through the same `from_pretrained` call, bitsandbytes included. SAEs are random sae-lens SAEs of each
release's width. The text a stand-in writes is nonsense, so a chapter's numbers mean nothing here; what this
measures is whether each chapter runs on that profile, how long it takes and how much GPU memory it needs.

    python benchmarks/gpu_book.py                           # H100/H200: organism + every real profile
    python benchmarks/gpu_book.py --profiles qwen2.5-1.5b,llama-3.1-8b-4bit --chapters 04_axes,05_neurons
    python benchmarks/gpu_book.py --tiny --profiles organism,qwen2.5-1.5b --chapters 04_axes   # CPU proof
    python benchmarks/gpu_book.py --dry-run                 # the plan and the estimates; nothing runs

Plan (`lib.build.results.chapters_for`): the organism runs every chapter of `_toc.yml`; a real profile runs the chapters of
its parts (`lib.profiles.CHAPTERS[stem].part`, plus those of no part) that load a model. Each chapter runs in a
fresh kernel (nbclient, `lib.build.results.kernel_env`) with BOOK_PROFILE=<profile>; the chapters of one profile share a
cache folder, in book order, as in a build (`--cold`: an empty one per chapter). A failing or timed-out chapter is
recorded (cell index and the error's last line) and the next one runs.

GPU tiers. On an H200 every model would stay in memory beside the others (lib.models releases a model only when the
next one does not fit), so by default each real profile runs as on the Colab GPU it targets
(`lib.profiles.Profile.target`): before the chapter's first cell the kernel caps its CUDA allocator at that tier's
memory (`torch.cuda.set_per_process_memory_fraction`), shows lib that much memory (`torch.cuda.mem_get_info`), and
on a T4 makes lib load in float16 (no bfloat16 there). `--no-emulate` runs on the whole GPU in bfloat16. The CUDA
context (~0.5 GiB) is outside the cap, so a chapter that passes within a 15 GiB cap can still be a few hundred MB
over on a real T4.

Per (profile, chapter) the JSON holds: status (ok / error / timeout / kernel died), seconds, the failing cell, the
kernel's peak GPU memory (`torch.cuda.max_memory_allocated` / `max_memory_reserved`, read by one more cell after
the chapter, also after a failure), its peak host memory, the estimate `lib.profiles.gpu_gib(stem, profile, tier)`
in the same number format, and the tiers (`lib.profiles.TIERS`) the measured peak fits. It is rewritten after
every chapter, so a run stopped at its limit keeps what it measured. `--budget-s` starts no chapter after that
many seconds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lib import profiles  # noqa: E402
from lib.build import results

STATS_TAG = "GPU_BOOK_STATS "
# Run before a chapter's first cell (not one of its cells): the tier emulation described in the module docstring.
PRELUDE = """\
import os as _os
import torch as _torch
_cap = float(_os.environ.get("GPU_BOOK_CAP_GIB") or 0)
if _cap and _torch.cuda.is_available():
    _bytes = int(_cap * 2**30)
    _torch.cuda.set_per_process_memory_fraction(min(1.0, _bytes / _torch.cuda.get_device_properties(0).total_memory))
    def _tier_mem_get_info(device=None, _bytes=_bytes):  # what lib.models sees when it decides what to release
        return max(0, _bytes - _torch.cuda.memory_reserved(device)), _bytes
    _torch.cuda.mem_get_info = _tier_mem_get_info
if _os.environ.get("GPU_BOOK_NO_BF16"):
    import lib.models as _models
    _models.has_bf16 = lambda device: False
"""
# Run after the chapter, also after a failing cell: what the kernel used.
EPILOGUE = """\
import json as _json, resource as _resource, sys as _sys
_stats = {"max_rss_gib": _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss / 2**20}
if "torch" in _sys.modules and _sys.modules["torch"].cuda.is_available():
    _cuda = _sys.modules["torch"].cuda
    _stats.update(device=_cuda.get_device_name(0), peak_allocated_gib=_cuda.max_memory_allocated() / 2**30,
                  peak_reserved_gib=_cuda.max_memory_reserved() / 2**30)
if "lib.models" in _sys.modules:
    _stats["resident"] = _sys.modules["lib.models"].resident()
print(%r + _json.dumps(_stats))
""" % STATS_TAG


# ---------------------------------------------------------------- the plan

def stems_of(paths) -> dict[str, Path]:
    return {p.stem: p for p in paths}


def models_of(prof: profiles.Profile, stems=None) -> list[str]:
    """The model ids a real profile loads (base, aligned, judge), each once; with `stems`, only those the roles of
    these chapters use (`lib.profiles.CHAPTERS[stem].roles`; a profile without a base model reads its aligned one)."""
    roles = {"base", "aligned", "judge"} if stems is None else {r for s in stems for r in profiles.CHAPTERS[s].roles}
    ids = [(prof.base or prof.aligned) if "base" in roles else None, prof.aligned if "aligned" in roles else None,
           prof.judge if "judge" in roles and prof.judge != "lexicon" else None]
    return list(dict.fromkeys(i for i in ids if i))


def plan(profile_keys, chapters=None) -> list[tuple[str, Path]]:
    """(profile, chapter path) pairs in run order: `lib.build.results.chapters_for` of each profile (every chapter for the
    organism; for a real profile the chapters of its parts, or of no part, that load a model), in book order.
    `chapters`: stems or paths to keep (None: all); a profile skips those that are not its."""
    toc = results.toc_chapters()
    wanted = None if not chapters else {Path(c).stem for c in chapters}
    if wanted is not None and wanted - set(stems_of(toc)):
        raise SystemExit(f"not a chapter of _toc.yml: {', '.join(sorted(wanted - set(stems_of(toc))))}")
    out = []
    for key in profile_keys:
        if key not in profiles.PROFILES:
            raise SystemExit(f"unknown profile {key!r}; choose from {', '.join(profiles.PROFILES)}")
        out += [(key, path) for path in results.chapters_for(key) if wanted is None or path.stem in wanted]
    return out


def emulated_tier(prof: profiles.Profile, emulate: bool) -> profiles.Tier | None:
    if prof.is_organism or not emulate:
        return None
    return profiles.TIER_BY_NAME.get(prof.target)


def estimate(stem: str, prof: profiles.Profile, tier: profiles.Tier | None) -> int | None:
    """lib.profiles' estimate for this chapter and profile, in the number format of the tier it runs as."""
    if prof.is_organism:
        return 0
    return profiles.gpu_gib(stem, prof.key, tier.name if tier else "H100 80GB")


def fits(peak_gib: float | None) -> list[str]:
    return [] if peak_gib is None else [t.name for t in profiles.TIERS if peak_gib <= t.gib]


# ---------------------------------------------------------------- running one chapter

def _last_line(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[-1][:500] if lines else ""


def _stats(cell) -> dict:
    for out in cell.get("outputs", []):
        text = out.get("text", "")
        for line in (text if isinstance(text, str) else "".join(text)).splitlines():
            if line.startswith(STATS_TAG):
                return json.loads(line[len(STATS_TAG):])
    return {}


def run_chapter(path: Path, env: dict, timeout: float, kernel: str = "python3") -> dict:
    """Execute `path` cell by cell in a fresh kernel with `env`; a failing cell stops the chapter. Returns the
    record: status, seconds, cells run, the failing cell, and the kernel's own stats (read after the chapter)."""
    import jupytext
    import nbclient
    import nbformat
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    nb = jupytext.read(path)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]  # indices into the chapter's cells
    prelude, epilogue = nbformat.v4.new_code_cell(PRELUDE), nbformat.v4.new_code_cell(EPILOGUE)
    nb.cells = [prelude, *nb.cells, epilogue]  # nbclient stores each executed cell back at its index
    client = nbclient.NotebookClient(nb, timeout=int(timeout), kernel_name=kernel, interrupt_on_timeout=True,
                                     resources={"metadata": {"path": str(path.parent)}})
    rec: dict = {"status": "ok", "error": None, "code_cells": len(code), "code_cells_run": 0}
    start = time.perf_counter()
    deadline = start + timeout
    with results.kernel_env(**env), client.setup_kernel():
        client.execute_cell(prelude, 0)
        for n, i in enumerate(code, 1):
            client.timeout = max(1, int(deadline - time.perf_counter()))
            try:
                client.execute_cell(nb.cells[i + 1], i + 1)
                rec["code_cells_run"] = n
            except Exception as err:  # noqa: BLE001 - the chapter stops; its record says where and why
                timed_out = time.perf_counter() >= deadline - 1
                dead = isinstance(err, DeadKernelError)
                rec["status"] = "timeout" if timed_out else "kernel died" if dead else "error"
                message = (f"{err.ename}: {_last_line(err.evalue)}" if isinstance(err, CellExecutionError)
                           else f"{type(err).__name__}: {_last_line(err)}")
                rec["error"] = {"cell": i, "code_cell": n, "message": message,
                                "first_line": nb.cells[i + 1].source.strip().splitlines()[0][:120]}
                break
        rec["seconds"] = round(time.perf_counter() - start, 1)
        if rec["status"] != "kernel died":
            client.timeout = 120
            try:
                client.execute_cell(epilogue, len(nb.cells) - 1)
                rec.update(_stats(epilogue))
            except Exception as err:  # noqa: BLE001
                rec["stats_error"] = f"{type(err).__name__}: {_last_line(err)}"
    return rec


# ---------------------------------------------------------------- stand-in checkpoints (published mode, on the GPU)

def _checkpoint_dir(standins: Path, mode: str, model_id: str) -> Path:
    return standins / mode / model_id.replace("/", "--")  # lib.standin.checkpoint's layout


def prepare_checkpoints(model_ids, standins: Path, mode: str, device: str) -> dict:
    """Build these stand-in checkpoints once, in a child process on `device` (an 8B model's random weights drawn on
    the GPU in seconds), and delete the others: a published 8B checkpoint takes 16 GB of disk, and the GPU machine
    has 64 GiB. Returns {model_id: seconds} of the ones built now."""
    keep = set(model_ids)
    if (standins / mode).is_dir():
        for folder in (standins / mode).iterdir():
            if folder.name not in {m.replace("/", "--") for m in keep}:
                shutil.rmtree(folder, ignore_errors=True)
    built = {}
    for model_id in sorted(keep):
        if (_checkpoint_dir(standins, mode, model_id) / "seed0" / "config.json").is_file():
            continue
        t0 = time.perf_counter()
        code = (f"from lib import standin; standin.checkpoint({model_id!r}, {mode!r}, device={device!r})")
        env = {**os.environ, "BOOK_STANDIN_DIR": str(standins),
               "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            built[model_id] = f"error: {_last_line(done.stderr)}"
            continue
        built[model_id] = round(time.perf_counter() - t0, 1)
    return built


# ---------------------------------------------------------------- the run

def versions() -> dict:
    out = {"python": sys.version.split()[0]}
    for dist in ("torch", "transformers", "nnsight", "sae-lens", "bitsandbytes", "nbclient", "jupytext"):
        try:
            out[dist.replace("-", "_")] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist.replace("-", "_")] = None
    return out


def _git() -> dict:
    def git(*args):
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"git_commit": git("rev-parse", "HEAD"), "git_dirty": None if status is None else bool(status)}


def default_out(tiny: bool, device: str) -> Path:
    if tiny:
        return ROOT / "benchmarks" / "results" / "gpu_book_tiny_cpu.json"
    slug = next((s.lower() for s in ("H200", "H100", "A100", "L4", "T4") if s in device), "gpu")
    return ROOT / "benchmarks" / "results" / f"gpu_book_{slug}.json"


def summary_line(run: dict) -> str:
    peak = run.get("peak_reserved_gib")
    mem = f"peak {peak:.1f} GiB (est. {run['estimate_gib']})" if peak is not None else \
        f"rss {run.get('max_rss_gib', float('nan')):.1f} GiB"
    err = f"  [{run['error']['code_cell']}] {run['error']['message']}" if run.get("error") else ""
    return f"  {run['profile']:<20} {run['chapter']:<16} {run['status']:<8} {run['seconds']:>7.1f} s  {mem}{err}"


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--profiles", default="organism," + ",".join(k for k, v in profiles.PROFILES.items()
                                                                 if not v.is_organism),
                   help="comma-separated keys of lib.profiles.PROFILES (default: the organism and every real one)")
    p.add_argument("--chapters", default="", help="comma-separated chapter stems or paths (default: all)")
    p.add_argument("--timeout", type=float, default=1800, help="seconds per chapter (default 1800)")
    p.add_argument("--budget-s", type=float, default=None, help="start no chapter after this many seconds")
    p.add_argument("--tiny", action="store_true", help="CPU proof: BOOK_STANDIN=tiny, no GPU needed")
    p.add_argument("--dry-run", action="store_true", help="print the plan and the estimates; run nothing")
    p.add_argument("--no-emulate", action="store_true", help="run real profiles on the whole GPU in bfloat16")
    p.add_argument("--cold", action="store_true", help="an empty cache folder per chapter (default: per profile)")
    p.add_argument("--workdir", type=Path, default=None, help="caches and stand-in checkpoints (default: a temp dir)")
    p.add_argument("--kernel", default="python3")
    p.add_argument("--out", type=Path, default=None)
    return p.parse_args(argv)


def main(argv=None) -> dict:
    args = parse(argv)
    keys = [k for k in args.profiles.split(",") if k]
    todo = plan(keys, [c for c in args.chapters.split(",") if c])
    mode = "tiny" if args.tiny else "published"
    emulate = not args.no_emulate and not args.tiny
    if args.dry_run:
        for key, path in todo:
            prof = profiles.PROFILES[key]
            tier = emulated_tier(prof, emulate)
            print(f"{key:<20} {path.stem:<16} as {tier.name if tier else 'is':<10} "
                  f"estimate {estimate(path.stem, prof, tier)} GiB")
        return {"plan": [(k, str(p.relative_to(ROOT))) for k, p in todo]}
    import torch

    cuda = torch.cuda.is_available() and not args.tiny
    if not args.tiny and not cuda:
        raise SystemExit("no CUDA device: gpu_book runs chapters on a GPU; use --tiny for the CPU proof")
    device = torch.cuda.get_device_name(0) if cuda else "cpu"
    out_path = args.out or default_out(args.tiny, device)
    if args.tiny and not out_path.name.endswith("_tiny_cpu.json"):
        raise SystemExit(f"--tiny results must be named *_tiny_cpu.json (got {out_path.name}): never as GPU results")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="gpu-book-"))
    standins = work / "standins"
    result = {"device": device, "tiny": args.tiny, "standin": mode, "emulate_tiers": emulate,
              "versions": versions(), **_git(), "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
              "timeout_s": args.timeout, "cold_cache": args.cold, "profiles": keys,
              "tiers": {t.name: {"gib": t.gib, "bf16": t.bf16} for t in profiles.TIERS},
              "checkpoints_s": {}, "runs": []}
    started = time.perf_counter()
    prepared = set()
    try:
        for key, path in todo:
            if args.budget_s is not None and time.perf_counter() - started > args.budget_s:
                result["runs"].append({"profile": key, "chapter": path.stem, "status": "not started (budget)",
                                       "seconds": 0.0})
                continue
            prof = profiles.PROFILES[key]
            if cuda and not prof.is_organism and key not in prepared:
                needed = models_of(prof, [p.stem for k, p in todo if k == key])
                result["checkpoints_s"][key] = prepare_checkpoints(needed, standins, mode, "cuda")
                prepared.add(key)
            tier = emulated_tier(prof, emulate)
            cache = work / "cache" / key / (path.stem if args.cold else "shared")
            env = {"BOOK_PROFILE": key, "BOOK_STANDIN": "" if prof.is_organism else mode,
                   "BOOK_STANDIN_DIR": str(standins), "BOOK_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1",
                   "TRANSFORMERS_OFFLINE": "1", "GPU_BOOK_CAP_GIB": str(tier.gib) if tier else "",
                   "GPU_BOOK_NO_BF16": "1" if tier and not tier.bf16 else ""}
            if args.tiny:
                env["OMP_NUM_THREADS"] = "1"  # as CI builds the book on 2 cores
            print(f"[{key}] {path.relative_to(ROOT)} ...", flush=True)
            rec = run_chapter(path, env, args.timeout, args.kernel)
            peak = rec.get("peak_reserved_gib")
            run = {"profile": key, "chapter": path.stem, "path": str(path.relative_to(ROOT)),
                   "part": profiles.CHAPTERS[path.stem].part if path.stem in profiles.CHAPTERS else None,
                   **rec, "emulated": {"tier": tier.name, "gib": tier.gib, "bf16": tier.bf16} if tier else None,
                   "estimate_gib": estimate(path.stem, prof, tier),
                   "fits": fits(peak) if rec["status"] == "ok" else [],
                   "within_estimate": None if peak is None or prof.is_organism
                   else bool(peak <= estimate(path.stem, prof, tier))}
            for k in ("peak_allocated_gib", "peak_reserved_gib", "max_rss_gib"):
                if run.get(k) is not None:
                    run[k] = round(run[k], 3)
            result["runs"].append(run)
            print(summary_line(run), flush=True)
            result["seconds_total"] = round(time.perf_counter() - started, 1)
            _write(out_path, result)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    runs = result["runs"]
    result["summary"] = {s: sum(r["status"] == s for r in runs) for s in sorted({r["status"] for r in runs})}
    result["seconds_total"] = round(time.perf_counter() - started, 1)
    _write(out_path, result)
    print(f"{result['summary']} in {result['seconds_total']} s; wrote {out_path}")
    return result


def _write(path: Path, result: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=1, default=str) + "\n")
    tmp.replace(path)


if __name__ == "__main__":
    res = main()
    sys.exit(0 if "runs" not in res or all(r["status"] == "ok" for r in res["runs"]) else 1)
