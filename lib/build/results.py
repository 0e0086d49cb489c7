"""Run chapters on a real model and keep their numbers beside the book.

    python -m lib.build.results run --profile llama-3.1-8b                      # every chapter of the profile's parts
    python -m lib.build.results run --profile qwen2.5-7b book/value_mechanisms/04_axes.md
    python -m lib.build.results list                                            # what is saved

On Colab, call it from a notebook cell so that the results can leave the runtime:
`from lib.build import results; results.run_and_keep("gemma-2-2b")` saves into Google Drive when it is mounted
(`/content/drive/MyDrive/neutral-mask-book/results`, which later Colab sessions read) and otherwise downloads a zip.
A real profile runs only on a GPU unless `--allow-cpu` (`allow_cpu=True`) is given.

Each chapter is executed with nbclient under BOOK_PROFILE=<profile> (which `lib.profiles.profile` reads), and
`data/results/<profile>/<chapter-stem>.json` receives: the numbers the chapter glued (`myst_nb.glue`), the rows of
its closing box (`report.paper_vs_run(..., chapter=stem)`), the model ids, lib's version, the git commit, the
device and the date. When such a file exists, the chapter's closing box shows it in a column of its own.
The book's build never writes here; only this command does.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lib.errors import BadInput

ROOT = Path(__file__).resolve().parents[2]
COLAB_DRIVE = Path("/content/drive/MyDrive")
COLAB_RESULTS = COLAB_DRIVE / "neutral-mask-book" / "results"


def _default_results_dir() -> Path:
    """BOOK_RESULTS_DIR if set; on Colab with Google Drive mounted, a folder in Drive; else data/results/."""
    if os.environ.get("BOOK_RESULTS_DIR"):
        return Path(os.environ["BOOK_RESULTS_DIR"])
    if on_colab() and COLAB_DRIVE.is_dir():
        return COLAB_RESULTS
    return ROOT / "data" / "results"


def on_colab() -> bool:
    """Whether this process runs on Google Colab (its `google.colab` module is imported or importable)."""
    import importlib.util

    return "google.colab" in sys.modules or importlib.util.find_spec("google.colab") is not None


RESULTS_DIR: Path | None = None  # set to override; None: `_default_results_dir()`, looked up at each use


def results_dir() -> Path:
    """Where results are saved and read: RESULTS_DIR if set, else BOOK_RESULTS_DIR, Drive on Colab, data/results."""
    return RESULTS_DIR if RESULTS_DIR is not None else _default_results_dir()
CAPTURE_ENV = "BOOK_RESULTS_CAPTURE"  # set by `run` in the kernel's environment: where paper_vs_run records its box
GLUE_KEY = "scrapbook"  # myst_nb.glue marks its outputs with metadata {"scrapbook": {"name": ...}}
SCHEMA = 1


# ---------------------------------------------------------------- reading saved results (used by lib.report)

def path_for(profile_key: str, chapter: str) -> Path:
    return results_dir() / profile_key / f"{chapter}.json"


def saved(chapter: str, *, exclude_profile: str | None = None) -> list[dict]:
    """Every saved real-model result for `chapter` (a file stem), one per profile, sorted by profile.

    Files that cannot be read as a results file are skipped with a warning, never trusted.
    """
    import warnings

    out = []
    if not results_dir().is_dir():
        return out
    for path in sorted(results_dir().glob(f"*/{chapter}.json")):
        if path.parent.name == exclude_profile:
            continue
        try:
            result = json.loads(path.read_text())
            assert result["schema"] == SCHEMA and result["box"]["rows"] is not None
        except Exception as err:  # noqa: BLE001 - a broken file must not break the chapter
            warnings.warn(f"ignoring unreadable results file {path} ({type(err).__name__})", stacklevel=2)
            continue
        out.append(result)
    return out


def column_title(result: dict) -> str:
    """'real model (<aligned model id>, saved <YYYY-MM-DD>)' for a saved result."""
    return f"real model ({result['models']['aligned']}, saved {result['date'][:10]})"


def record_box(chapter: str, run_label: str, columns: list[str], rows: list[tuple]) -> None:
    """Called by `report.paper_vs_run`: under `run`, append this box to the capture file; otherwise do nothing."""
    target = os.environ.get(CAPTURE_ENV)
    if not target:
        return
    with open(target, "a") as f:
        f.write(json.dumps({"chapter": chapter, "run_label": run_label, "columns": columns,
                            "rows": [list(r) for r in rows]}) + "\n")


# ---------------------------------------------------------------- running chapters

def glued(nb) -> dict:
    """{name: value} for every `myst_nb.glue(name, value)` in an executed notebook: numbers as numbers, a glued
    Markdown sentence (a verdict, the GPU need) as its markdown text, anything else as its shown text."""
    out = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get(GLUE_KEY)
            if not meta:
                continue
            data = output.get("data", {})
            text = next((v for k, v in data.items() if k.endswith("text/markdown")), None)  # a glued sentence
            text = text if text is not None else next((v for k, v in data.items() if k.endswith("text/plain")), None)
            if text is None:
                continue
            text = "".join(text) if isinstance(text, list) else text
            try:
                value = ast.literal_eval(text.strip())
            except (ValueError, SyntaxError):
                value = text.strip()
            out[meta["name"]] = value
    return out


def toc_chapters(root: Path = ROOT) -> list[Path]:
    """The executable chapters listed in `_toc.yml`, in book order (pages without code cells, and the appendix's
    pages such as the teacher's guide, are left out)."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(toc)
    paths = [root / f"{f}.md" for f in files if not f.startswith("book/appendix/")]
    return [p for p in paths if p.exists() and "```{code-cell}" in p.read_text()]


def _git_commit() -> tuple[str | None, bool | None]:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True)
        return commit.stdout.strip(), bool(dirty.stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        return None, None


def _device() -> str:
    import torch

    return torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"


@contextlib.contextmanager
def kernel_env(**values: str):
    """Set environment variables for a kernel started inside the block (kernels inherit the environment), with this
    checkout first on PYTHONPATH so the kernel imports this `lib`; everything is restored on exit, even on error."""
    values["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_chapter(path, profile_key: str, *, timeout: int = 3600, kernel: str = "python3",
                notebooks_dir: Path | None = None) -> Path:
    """Execute one chapter under BOOK_PROFILE=profile_key and save its numbers; returns the results file.

    Raises nbclient's CellExecutionError when a cell fails (nothing is saved then).
    """
    import jupytext
    import nbclient
    import nbformat

    import lib
    from lib import profiles

    path = Path(path).resolve()
    if profile_key not in profiles.PROFILES:
        raise BadInput(f"unknown model profile {profile_key!r}; choose one of {', '.join(profiles.PROFILES)}")
    prof = profiles.PROFILES[profile_key]
    nb = jupytext.read(path)
    with tempfile.TemporaryDirectory() as tmp:
        capture = Path(tmp) / "boxes.jsonl"
        start = time.time()
        try:  # the kernel inherits this process's environment when it starts
            with kernel_env(BOOK_PROFILE=profile_key, **{CAPTURE_ENV: str(capture)}):
                nbclient.NotebookClient(nb, timeout=timeout, kernel_name=kernel,
                                        resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            if notebooks_dir is not None:
                Path(notebooks_dir).mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, Path(notebooks_dir) / f"{path.stem}.{profile_key}.ipynb")
        runtime = time.time() - start
        boxes = [json.loads(line) for line in capture.read_text().splitlines()] if capture.exists() else []
    commit, dirty = _git_commit()
    try:
        chapter = str(path.relative_to(ROOT))
    except ValueError:
        chapter = str(path)
    result = {
        "schema": SCHEMA, "chapter": chapter, "stem": path.stem, "profile": profile_key,
        "models": {"base": prof.base, "aligned": prof.aligned, "judge": prof.judge},
        "glue": glued(nb),
        "box": boxes[-1] if boxes else {"chapter": path.stem, "run_label": profile_key, "columns": [], "rows": []},
        "quantize": prof.quantize, "standin": os.environ.get("BOOK_STANDIN") or None,
        "lib_version": lib.__version__, "git_commit": commit, "git_dirty": dirty,
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "runtime_s": round(runtime, 1), "device": _device(), "python": sys.version.split()[0],
    }
    out = path_for(profile_key, path.stem)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_suffix(".json.tmp")
    tmp_out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    tmp_out.replace(out)  # a killed run never leaves half a results file
    return out


def chapters_for(profile_key: str, paths=()) -> list[Path]:
    """The chapters to run on a profile: `paths` if given (each must belong to one of the profile's parts), else
    every chapter of `_toc.yml` that loads a model and belongs to the profile's parts (or to none, like the
    residual-stream chapter). One clear error for a chapter of the other part."""
    from lib import profiles

    if profile_key not in profiles.PROFILES:
        raise BadInput(f"unknown model profile {profile_key!r}; choose one of {', '.join(profiles.PROFILES)}")
    prof = profiles.PROFILES[profile_key]
    if paths:
        chapters = [Path(p) for p in paths]
        missing = [str(p) for p in chapters if not p.exists()]
        if missing:
            raise BadInput(f"no such chapter file: {', '.join(missing)}; pass paths like book/neutral_mask/05_steering.md")
        for path in chapters:
            need = profiles.CHAPTERS.get(path.stem)
            if need is not None and need.part is not None and need.part not in prof.parts:
                raise BadInput(f"{path} is a chapter of {profiles.PARTS[need.part]} and profile {profile_key!r} runs "
                               f"{' and '.join(profiles.PARTS[p] for p in prof.parts)}; profiles that fit: "
                               f"{', '.join(profiles.fitting(need.part))}")
        return chapters
    out = []
    for path in toc_chapters():
        need = profiles.CHAPTERS.get(path.stem)
        if need is None or not need.roles and not prof.is_organism:
            continue  # a chapter that loads no model gives the same numbers on every profile
        if need.part is None or need.part in prof.parts:
            out.append(path)
    return out


def check_device(profile_key: str, allow_cpu: bool = False) -> None:
    """A real profile needs a GPU: one clear error without one, unless `allow_cpu` (slow, or stand-in models)."""
    import torch

    from lib import profiles

    prof = profiles.PROFILES[profile_key]
    if prof.is_organism or allow_cpu or torch.cuda.is_available():
        return
    raise BadInput(f"profile {profile_key!r} runs real models and this machine has no GPU. On Colab: Runtime > Change "
                   "runtime type > a GPU (T4 is enough for the -4bit, gemma-2-2b and qwen2.5-1.5b profiles), then run "
                   "again; or pass --allow-cpu (allow_cpu=True) to run on the CPU anyway, very slowly.")


def run(paths, profile_key: str, *, allow_cpu: bool = False, **kwargs) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Run each chapter in turn (`chapters_for(profile_key, paths)`); a failing chapter does not stop the rest.

    Returns (results files written, [(chapter, error summary)]).
    """
    chapters = chapters_for(profile_key, paths)
    stems = [p.stem for p in chapters]
    dup = sorted({s for s in stems if stems.count(s) > 1})
    if dup:
        raise BadInput(f"chapters share a file stem {dup}: results are saved by stem, so give them distinct names")
    check_device(profile_key, allow_cpu)
    written, failed = [], []
    for path in chapters:
        print(f"[{profile_key}] {path} ...", flush=True)
        try:
            out = run_chapter(path, profile_key, **kwargs)
        except Exception as err:  # noqa: BLE001 - report and go on with the next chapter
            summary = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
            failed.append((path, f"{type(err).__name__}: {summary}"))
            print(f"  FAILED: {failed[-1][1]}", flush=True)
            continue
        written.append(out)
        print(f"  saved {out}", flush=True)
    return written, failed


def keep(paths=None) -> str:
    """Make saved results outlive a Colab runtime; returns what was done, in one sentence.

    On Colab with Drive mounted the files are already in Drive (RESULTS_DIR) or copied there; without Drive they are
    zipped and downloaded through the browser (`google.colab.files.download`). Elsewhere nothing is needed.
    """
    import shutil

    files = [Path(p) for p in paths] if paths else sorted(results_dir().glob("*/*.json"))
    if not files:
        return f"no results to keep under {results_dir()}"
    if not on_colab():
        return f"{len(files)} results file(s) are saved under {results_dir()}"
    if COLAB_DRIVE.is_dir():
        for f in files:
            target = COLAB_RESULTS / f.parent.name / f.name
            if f.resolve() != target.resolve():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target)
        return f"{len(files)} results file(s) are in Google Drive under {COLAB_RESULTS}"
    from google.colab import files as colab_files

    archive = Path(tempfile.mkdtemp()) / "neutral-mask-results.zip"
    import zipfile

    with zipfile.ZipFile(archive, "w") as zf:
        for f in files:
            zf.write(f, f"{f.parent.name}/{f.name}")
    colab_files.download(str(archive))
    return (f"{len(files)} results file(s) downloaded as {archive.name}; unzip it into data/results/ of your copy of "
            "the book (or mount Google Drive before the next run)")


def run_and_keep(profile_key: str, chapters=(), **kwargs) -> tuple[list[Path], list[tuple[Path, str]]]:
    """`run` from a notebook cell, then `keep` the results (Colab: Drive or a download); prints what happened."""
    written, failed = run(chapters, profile_key, **kwargs)
    print(keep(written) if written else "nothing saved")
    for path, why in failed:
        print(f"  {path}: {why}")
    return written, failed


def overview(root: Path = ROOT) -> "pd.DataFrame":
    """One row per executable chapter of `_toc.yml`: part, title, the paper's real profile and the GPU memory and
    smallest GPU it needs there (`lib.profiles.gpu_gib`, `tier_for`), the same on the free-T4 profile of its part,
    its exercises and how many have a checker, and the real-model runs saved for it."""
    import pandas as pd
    import yaml

    from lib import checkers, profiles

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    part = {f"{c['file']}.md": p.get("caption", "") for p in toc.get("parts", []) for c in p.get("chapters", [])}
    rows = []
    for path in toc_chapters(root):
        text = path.read_text()
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
        need = profiles.CHAPTERS.get(path.stem)
        paper = profiles.default_profile(path.stem) if need else None
        free = profiles.free_profile(need.part) if need and need.roles else None
        rows.append({
            "chapter": path.stem, "part": part.get(str(path.relative_to(root)), ""), "title": title,
            "paper's profile": paper or "none",
            "GPU memory (GiB)": profiles.gpu_gib(path.stem, paper) if paper else 0,
            "smallest GPU": profiles.tier_for(path.stem, paper) if paper else "CPU",
            "free-T4 profile": free or "none",
            "T4 GPU memory (GiB)": profiles.gpu_gib(path.stem, free) if free else 0,
            "exercises": text.count("```{exercise}"),
            "with a checker": sum(f'check("{ex}"' in text for ex in checkers.EXERCISES),
            "real-model results saved": ", ".join(r["profile"] for r in saved(path.stem)) or "none yet",
        })
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.build.results", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="execute chapters on a model profile and save their numbers")
    r.add_argument("--profile", required=True, help="a key of lib.profiles.PROFILES, e.g. llama-3.1-8b")
    r.add_argument("chapters", nargs="*", help="chapter .md files (default: every chapter in _toc.yml)")
    r.add_argument("--timeout", type=int, default=3600, help="seconds per cell")
    r.add_argument("--notebooks", type=Path, default=None, help="also write the executed notebooks here")
    r.add_argument("--allow-cpu", action="store_true", help="run a real profile without a GPU (slow)")
    sub.add_parser("list", help="list the saved results")
    args = parser.parse_args(argv)
    if args.command == "list":
        files = sorted(results_dir().glob("*/*.json"))
        for f in files:
            result = json.loads(f.read_text())
            print(f"{f.relative_to(results_dir())}  {result['date'][:10]}  {result['device']}  {result['git_commit']}")
        if not files:
            print(f"no real-model results saved under {results_dir()}")
        return 0
    try:
        written, failed = run(args.chapters, args.profile, timeout=args.timeout, notebooks_dir=args.notebooks,
                              allow_cpu=args.allow_cpu)
    except BadInput as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"{len(written)} chapter(s) saved under {results_dir()}, {len(failed)} failed")
    if written and on_colab() and not str(results_dir()).startswith(str(COLAB_DRIVE)):
        print("On Colab these files vanish with the runtime: run `from lib.build import results; results.keep()` in a "
              "notebook cell to download them, or mount Google Drive first (results then go there).")
    for path, why in failed:
        print(f"  {path}: {why}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
