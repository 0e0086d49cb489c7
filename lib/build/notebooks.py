"""The Colab notebooks: one generated `.ipynb` next to every chapter's jupytext `.md` source, never edited by hand.

    python -m lib.build.notebooks sync     # write every chapter's notebook (and delete notebooks of removed chapters)
    python -m lib.build.notebooks check    # exit 1 and name each missing, stale or orphaned notebook

Every page in `_toc.yml` whose .md is a jupytext notebook (front matter with a kernelspec) gets one; plain pages
(the introduction, the references) have no code and no launch button. The book's launch button opens
`book/<part>/<page>.ipynb` on Colab (Jupyter Book links the .ipynb when it exists next to the source at build
time; `_config.yml` keeps it out of the build itself). A notebook is a pure function of
its source, `_config.yml` and `lib.profiles.CHAPTERS`: empty outputs, no execution counts, cell ids derived from
the cell's position and text, and the same JSON layout as nbformat, so `sync` on unchanged inputs writes the same
bytes.

What a notebook adds to its source, for Colab:
- a first cell (`COLAB_SETUP`, tagged "colab-setup") that on Colab clones the repository named by `_config.yml`
  `repository.url` / `.branch` (the one place the address is written; a fork changes it there and runs `sync`),
  installs it with its `colab` extra, and stops with one sentence naming the step that failed; elsewhere it does
  nothing;
- for a chapter that loads a model (`lib.profiles.CHAPTERS[stem].roles`), the metadata with which Colab opens it on
  a GPU runtime (`GPU_METADATA`).
"""
from __future__ import annotations

import copy
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from lib.errors import BadInput

ROOT = Path(__file__).resolve().parents[2]
SYNC_COMMAND = "python -m lib.build.notebooks sync"
GENERATED_BY = "lib.build.notebooks"  # notebook metadata key that marks a file this module wrote
SETUP_TAG = "colab-setup"  # the tag of the generated first cell
GPU_METADATA = {"accelerator": "GPU", "colab": {"gpuType": "T4", "provenance": []}}  # as Colab saves a GPU notebook

# The first cell of every notebook. "__URL__" and "__BRANCH__" become _config.yml's repository.url and .branch.
COLAB_SETUP = """\
# On Colab: install the book's code from __URL__ (branch __BRANCH__); elsewhere this does nothing.
import sys
if "google.colab" in sys.modules and "lib" not in sys.modules:
    import os, subprocess, warnings
    URL, BRANCH, HOME = "__URL__", "__BRANCH__", "/content/book"

    def fail(step, why, fix):
        warnings.filterwarnings("ignore", "To exit")  # IPython's hint after SystemExit: the message is enough
        raise SystemExit(f"Colab setup failed at {step} ({str(why).rstrip('.')}): {fix}")

    def run(step, command, fix):
        done = subprocess.run(command, capture_output=True, text=True)
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()] or [f"exit {done.returncode}"]
        if done.returncode != 0:
            fail(step, next((line for line in lines if line.startswith(("fatal:", "ERROR:"))), lines[-1]), fix)

    if not os.path.isdir(f"{HOME}/.git"):
        run("git clone", ["git", "clone", "-q", "--depth", "1", "--branch", BRANCH, URL, HOME],
            f"check that {URL} exists and is public (a publisher sets it in _config.yml repository.url, "
            "then runs python -m lib.build.notebooks sync).")
    run("pip install", [sys.executable, "-m", "pip", "install", "-q", "-e", f"{HOME}[colab]"],
        "run this cell again; if it fails again, use Runtime > Disconnect and delete runtime, then Run all.")
    sys.path.insert(0, HOME)
    try:
        import lib
    except ImportError as error:
        fail("import lib", error, "use Runtime > Restart session, then run this cell again.")
"""


def repository(root: Path = ROOT) -> tuple[str, str]:
    """(url, branch) of the book's repository: `repository.url` and `.branch` (default "main") of root/_config.yml,
    the one place the address is written."""
    import yaml

    path = Path(root) / "_config.yml"
    config = yaml.safe_load(path.read_text()) if path.is_file() else None
    repo = (config or {}).get("repository") or {}
    if not repo.get("url"):
        raise BadInput(f"{path} sets no repository.url: write the repository's address there (the Colab notebooks "
                       f"clone it), then run `{SYNC_COMMAND}`.")
    url, branch = str(repo["url"]), str(repo.get("branch") or "main")
    if any(c in url + branch for c in '"\\ \n'):
        raise BadInput(f"{path}: repository.url {url!r} / branch {branch!r} hold a quote, backslash or space; a git "
                       "address and branch name have none (they are written into each notebook's install cell)")
    return url, branch


def __getattr__(name: str):
    if name == "REPO_URL":  # read when asked, so that a changed _config.yml is seen
        return repository()[0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def colab_setup(url: str, branch: str) -> str:
    """The source of the Colab install cell for this repository address."""
    return COLAB_SETUP.replace("__URL__", url).replace("__BRANCH__", branch).rstrip("\n")


def loads_a_model(stem: str) -> bool:
    """Does chapter `stem` load a model on a real profile (so its notebook asks Colab for a GPU)?"""
    from lib import profiles

    chapter = profiles.CHAPTERS.get(stem)
    return bool(chapter and chapter.roles)


def chapters(root: Path = ROOT) -> list[Path]:
    """The `.md` source of every page in `root/_toc.yml` (root page first, then parts in order)."""
    import yaml

    toc_path = Path(root) / "_toc.yml"
    if not toc_path.is_file():
        raise BadInput(f"no _toc.yml in {root}: pass the book's root folder (the one holding _config.yml).")
    toc = yaml.safe_load(toc_path.read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    sources = []
    for name in files:
        path = Path(root) / (name if name.endswith(".md") else name + ".md")
        if not path.is_file():
            raise BadInput(f"_toc.yml lists {name} but {path} does not exist: add the .md source or fix _toc.yml.")
        sources.append(path)
    return sources


def is_notebook(source: Path) -> bool:
    """Is this .md a jupytext notebook (front matter with a kernelspec), not a plain page like the intro?"""
    import yaml

    text = Path(source).read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return False
    header = yaml.safe_load(text[4:text.find("\n---", 4)]) or {}
    return isinstance(header, dict) and "kernelspec" in header


def notebook_chapters(root: Path = ROOT) -> list[Path]:
    """The pages in the table of contents that are notebooks: each one gets a generated .ipynb and a Colab button."""
    return [source for source in chapters(root) if is_notebook(source)]


def render(source: Path) -> str:
    """The notebook text for one jupytext source: deterministic, outputs empty, the Colab install cell first."""
    import jupytext
    import nbformat

    nb = jupytext.read(source)
    root = _root_of(source)
    setup = nbformat.v4.new_code_cell(colab_setup(*repository(root)), metadata={"tags": [SETUP_TAG, "hide-output"]})
    nb.cells.insert(0, setup)
    for i, cell in enumerate(nb.cells):
        digest = hashlib.sha1(f"{i}\0{cell.cell_type}\0{cell.source}".encode()).hexdigest()
        cell["id"] = digest[:12]
        cell.metadata.pop("lines_to_next_cell", None)
        if cell.cell_type == "code":
            cell["outputs"], cell["execution_count"] = [], None
    rel = Path(source).resolve().relative_to(root).as_posix()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        GENERATED_BY: {"source": rel, "note": f"generated from {rel} and _config.yml; edit those, then run "
                                              f"`{SYNC_COMMAND}`"},
        **(copy.deepcopy(GPU_METADATA) if loads_a_model(Path(source).stem) else {}),
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    text = nbformat.writes(nb, version=4)  # nbformat's own layout: indent 1, sorted keys, sources split in lines
    return text if text.endswith("\n") else text + "\n"


def _root_of(source: Path) -> Path:
    for parent in Path(source).resolve().parents:
        if (parent / "_toc.yml").is_file():
            return parent
    raise BadInput(f"{source} is not inside a book (no _toc.yml above it).")


@dataclass
class Status:
    missing: list[Path]  # chapter sources with no notebook
    stale: list[Path]  # notebooks whose bytes differ from what their source renders to
    orphaned: list[Path]  # generated notebooks whose chapter left the table of contents

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)

    def message(self, root: Path = ROOT) -> str:
        if self.ok:
            return "every chapter's notebook is current"
        lines = [f"{kind}: {p.relative_to(root).as_posix()}" for kind, paths in
                 (("missing", self.missing), ("out of date", self.stale), ("orphaned", self.orphaned))
                 for p in paths]
        return "\n".join(lines + [f"Fix: run `{SYNC_COMMAND}` in the repository root (never edit a .ipynb by hand)."])


def _generated_notebooks(root: Path) -> list[Path]:
    found = []
    for path in sorted((Path(root) / "book").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        try:
            meta = json.loads(path.read_text()).get("metadata", {})
        except (json.JSONDecodeError, UnicodeDecodeError):
            meta = {}
        if GENERATED_BY in meta:
            found.append(path)
    return found


def check(root: Path = ROOT) -> Status:
    """Compare every chapter's notebook with what its source renders to."""
    status = Status([], [], [])
    wanted = set()
    for source in notebook_chapters(root):
        target = source.with_suffix(".ipynb")
        wanted.add(target.resolve())
        if not target.is_file():
            status.missing.append(target)
        elif target.read_bytes() != render(source).encode():
            status.stale.append(target)
    status.orphaned = [p for p in _generated_notebooks(root) if p.resolve() not in wanted]
    return status


def sync(root: Path = ROOT) -> list[Path]:
    """Write every chapter's notebook that is missing or stale, delete orphaned ones; returns the paths touched."""
    status = check(root)
    for target in status.missing + status.stale:
        target.write_bytes(render(target.with_suffix(".md")).encode())
    for path in status.orphaned:
        path.unlink()
    return status.missing + status.stale + status.orphaned


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in (["sync"], ["check"]):
        print("usage: python -m lib.build.notebooks {sync|check}", file=sys.stderr)
        return 2
    if args == ["sync"]:
        touched = sync()
        for path in touched:
            print("wrote" if path.exists() else "deleted", path.relative_to(ROOT).as_posix())
        print(f"{len(notebook_chapters())} chapter notebooks current ({len(touched)} changed)")
        return 0
    status = check()
    print(status.message())
    return 0 if status.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
