"""CPU timings of the book on the organism: the whole build from cold caches, and one chapter cold vs re-run cached.

Run it on an idle machine (the goals are for 2 CPU cores): `python benchmarks/cpu_book.py`. It sets
BOOK_CACHE_DIR to a fresh folder, so nothing computed earlier is reused, then:
  1. `jupyter-book build --all .` with OMP_NUM_THREADS=1, as .ci/run builds it (every chapter executed);
  2. the chapter `--chapter` executed with nbclient twice more: the first run with the caches the build left
     (a reader re-running a chapter), then with an empty cache folder (the chapter alone, cold).
Writes benchmarks/results/cpu_book.json (machine, cores, versions, seconds of each). `--skip-build` times only
the chapter.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
GOALS = {"book_build_s": 20 * 60, "chapter_cached_s": 20}


def run_chapter(path: Path, cache_dir: Path) -> float:
    """Execute one chapter in a fresh kernel with BOOK_CACHE_DIR=cache_dir; its wall time in seconds."""
    import jupytext
    import nbclient

    from lib.build.results import kernel_env

    with kernel_env(BOOK_CACHE_DIR=str(cache_dir), OMP_NUM_THREADS="1"):
        nb = jupytext.read(path)
        start = time.perf_counter()
        nbclient.NotebookClient(nb, timeout=1800, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}}).execute()
        return round(time.perf_counter() - start, 1)


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--chapter", default="book/neutral_mask/02_direction.md")
    p.add_argument("--skip-build", action="store_true")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "cpu_book.json")
    args = p.parse_args(argv)
    import torch

    chapter = ROOT / args.chapter
    out = dict(machine=platform.processor() or platform.machine(), cpu_count=os.cpu_count(),
               affinity=len(os.sched_getaffinity(0)), python=sys.version.split()[0], torch=torch.__version__,
               date=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), chapter=args.chapter,
               goals=GOALS)
    with tempfile.TemporaryDirectory() as warm, tempfile.TemporaryDirectory() as cold:
        if not args.skip_build:
            env = {**os.environ, "BOOK_CACHE_DIR": warm, "OMP_NUM_THREADS": "1",
                   "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
            start = time.perf_counter()
            subprocess.run(["jupyter-book", "build", "--all", "."], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
            out["book_build_s"] = round(time.perf_counter() - start, 1)
            out["chapter_cached_s"] = run_chapter(chapter, Path(warm))
        out["chapter_cold_s"] = run_chapter(chapter, Path(cold))
        if args.skip_build:
            out["chapter_cached_s"] = run_chapter(chapter, Path(cold))
    out["goals_met"] = {k: out[k] <= v for k, v in GOALS.items() if k in out}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    main()
