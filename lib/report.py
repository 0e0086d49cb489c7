"""The closing box of every chapter: what the paper reports beside what this run computed (and saved real runs)."""
from __future__ import annotations

import pandas as pd


class BoxTable(pd.DataFrame):
    """The box's table: a DataFrame that shows every cell whole. Pandas cuts text at 50 characters by default, and a
    box's cells are sentences ("Llama-3.1-8B AdvBench 13.3% -> 97.2%, HarmBench ..."), so a cut cell would hide the
    very numbers the box is for."""

    @property
    def _constructor(self):
        return BoxTable

    def _repr_html_(self):
        with pd.option_context("display.max_colwidth", None):
            return super()._repr_html_()

    def __repr__(self):
        with pd.option_context("display.max_colwidth", None):
            return super().__repr__()


def _show(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def paper_vs_run(rows, run_label: str, chapter: str | None = None) -> pd.DataFrame:
    """rows: (quantity, paper reports, this run's value) triples -> a table; floats are shown with 3 decimals.

    `run_label` names the model this run used ("organism" or a Hugging Face id), so a reader never mistakes an
    organism number for a Llama number. `chapter` (the chapter file's stem, e.g. "05_steering") adds one column
    per real-model run saved by `python -m lib.build.results run` under data/results/<profile>/<chapter>.json, headed
    "real model (<model id>, saved <date>)"; a quantity that run did not report shows "". Under that command the
    box is also recorded for the results file.
    """
    from lib.build import results

    shown = [(str(q), _show(p), _show(r)) for q, p, r in rows]
    frame = BoxTable(shown, columns=["quantity", "paper reports", f"this run ({run_label})"])
    if chapter is not None:
        results.record_box(chapter, run_label, list(frame.columns), shown)
        for saved in results.saved(chapter, exclude_profile=run_label):
            box = dict((row[0], row[2]) for row in saved["box"]["rows"])
            frame[results.column_title(saved)] = [box.get(q, "") for q, _, _ in shown]
    if run_label == "organism":
        print(organism_caveat())
    return frame.set_index("quantity")


def glue_value(name: str, value) -> None:
    """Glue one value for the page's prose: numbers as plain Python numbers (so `{glue:text}` formats them), an
    IPython `Markdown` as markdown (for `{glue:md}`), anything else as its string."""
    import numbers

    from IPython.display import Markdown
    from myst_nb import glue

    if isinstance(value, bool):
        value = str(value)
    elif isinstance(value, numbers.Integral):
        value = int(value)
    elif isinstance(value, numbers.Real):
        value = float(value)
    elif not isinstance(value, Markdown):
        value = str(value)
    glue(name, value, display=False)


def close(chapter: str, profile, rows, *, glue_only: dict | None = None) -> pd.DataFrame:
    """A chapter's closing box in one call: rows of (quantity, paper reports, this run's value, glue name or None).

    Each value with a name is glued under it (`glue_value`), as is every `glue_only` name -> value (numbers the
    admonition cites that the table does not show, verdict sentences as `Markdown`); the GPU need is glued
    (`glue_gpu_need`); the box is recorded for `lib.build.results` and returned (`paper_vs_run`), so the admonition
    below it keeps only the interpretation and every number in it is the table's own."""
    from IPython.display import Markdown

    names = [row[3] for row in rows if row[3]] + list(glue_only or {})
    if len(names) != len(set(names)):
        from lib.errors import BadInput
        repeated = sorted({n for n in names if names.count(n) > 1})
        raise BadInput(f"close({chapter!r}): glue names must be unique, got {repeated} more than once")
    for quantity, _, value, name in rows:
        if name:
            glue_value(name, value)
    for name, value in (glue_only or {}).items():
        glue_value(name, value)
    glue_gpu_need(chapter, profile)
    shown = [(q, p, v.data if isinstance(v, Markdown) else v) for q, p, v, _ in rows]
    return paper_vs_run(shown, profile.key, chapter=chapter)


def organism_caveat() -> str:
    """One line on whether the shipped organism meets its ground truth (data/organism/manifest.json), so that no
    organism number is read as a finding about a model that lacks the structure it was built to carry."""
    from lib import organism

    table = organism.ground_truth()
    missed = table.index[~table.met].tolist()
    if not missed:
        return "The shipped organism meets all its ground-truth properties (see the model-organism chapter)."
    return (f"Caveat: the shipped organism misses {len(missed)} of its {len(table)} ground-truth properties "
            f"({'; '.join(missed)}), so its numbers here measure a provisional pair, not the planted structure "
            "(see the model-organism chapter).")


def glue_gpu_need(chapter: str, profile) -> str:
    """Glue what `chapter` needs on a GPU (`lib.profiles.need_sentence`) as `gpu_need` (markdown, for `{glue:md}`)
    and the paper profile's GiB as `gpu_gib` (a number); returns the sentence."""
    from IPython.display import Markdown
    from myst_nb import glue

    from lib import profiles

    sentence = profiles.need_sentence(chapter, profile)
    glue("gpu_need", Markdown(sentence), display=False)
    paper = profiles.default_profile(chapter)
    glue("gpu_gib", profiles.gpu_gib(chapter, paper) if paper else 0, display=False)
    return sentence


REAL_LABELLED = {"partisan_lean": "senator_tweets", "value_expression": "valueeval"}  # lib.corpora, real profiles


def judge_check(rubric: str, profile, *, n: int = 60):
    """How far this profile's judge can be trusted, reported before a chapter scores text with it.

    The judge (the lexicon on the organism, `profile.judge_model()` on a real profile) answers `n` labelled items the
    project ships (`lib.llm_judge.judge_agreement`); on a real profile also `n` real labelled texts from the hub
    (`REAL_LABELLED`, `lib.corpora`) when they can be downloaded (otherwise the one-sentence reason is printed).
    Prints the summaries and returns the shipped data's `JudgeAgreement`.
    """
    from lib import corpora, llm_judge
    from lib.errors import ModelAccessError

    judge_model = profile.judge_model()
    shipped = llm_judge.judge_agreement(rubric, judge_model, n=n)
    print(shipped.summary())
    if judge_model is not None and rubric in REAL_LABELLED:
        name = REAL_LABELLED[rubric]
        try:
            real = llm_judge.judge_agreement(rubric, judge_model, n=n, labelled=corpora.load(name, n=n))
            print(f"on real text ({corpora.CORPORA[name].id}): {real.summary()}")
        except ModelAccessError as err:
            print(f"real labelled text not checked: {err}")
    return shipped
