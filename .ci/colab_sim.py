"""A Colab runtime, simulated: run one commit's generated notebooks top to bottom as a Colab reader would.

    python .ci/colab_sim.py [--repo PATH] [--rev REV] [--keep] [book/part/chapter.ipynb ...]   # default: every one

What a reader has on Colab, and what stands in for it here:
- the runtime's own packages: a fresh virtual environment holding only torch==2.13.0 (the CPU build), transformers,
  pandas, scikit-learn, altair 5, ipywidgets 7 and ipykernel;
- `google.colab`, imported before the first cell: a stand-in package whose drive.mount, files.download, userdata.get
  and output.enable_custom_widget_manager record each call in <tmp>/colab_calls.jsonl, imported by a kernel
  launcher as Colab's own `colab_kernel_launcher` does;
- the notebook opened from GitHub: read from the commit under test (`git show REV:path`), not from the work tree;
- the repository on GitHub: `_config.yml` repository.url of that commit, redirected by git's `url.<x>.insteadOf` in a
  private git config (GIT_CONFIG_GLOBAL; the real one is never read or written) to a bare copy of the commit that
  holds it under repository.branch;
- /content: the working directory, where the install cell clones the book (/content/book is written in the cell,
  as on Colab, so it cannot move: the simulation needs a writable /content; CI runs as root); a /content/book left
  by an earlier simulation is removed first.

Checks, per notebook: every cell ran (the first being the generated install cell, which cloned the commit under
test), and the closing box rendered (a table with a "paper reports" column where the chapter calls
report.paper_vs_run, glue outputs carrying "scrapbook" metadata where it glues). Then: installing `.[colab]` left
torch, altair and ipywidgets at Colab's versions, and lib.explore's widget builds on ipywidgets 7. Prints one line per
notebook with its wall time; exits 1 naming the notebook and the cell that failed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLAB_PACKAGES = ["torch==2.13.0", "transformers", "pandas", "scikit-learn", "altair>=5,<6", "ipywidgets>=7,<8",
                  "ipykernel"]  # torch pinned: this exact version is the local CPU wheel (unpinned pulls CUDA builds)
KEPT = ["torch", "altair", "ipywidgets"]  # Colab's builds that installing the book must not replace
KERNEL = "colab-sim"
CONTENT = Path("/content")  # Colab's working directory; the install cell clones into /content/book

# The stand-in google.colab: `google` stays a namespace package (protobuf installs google.protobuf beside it).
STUBS = {
    "google/colab/__init__.py": '''"""Stand-in for Colab's google.colab: each call is logged to $COLAB_SIM_LOG."""
import json, os


def _log(call, *args):
    with open(os.environ["COLAB_SIM_LOG"], "a") as f:
        f.write(json.dumps({"call": call, "args": [str(a) for a in args]}) + "\\n")


from google.colab import drive, files, output, userdata  # noqa: E402
''',
    "google/colab/drive.py": '''import os
from google.colab import _log


def mount(mountpoint, force_remount=False, timeout_ms=120000, readonly=False):
    os.makedirs(os.path.join(mountpoint, "MyDrive"), exist_ok=True)
    _log("drive.mount", mountpoint)
''',
    "google/colab/files.py": '''import os, shutil
from google.colab import _log


def download(filename):
    if not os.path.exists(filename):
        raise FileNotFoundError(f"Cannot find file: {filename}")
    target = os.path.join(os.path.dirname(os.environ["COLAB_SIM_LOG"]), "downloads")
    os.makedirs(target, exist_ok=True)
    shutil.copy(filename, target)
    _log("files.download", filename)
''',
    "google/colab/userdata.py": '''import os
from google.colab import _log


class SecretNotFoundError(KeyError):
    pass


def get(key):
    _log("userdata.get", key)
    if f"COLAB_SIM_SECRET_{key}" not in os.environ:
        raise SecretNotFoundError(key)
    return os.environ[f"COLAB_SIM_SECRET_{key}"]
''',
    "google/colab/output.py": '''from google.colab import _log


def enable_custom_widget_manager():
    _log("output.enable_custom_widget_manager")
''',
    "colab_kernel_launcher.py": '''"""Stand-in for Colab's kernel launcher: google.colab is imported before any cell."""
import google.colab  # noqa: F401
from ipykernel import kernelapp

kernelapp.launch_new_instance()
''',
}

WIDGET_CHECK = """
import google.colab, ipywidgets, pandas as pd
from lib import explore
outputs = pd.DataFrame({"strength": [0.0, 1.0] * 2, "item": [0, 0, 1, 1], "prompt": ["p"] * 4,
                        "output": ["a", "b", "c", "d"], "lean": [0.1, 0.5, -0.2, 0.3], "model": ["aligned"] * 4})
box = explore.steering_widget(outputs, model="aligned")
box.children[0].children[0].value = 1.0
assert "+0.400" in box.children[1].value, box.children[1].value
print(ipywidgets.__version__)
"""


class Failed(Exception):
    """One sentence saying what failed; the simulation stops with it."""


def sh(cmd, **kwargs) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise Failed(f"`{' '.join(map(str, cmd))}` exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def repository(repo: Path, sha: str) -> tuple[str, str]:
    import yaml

    config = yaml.safe_load(sh(["git", "-C", repo, "show", f"{sha}:_config.yml"]))
    return config["repository"]["url"], config["repository"].get("branch") or "main"


def colab_runtime(tmp: Path) -> Path:
    """A venv with what a Colab runtime brings, google.colab preloaded in its kernel; returns its python."""
    sh([sys.executable, "-m", "venv", tmp / "venv"])
    python = tmp / "venv/bin/python"
    sh([python, "-m", "pip", "install", "-q", "--no-compile", *COLAB_PACKAGES])  # byte-compiling took 2/3 of it
    site = Path(sh([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    for rel, text in STUBS.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    spec = tmp / "jupyter/kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "colab_kernel_launcher", "-f", "{connection_file}", "--log-level=ERROR"],
        "display_name": "Python 3 (Colab, simulated)", "language": "python"}))
    return python


def versions(python: Path) -> dict[str, str]:
    code = f"import importlib.metadata as m, json; print(json.dumps({{p: m.version(p) for p in {KEPT!r}}}))"
    return json.loads(sh([python, "-c", code]))


def github_redirect(tmp: Path, repo: Path, sha: str, url: str, branch: str) -> dict[str, str]:
    """A bare copy of `sha` under `branch`, and a private git config that sends `url` there: the env to run with."""
    origin = tmp / "origin.git"
    sh(["git", "init", "-q", "--bare", origin])
    sh(["git", "-C", origin, "fetch", "-q", "--no-tags", str(repo), f"{sha}:refs/heads/{branch}"])
    sh(["git", "-C", origin, "symbolic-ref", "HEAD", f"refs/heads/{branch}"])
    config = tmp / "gitconfig"
    config.write_text("")
    sh(["git", "config", "--file", config, f"url.file://{origin}.insteadOf", url])
    return {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}


def fresh_content() -> Path:
    marker = CONTENT / ".colab-sim"
    if (CONTENT / "book").exists():
        if not marker.exists():
            raise Failed(f"{CONTENT}/book exists and no earlier simulation made it: move it away first")
        shutil.rmtree(CONTENT / "book")
    try:
        CONTENT.mkdir(parents=True, exist_ok=True)
        marker.write_text("made by .ci/colab_sim.py\n")
    except OSError as error:
        raise Failed(f"the simulation needs a writable {CONTENT}, as on Colab (run it as root, as CI does): {error}")
    return CONTENT


def _seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return float("nan")
    return (datetime.fromisoformat(end.replace("Z", "+00:00")) -
            datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def _texts(cell) -> list[str]:
    out = []
    for o in cell.get("outputs", []):
        out.append(o.get("text", "") if o.output_type == "stream" else "")
        out += [v if isinstance(v, str) else json.dumps(v) for v in o.get("data", {}).values()]
    return out


def run_notebook(rel: str, text: str, content: Path, sha: str) -> tuple[float, float]:
    """Execute one notebook as Colab would; returns (wall seconds, install cell seconds); raises Failed."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.reads(text, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=1800, record_timing=True,
                            resources={"metadata": {"path": str(content)}})
    start = time.time()
    try:
        client.execute()
    except CellExecutionError:
        for i, cell in enumerate(nb.cells):
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            if errors:
                first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                raise Failed(f"{rel}: cell {i} ({first!r}) failed: {errors[0].ename}: {errors[0].evalue}") from None
        raise
    wall = time.time() - start
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    setup = nb.cells[0]
    if setup.cell_type != "code" or "colab-setup" not in setup.metadata.get("tags", []):
        raise Failed(f"{rel}: cell 0 is not the generated Colab install cell (tag colab-setup): run "
                     "`python -m lib.build.notebooks sync` and commit the notebooks")
    skipped = [i for i, c in code if c.execution_count is None]
    if skipped:
        raise Failed(f"{rel}: cells {skipped} did not run")
    head = sh(["git", "-C", content / "book", "rev-parse", "HEAD"]).strip()
    if head != sha:
        raise Failed(f"{rel}: /content/book holds {head[:12]}, not the commit under test {sha[:12]}")
    source = "".join(c.source for _, c in code)
    texts = [t for _, c in code for t in _texts(c)]
    if "paper_vs_run(" in source and not any("paper reports" in t for t in texts):
        raise Failed(f"{rel}: no output shows the closing box (report.paper_vs_run's 'paper reports' column)")
    glued = [o for _, c in code for o in c.get("outputs", []) if "scrapbook" in o.get("metadata", {})]
    if "glue(" in source and not glued:
        raise Failed(f"{rel}: no glue output (an output with 'scrapbook' metadata): the closing box did not render")
    return wall, _seconds(setup)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebook under book/ in the commit")
    parser.add_argument("--repo", type=Path, default=REPO, help="the git repository holding the commit (default: here)")
    parser.add_argument("--rev", default="HEAD", help="the commit under test (default HEAD)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (venv, logs) and say where")
    args = parser.parse_args(argv)
    start = time.time()
    tmp = Path(tempfile.mkdtemp(prefix="colab-sim-"))
    try:
        sha = sh(["git", "-C", args.repo, "rev-parse", "--verify", f"{args.rev}^{{commit}}"]).strip()
        url, branch = repository(args.repo, sha)
        notebooks = args.notebooks or [rel for rel in sh(["git", "-C", args.repo, "ls-tree", "-r", "--name-only", sha,
                                                          "book"]).split() if rel.endswith(".ipynb")]
        os.environ.update(github_redirect(tmp, args.repo, sha, url, branch))
        python = colab_runtime(tmp)
        before = versions(python)
        print(f"colab-sim: runtime ({', '.join(f'{k} {v}' for k, v in before.items())}) ready in "
              f"{time.time() - start:.0f} s; {url} ({branch}) -> commit {sha[:12]}", flush=True)
        os.environ.update(JUPYTER_PATH=str(tmp / "jupyter"), COLAB_SIM_LOG=str(tmp / "colab_calls.jsonl"),
                          IPYTHONDIR=str(tmp / "ipython"), PATH=f"{python.parent}{os.pathsep}{os.environ['PATH']}")
        os.environ.setdefault("OMP_NUM_THREADS", "1")  # as CI's book build: on 2 busy cores, threads only contend
        for name in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"):
            os.environ.pop(name, None)
        content = fresh_content()
        for rel in notebooks:
            text = sh(["git", "-C", args.repo, "show", f"{sha}:{rel}"])
            wall, setup = run_notebook(rel, text, content, sha)
            print(f"colab-sim: {rel}: every cell ran in {wall:.0f} s (install cell {setup:.0f} s)", flush=True)
        after = versions(python)
        changed = [f"{p} {before[p]} -> {after[p]}" for p in KEPT if before[p] != after[p]]
        if changed:
            raise Failed(f"installing the book replaced Colab's own {', '.join(changed)}: loosen pyproject.toml")
        widgets = sh([python, "-c", WIDGET_CHECK], cwd=content).strip()
        log = tmp / "colab_calls.jsonl"
        calls = [json.loads(line)["call"] for line in log.read_text().splitlines()] if log.exists() else []
        print(f"colab-sim: lib.explore widget builds on ipywidgets {widgets}; google.colab calls: "
              f"{', '.join(sorted(set(calls))) or 'none'}")
        print(f"colab-sim: {len(notebooks)} notebooks passed in {time.time() - start:.0f} s")
        return 0
    except Failed as failure:
        print(f"colab-sim FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"colab-sim: kept {tmp} and {CONTENT}/book")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
            if (CONTENT / ".colab-sim").exists():
                shutil.rmtree(CONTENT / "book", ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
