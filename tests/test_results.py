"""Real-model results: the runner saves a chapter's numbers, the closing box shows them, and every chapter states
its GPU memory the way lib.profiles computes it."""
import json
import re
import textwrap
from pathlib import Path

import pytest

from conftest import JUPYTEXT_HEADER
from lib import profiles, report
from lib.build import results
from lib.errors import BadInput

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = results.toc_chapters(ROOT)

ROWS = [("AUC at that layer", 0.945, 0.81234), ("layer", 18, "3 (rule)"), ("new quantity", "n/a", 1.5)]


def _saved(tmp_path, profile="llama-3.1-8b", chapter="fake_chapter", rows=None, date="2026-11-20T10:00:00+00:00"):
    prof = profiles.PROFILES[profile]
    result = {"schema": results.SCHEMA, "chapter": f"book/x/{chapter}.md", "stem": chapter, "profile": profile,
              "models": {"base": prof.base, "aligned": prof.aligned, "judge": prof.judge}, "glue": {"auc": 0.93},
              "box": {"chapter": chapter, "run_label": profile,
                      "columns": ["quantity", "paper reports", f"this run ({profile})"],
                      "rows": rows or [["AUC at that layer", "0.945", "0.930"], ["layer", "18", "18 (fixed)"]]},
              "lib_version": "0.1.0", "git_commit": "abc", "git_dirty": False, "date": date, "runtime_s": 1.0,
              "device": "NVIDIA H100", "python": "3.12"}
    path = tmp_path / profile / f"{chapter}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result))
    return path


def test_box_without_saved_results_is_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "RESULTS_DIR", tmp_path)
    box = report.paper_vs_run(ROWS, "organism", chapter="fake_chapter")
    assert list(box.columns) == ["paper reports", "this run (organism)"]
    assert box.loc["AUC at that layer", "this run (organism)"] == "0.812"
    assert box.equals(report.paper_vs_run(ROWS, "organism"))


def test_box_shows_a_saved_real_run_beside_the_organism(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "RESULTS_DIR", tmp_path)
    _saved(tmp_path)
    box = report.paper_vs_run(ROWS, "organism", chapter="fake_chapter")
    column = "real model (meta-llama/Llama-3.1-8B-Instruct, saved 2026-11-20)"
    assert list(box.columns) == ["paper reports", "this run (organism)", column]
    assert box[column].tolist() == ["0.930", "18 (fixed)", ""]  # matched by quantity; not reported: empty
    # a run ON that profile does not show its own saved file again; another chapter sees nothing
    assert column not in report.paper_vs_run(ROWS, "llama-3.1-8b", chapter="fake_chapter").columns
    assert column not in report.paper_vs_run(ROWS, "organism", chapter="other_chapter").columns


def test_unreadable_results_file_is_skipped_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "RESULTS_DIR", tmp_path)
    _saved(tmp_path, profile="qwen2.5-7b")
    broken = tmp_path / "llama-3.1-8b" / "fake_chapter.json"
    broken.parent.mkdir()
    broken.write_text('{"schema": 1, "box": ')  # a run killed mid-write by hand
    with pytest.warns(UserWarning, match="ignoring unreadable results file"):
        box = report.paper_vs_run(ROWS, "organism", chapter="fake_chapter")
    assert [c for c in box.columns if c.startswith("real model")] == [
        "real model (Qwen/Qwen2.5-7B-Instruct, saved 2026-11-20)"]


def test_glued_reads_numbers_from_notebook_outputs():
    import nbformat

    cell = nbformat.v4.new_code_cell("glue")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain": "0.25"},
                               metadata={"scrapbook": {"name": "auc", "mime_prefix": "application/papermill.record/"}}),
        nbformat.v4.new_output("display_data", data={"text/plain": "18"},
                               metadata={"scrapbook": {"name": "layer", "mime_prefix": ""}}),
        nbformat.v4.new_output("display_data", data={"text/plain": "not glue"}),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert results.glued(nb) == {"auc": 0.25, "layer": 18}


TINY_CHAPTER = JUPYTEXT_HEADER + "\n" + textwrap.dedent('''\
    # A chapter-like page

    ```{code-cell} ipython3
    MODEL_PROFILE = "organism"
    from lib import profiles, report
    profile = profiles.profile(MODEL_PROFILE)
    ```

    ```{code-cell} ipython3
    from myst_nb import glue
    glue("gpu", float(profile.gpu_gib), display=False)
    glue("n_layers", 18, display=False)
    report.paper_vs_run([("GPU memory", 40.0, float(profile.gpu_gib)), ("layer", 18, 18)], profile.key,
                        chapter="tiny_chapter")
    ```
    ''')


@pytest.mark.slow
def test_runner_executes_a_chapter_under_the_profile_and_saves_its_numbers(tmp_path, monkeypatch):
    chapter = tmp_path / "tiny_chapter.md"
    chapter.write_text(TINY_CHAPTER)
    broken = tmp_path / "broken_chapter.md"
    broken.write_text(TINY_CHAPTER.replace('glue("n_layers", 18', 'glue("n_layers", 1 / 0'))
    out = tmp_path / "results"
    monkeypatch.setattr(results, "RESULTS_DIR", out)
    monkeypatch.setenv("HF_TOKEN", "hf_" + "Zq7" * 12)
    with pytest.raises(BadInput, match="has no GPU.*--allow-cpu"):
        results.run([chapter], "qwen2.5-7b", timeout=120)
    written, failed = results.run([chapter, broken], "qwen2.5-7b", timeout=120, allow_cpu=True)
    assert written == [out / "qwen2.5-7b" / "tiny_chapter.json"]
    assert [p for p, _ in failed] == [broken] and "ZeroDivisionError" in failed[0][1]
    assert not (out / "qwen2.5-7b" / "broken_chapter.json").exists()
    saved = json.loads(written[0].read_text())
    # the kernel ran under BOOK_PROFILE=qwen2.5-7b, not the chapter's "organism"
    assert saved["glue"] == {"gpu": profiles.PROFILES["qwen2.5-7b"].gpu_gib, "n_layers": 18}
    assert saved["models"] == {"base": None, "aligned": "Qwen/Qwen2.5-7B-Instruct",
                               "judge": "meta-llama/Llama-3.1-8B-Instruct"}
    assert saved["box"]["rows"] == [["GPU memory", "40.000", f"{profiles.PROFILES['qwen2.5-7b'].gpu_gib:.3f}"],
                                    ["layer", "18", "18"]]
    assert saved["box"]["columns"][-1] == "this run (qwen2.5-7b)"
    assert saved["profile"] == "qwen2.5-7b" and saved["lib_version"] and saved["date"][:2] == "20"
    assert "git_commit" in saved and saved["device"]
    assert "hf_" + "Zq7" * 12 not in written[0].read_text()
    # and the organism's box now shows it
    box = report.paper_vs_run([("layer", 18, 3)], "organism", chapter="tiny_chapter")
    assert box.iloc[0, -1] == "18" and box.columns[-1].startswith("real model (Qwen/Qwen2.5-7B-Instruct, saved ")


def test_runner_refuses_unknown_profile_and_missing_files(tmp_path):
    from lib.errors import BadInput

    with pytest.raises(BadInput, match="no such chapter file"):
        results.run([tmp_path / "nope.md"], "llama-3.1-8b")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        (tmp_path / d / "same.md").write_text(TINY_CHAPTER)
    with pytest.raises(BadInput, match="share a file stem"):
        results.run([tmp_path / "a" / "same.md", tmp_path / "b" / "same.md"], "llama-3.1-8b")
    with pytest.raises(BadInput, match="unknown model profile 'gpt-5'"):
        results.run_chapter(tmp_path / "a" / "same.md", "gpt-5")


# ---------------------------------------------------------------- every chapter, statically

def test_chapters_are_found_with_unique_stems():
    stems = [p.stem for p in CHAPTERS]
    assert len(stems) >= 14 and len(set(stems)) == len(stems)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_closing_box_names_its_chapter(path):
    text = path.read_text()
    calls = re.findall(r"report\.close\(\"([^\"]+)\", profile,", text)
    assert len(calls) == text.count("report.close("), f"{path.name}: a box call is not recognised"
    assert "report.paper_vs_run(" not in text, f"{path.name}: close the chapter with report.close"
    for chapter in calls:
        assert chapter == path.stem, f"{path.name}: pass \"{path.stem}\" to report.close"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_glues_the_gpu_memory_lib_computes(path):
    text = " ".join(path.read_text().split())  # prose wraps lines anywhere
    need = profiles.CHAPTERS.get(path.stem)
    assert need is not None, f"add {path.stem!r} to lib.profiles.CHAPTERS"
    assert not re.search(r"\b\d+ ?GB of GPU memory", text), f"{path.name} types a GPU memory figure: glue it"
    if not need.roles:
        assert "glue_gpu_need" not in text, f"{path.name} loads no real model"
        return
    assert f'report.close("{path.stem}", profile' in text, \
        f"{path.name}: close with report.close (it glues the GPU need)"
    assert text.count("{glue:md}`gpu_need`") == 1, f"{path.name}: show {{glue:md}}`gpu_need` once"


def test_runner_runs_only_the_chapters_of_the_profiles_part():
    part_two = [p.stem for p in results.chapters_for("qwen2.5-7b")]
    assert "02_responses" in part_two and "09_compliance" in part_two and "residual_stream" in part_two
    assert not {"01_data", "02_direction", "05_steering"} & set(part_two)
    assert "01_values_data" not in part_two and "organism" not in part_two  # they load no model
    part_one = [p.stem for p in results.chapters_for("gemma-2-2b")]
    assert part_one[:1] == ["residual_stream"] and "06_bypass" in part_one and "02_responses" not in part_one
    assert set(results.chapters_for("llama-3.1-8b")) == set(results.chapters_for("gemma-2-2b")) | set(
        results.chapters_for("qwen2.5-7b"))
    with pytest.raises(BadInput, match="Part I: The Neutral Mask.*profiles that fit: organism, gemma-2-2b"):
        results.chapters_for("qwen2.5-1.5b", [ROOT / "book/neutral_mask/02_direction.md"])


def test_overview_lists_every_chapter_with_its_gpu_and_checkers(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "RESULTS_DIR", tmp_path)
    _saved(tmp_path, chapter="05_steering")
    table = results.overview().set_index("chapter")
    assert list(table.index) == [p.stem for p in CHAPTERS]
    assert table.loc["05_steering", "GPU memory (GiB)"] == profiles.gpu_gib("05_steering", "llama-3.1-8b") == 19
    assert table.loc["05_steering", "free-T4 profile"] == "gemma-2-2b"
    assert table.loc["02_responses", "free-T4 profile"] == "qwen2.5-1.5b"
    assert (table["T4 GPU memory (GiB)"] <= 15).all() and table.loc["organism", "smallest GPU"] == "CPU"
    assert table.loc["05_steering", "real-model results saved"] == "llama-3.1-8b"
    assert table.loc["04_sae", "real-model results saved"] == "none yet"
    part_one = table[table.part.str.startswith("Part I:")]
    assert len(part_one) == 6 and (part_one["with a checker"] >= 1).all()  # one checked exercise per Part I chapter


def test_kernel_env_sets_then_restores_the_environment_even_on_error(monkeypatch):
    import os

    from lib.build import results as res

    monkeypatch.setenv("BOOK_PROFILE", "before")
    monkeypatch.delenv("BOOK_CACHE_DIR", raising=False)
    with pytest.raises(RuntimeError):
        with res.kernel_env(BOOK_PROFILE="inside", BOOK_CACHE_DIR="/x"):
            assert os.environ["BOOK_PROFILE"] == "inside" and os.environ["BOOK_CACHE_DIR"] == "/x"
            assert os.environ["PYTHONPATH"].split(os.pathsep)[0] == str(res.ROOT)
            raise RuntimeError("a failing chapter")
    assert os.environ["BOOK_PROFILE"] == "before" and "BOOK_CACHE_DIR" not in os.environ


def test_glued_keeps_a_glued_sentence_as_its_markdown():
    import nbformat

    cell = nbformat.v4.new_code_cell("glue")
    prefix = "application/papermill.record/"
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={prefix + "text/plain": "<IPython.core.display.Markdown object>",
                              prefix + "text/markdown": "On this model pair the axis is **erased**."},
        metadata={"scrapbook": {"name": "axis_verdict", "mime_prefix": prefix}})]
    assert results.glued(nbformat.v4.new_notebook(cells=[cell])) == {
        "axis_verdict": "On this model pair the axis is **erased**."}


def test_keep_says_where_results_went_on_and_off_colab(tmp_path, monkeypatch):
    import sys
    import types
    import zipfile

    saved_dir = tmp_path / "results"
    monkeypatch.setattr(results, "RESULTS_DIR", saved_dir)
    assert results.keep() == f"no results to keep under {saved_dir}"
    _saved(saved_dir, chapter="05_steering")
    monkeypatch.setattr(results, "on_colab", lambda: False)
    assert results.keep() == f"1 results file(s) are saved under {saved_dir}"
    monkeypatch.setattr(results, "on_colab", lambda: True)
    drive = tmp_path / "drive"  # Google Drive mounted: the file is copied into the book's folder there
    monkeypatch.setattr(results, "COLAB_DRIVE", drive)
    monkeypatch.setattr(results, "COLAB_RESULTS", drive / "neutral-mask-book" / "results")
    drive.mkdir()
    assert results.keep().endswith(f"in Google Drive under {results.COLAB_RESULTS}")
    assert (results.COLAB_RESULTS / "llama-3.1-8b" / "05_steering.json").read_text() == \
        (saved_dir / "llama-3.1-8b" / "05_steering.json").read_text()
    drive.rename(tmp_path / "unmounted")  # no Drive: a zip goes to the browser
    downloaded = []
    colab = types.ModuleType("google.colab")
    colab.files = types.SimpleNamespace(download=downloaded.append)
    monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    assert results.keep().startswith("1 results file(s) downloaded as neutral-mask-results.zip")
    with zipfile.ZipFile(downloaded[0]) as zf:
        assert zf.namelist() == ["llama-3.1-8b/05_steering.json"]
