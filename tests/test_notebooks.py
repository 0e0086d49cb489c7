import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import JUPYTEXT_HEADER
from lib import profiles
from lib.build import notebooks
from lib.errors import BadInput

ROOT = Path(__file__).resolve().parent.parent
HEADER = JUPYTEXT_HEADER
CHAPTER = HEADER + """
(demo)=
# A demo chapter

Prose first.

```{code-cell} ipython3
:tags: [hide-output]
import sys
x = 1 + 1
```

```{code-cell} ipython3
x
```
"""


def test_every_toc_chapter_has_a_current_notebook():
    status = notebooks.check()
    assert status.ok, status.message()
    assert len(notebooks.notebook_chapters()) >= 10


def _book(tmp_path: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    toc = {"format": "jb-book", "root": "book/intro",
           "parts": [{"caption": "P", "chapters": [{"file": rel[:-3]} for rel in pages if rel != "book/intro.md"]}]}
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc))
    _config(tmp_path, "https://example.org/someone/fork", "trunk")
    return tmp_path


def _config(root: Path, url: str, branch: str) -> None:
    (root / "_config.yml").write_text(yaml.safe_dump({"title": "T", "repository": {"url": url, "branch": branch}}))


def test_sync_writes_deterministic_notebooks_with_empty_outputs(tmp_path):
    root = _book(tmp_path, {"book/intro.md": "# Intro\n\nNo code here.\n", "book/part/demo.md": CHAPTER})
    assert [p.name for p in notebooks.notebook_chapters(root)] == ["demo.md"]  # the plain intro gets none
    assert notebooks.check(root).missing == [root / "book/part/demo.ipynb"]
    notebooks.sync(root)
    target = root / "book/part/demo.ipynb"
    first = target.read_bytes()
    assert not (root / "book/intro.ipynb").exists()
    assert notebooks.render(root / "book/part/demo.md").encode() == first  # same source -> same bytes
    assert notebooks.check(root).ok and notebooks.sync(root) == []
    nb = json.loads(first)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["outputs"] for c in code] == [[], [], []] and [c["execution_count"] for c in code] == [None] * 3
    assert code[0]["metadata"]["tags"] == [notebooks.SETUP_TAG, "hide-output"]  # the generated Colab cell first
    assert "".join(code[1]["source"]) == "import sys\nx = 1 + 1" and code[1]["metadata"]["tags"] == ["hide-output"]
    assert "".join(nb["cells"][1]["source"]).startswith("(demo)=\n# A demo chapter")
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["metadata"][notebooks.GENERATED_BY]["source"] == "book/part/demo.md"
    assert len({c["id"] for c in nb["cells"]}) == len(nb["cells"])


def test_check_names_stale_missing_and_orphaned_notebooks(tmp_path):
    root = _book(tmp_path, {"book/intro.md": "# Intro\n", "book/a.md": CHAPTER, "book/b.md": CHAPTER})
    notebooks.sync(root)
    (root / "book/a.md").write_text(CHAPTER.replace("1 + 1", "2 + 2"))
    (root / "book/b.ipynb").unlink()
    status = notebooks.check(root)
    assert status.stale == [root / "book/a.ipynb"] and status.missing == [root / "book/b.ipynb"]
    message = status.message(root)
    assert "python -m lib.build.notebooks sync" in message and "out of date: book/a.ipynb" in message
    # a chapter leaves the table of contents: its generated notebook is orphaned; a hand-made notebook is not ours
    notebooks.sync(root)
    (root / "notes.ipynb").write_text("{}")
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    toc["parts"][0]["chapters"] = [{"file": "book/a"}]
    (root / "_toc.yml").write_text(yaml.safe_dump(toc))
    assert notebooks.check(root).orphaned == [root / "book/b.ipynb"]
    notebooks.sync(root)
    assert not (root / "book/b.ipynb").exists() and (root / "notes.ipynb").exists() and notebooks.check(root).ok


def test_a_toc_entry_without_a_source_is_a_clear_error(tmp_path):
    root = _book(tmp_path, {"book/intro.md": "# Intro\n"})
    (root / "_toc.yml").write_text(yaml.safe_dump({"root": "book/intro", "chapters": [{"file": "book/gone"}]}))
    with pytest.raises(BadInput, match="book/gone"):
        notebooks.chapters(root)


def _setup_cell(nb_text: str) -> dict:
    cell = json.loads(nb_text)["cells"][0]
    assert cell["cell_type"] == "code" and notebooks.SETUP_TAG in cell["metadata"]["tags"]
    return cell


def test_the_colab_cell_carries_the_address_of_config_yml_and_a_new_address_makes_the_notebook_stale(tmp_path):
    root = _book(tmp_path, {"book/intro.md": "# Intro\n", "book/part/demo.md": CHAPTER})
    assert notebooks.repository(root) == ("https://example.org/someone/fork", "trunk")
    notebooks.sync(root)
    target = root / "book/part/demo.ipynb"
    source = "".join(_setup_cell(target.read_text())["source"])
    assert source == notebooks.colab_setup("https://example.org/someone/fork", "trunk")
    assert 'URL, BRANCH, HOME = "https://example.org/someone/fork", "trunk", "/content/book"' in source
    _config(root, "https://example.org/other/book", "main")  # a publisher moves the book
    assert notebooks.check(root).stale == [target]
    assert notebooks.sync(root) == [target]
    source = "".join(_setup_cell(target.read_text())["source"])
    assert '"https://example.org/other/book", "main"' in source and "someone/fork" not in source
    (root / "_config.yml").write_text("title: T\n")
    with pytest.raises(BadInput, match="repository.url"):
        notebooks.render(root / "book/part/demo.md")
    _config(root, 'https://example.org/a"; import os; "', "main")  # it is written into code: no quotes
    with pytest.raises(BadInput, match="quote"):
        notebooks.render(root / "book/part/demo.md")


def test_the_address_is_written_only_in_config_yml_and_every_notebook_starts_with_the_colab_cell():
    url, branch = notebooks.repository()
    assert yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"] == url == notebooks.REPO_URL
    found = subprocess.run(["git", "grep", "-l", "-F", url, "--", ".", ":!*.ipynb", ":!_config.yml"], cwd=ROOT,
                           capture_output=True, text=True).stdout.split()
    assert found == [], f"the repository address is written outside _config.yml in {found}: read it from there"
    wrong = []
    for source in notebooks.notebook_chapters():
        cells = json.loads(notebooks.render(source))["cells"]
        first = "".join(_setup_cell(notebooks.render(source))["source"])
        own = "".join(next(c for c in cells[1:] if c["cell_type"] == "code")["source"])  # the chapter's setup cell
        picks_model = profiles.CHAPTERS.get(source.stem, profiles.Chapter(None)).roles
        if first != notebooks.colab_setup(url, branch) or "git clone" in source.read_text() or (
                picks_model and "MODEL_PROFILE =" not in own):
            wrong.append(source.relative_to(ROOT).as_posix())
    assert not wrong, (f"chapters whose notebook does not start with the generated Colab cell, whose source clones "
                       f"the repository itself, or (loading a model) whose setup cell sets no MODEL_PROFILE: {wrong}")


def test_notebooks_of_chapters_that_load_a_model_ask_colab_for_a_gpu(tmp_path):
    gpu = {}
    for source in notebooks.notebook_chapters():
        meta = json.loads(notebooks.render(source))["metadata"]
        gpu[source.stem] = {k: meta[k] for k in ("accelerator", "colab") if k in meta}
    want = {"accelerator": "GPU", "colab": {"gpuType": "T4", "provenance": []}}
    assert gpu["02_direction"] == gpu["03_value_vectors"] == gpu["residual_stream"] == want
    assert gpu["organism"] == gpu["01_values_data"] == gpu["performance"] == gpu["teaching"] == {}
    assert {stem for stem, meta in gpu.items() if meta} == {
        stem for stem in gpu if stem in profiles.CHAPTERS and profiles.CHAPTERS[stem].roles}
    # a stem lib.profiles does not know loads no model
    root = _book(tmp_path, {"book/intro.md": "# Intro\n", "book/p/02_direction.md": CHAPTER, "book/p/new.md": CHAPTER})
    assert json.loads(notebooks.render(root / "book/p/02_direction.md"))["metadata"]["accelerator"] == "GPU"
    assert "accelerator" not in json.loads(notebooks.render(root / "book/p/new.md"))["metadata"]


def _run_setup(tmp_path: Path, url: str, home: Path, *, colab: bool) -> subprocess.CompletedProcess:
    """The generated cell, run by a fresh python (with a stand-in google.colab if `colab`), cloning into `home`."""
    code = notebooks.colab_setup(url, "main")
    assert '"/content/book"' in code
    code = code.replace('"/content/book"', json.dumps(str(home)))  # never touch a real /content
    fake = "import sys, types; sys.modules['google.colab'] = types.ModuleType('google.colab')\n" if colab else ""
    script = tmp_path / "cell.py"
    script.write_text(fake + code + "\nprint('lib imported' if 'lib' in sys.modules else 'nothing done')\n")
    config = tmp_path / "gitconfig"
    config.write_text("")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1", "PYTHONPATH": ""}
    return subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)


def test_on_colab_an_unreachable_repository_stops_the_cell_with_one_sentence_naming_the_clone(tmp_path):
    url = (tmp_path / "no-such-repo").as_uri()
    done = _run_setup(tmp_path, url, tmp_path / "book", colab=True)
    assert done.returncode == 1 and done.stdout == ""
    message = done.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith("Colab setup failed at git clone (fatal: ")
    assert message.endswith(f"check that {url} exists and is public (a publisher sets it in _config.yml "
                            "repository.url, then runs python -m lib.build.notebooks sync).")
    assert not (tmp_path / "book").exists()


def test_on_colab_a_failed_install_names_pip_and_its_error(tmp_path):
    home = tmp_path / "book"  # already cloned, but holds no Python project: pip refuses it before installing anything
    subprocess.run(["git", "init", "-q", str(home)], check=True)
    done = _run_setup(tmp_path, "https://example.org/unused", home, colab=True)
    assert done.returncode == 1 and done.stdout == ""
    message = done.stderr.strip()
    assert message.startswith("Colab setup failed at pip install (ERROR: ") and "\n" not in message
    assert "does not appear to be a Python project" in message and message.endswith("then Run all.")


def test_outside_colab_the_cell_does_nothing(tmp_path):
    done = _run_setup(tmp_path, (tmp_path / "no-such-repo").as_uri(), tmp_path / "book", colab=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "nothing done\n", "")
    assert not (tmp_path / "book").exists()


def test_the_colab_extra_adds_what_chapters_import_and_keeps_colabs_own_builds():
    tomllib = pytest.importorskip("tomllib")
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = {Requirement(r).name: Requirement(r) for r in project["optional-dependencies"]["colab"]}
    assert set(extra) == {"myst-nb", "bitsandbytes", "jupytext", "nbclient"}  # glue; 4-bit; lib.build.results run
    sources = "".join(p.read_text() for p in notebooks.notebook_chapters())
    assert "from myst_nb import glue" in sources
    needs = {Requirement(r).name: Requirement(r) for r in project["dependencies"]}
    colab = {"torch": "2.8.0+cu126", "altair": "5.5.0", "ipywidgets": "7.7.1", "pandas": "2.2.2"}  # a Colab runtime's
    refused = [f"{name} {v}" for name, v in colab.items() if not needs[name].specifier.contains(v, prereleases=True)]
    assert not refused, f"pyproject.toml would replace Colab's own {refused}: loosen those requirements"


# ---------------------------------------------------------------- figures and the closing box of every chapter

CHART_CALLS = ("alt.Chart", "alt.layer", "alt.hconcat", "alt.vconcat", "alt.concat")  # and charts.*, *_chart(...)


def _code(cell) -> ast.Module:
    lines = [line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))]  # IPython magics
    return ast.parse("\n".join(lines))


def _chart_calls(tree, local: set[str]) -> list[str]:
    """The calls in `tree` that build a chart, outside function bodies: altair's constructors, `lib.charts.*`,
    any `*_chart(...)` (signatures.twin_chart, explore.steering_chart) and the page's own chart functions."""
    found = []

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if (name in CHART_CALLS or name.startswith("charts.") or name.split(".")[-1].endswith("_chart")
                    or name in local):
                found.append(name)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _figure_names(source: Path) -> list[str]:
    """The `mystnb: figure: name` of every code cell of one chapter that has one."""
    import jupytext

    return [c.metadata["mystnb"]["figure"]["name"] for c in jupytext.read(source).cells
            if c.cell_type == "code" and c.metadata.get("mystnb", {}).get("figure", {}).get("name")]


def _page_code_cells(source: Path) -> list:
    """The code cells of one chapter outside exercise solutions (a solution's chart is the reader's exercise output,
    shown in a dropdown, not one of the page's figures)."""
    import jupytext

    cells, inside = [], False
    for cell in jupytext.read(source).cells:
        if cell.cell_type == "markdown":
            start, end = cell.source.rfind("{solution-start}"), cell.source.rfind("{solution-end}")
            inside = start > end or (inside and start == end == -1)
        elif not inside:
            cells.append(cell)
    return cells


def _figures(source: Path) -> list[tuple[str, dict]]:
    """(first line, mystnb figure metadata or {}) for each code cell of one chapter that draws a chart."""
    cells = _page_code_cells(source)
    trees = [_code(c) for c in cells]
    local = set()
    for tree in trees:  # functions the page defines that build a chart (06_bypass's `bars`)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any(_chart_calls(stmt, set()) for stmt in node.body):
                local.add(node.name)
    return [(cell.source.strip().splitlines()[0], cell.metadata.get("mystnb", {}).get("figure", {}))
            for cell, tree in zip(cells, trees) if _chart_calls(tree, local)]


@pytest.mark.parametrize("source", [pytest.param(s, id=s.relative_to(ROOT).as_posix())
                                    for s in notebooks.notebook_chapters()])
def test_charts_are_captioned_named_figures_cited_in_the_page_and_the_box_comes_from_report_close(source):
    """Every cell that draws a chart is a MyST-NB figure (a caption and a `fig-` name), every figure is cited with
    {numref} in its page, and the closing box, its glued values and the GPU need come from one `report.close`."""
    import re

    text = source.read_text()
    drawn = _figures(source)
    unnamed = [first for first, fig in drawn
               if not (str(fig.get("name", "")).startswith("fig-") and fig.get("caption"))]
    assert not unnamed, (f"cells that draw a chart without `mystnb: figure: {{caption, name: fig-...}}` metadata "
                         f"(see 03_variance's twin chart): {unnamed}")
    uncited = [name for name in _figure_names(source)
               if not re.search(r"\{numref\}`(?:[^`]*<)?" + re.escape(name) + r">?`", text)]
    assert not uncited, f"figures the page never cites with {{numref}}: {uncited}"
    direct = sorted(set(re.findall(r"report\.(paper_vs_run|glue_gpu_need)\(", text)))
    assert not direct, (f"calls report.{' and report.'.join(direct)} itself: close the chapter with one "
                        "report.close(chapter, profile, rows, glue_only=...)")


def test_figure_names_are_unique_across_the_book():
    names = [name for source in notebooks.notebook_chapters() for name in _figure_names(source)]
    assert names and len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


@pytest.mark.parametrize("source", [pytest.param(s, id=s.relative_to(ROOT).as_posix())
                                    for s in notebooks.notebook_chapters()])
def test_run_all_runs_every_cell_as_the_build_does(source):
    """Colab's "Run all" ignores the build's cell tags: a `skip-execution` cell runs there (and was never checked by
    the build), and a `raises-exception` cell stops every cell after it. A cell that needs the reader's input prints
    what to fill in instead (02_responses' hand labels)."""
    import jupytext

    tagged = [(c.source.strip().splitlines()[0], tag) for c in jupytext.read(source).cells if c.cell_type == "code"
              for tag in c.metadata.get("tags", []) if tag in ("skip-execution", "raises-exception")]
    assert not tagged, f"cells that Colab's Run all would run but the build does not check: {tagged}"
