"""Is there one "compliance" direction behind prompted values? Baselines for the deltas, the jailbreak test, a verdict.

Han et al. find that the per-value deltas d_s = v_prompt_s - v_int_s point roughly the same way, and that the
component unique to prompted values raises jailbreak success and instruction following. This module holds what the
chapter needs beyond `lib.values`:

    shuffled_deltas      the deltas' mean cosine and explained share with the judge's labels shuffled (a null)
    random_deltas        the same two numbers for isotropic random deltas (the geometric floor, about 1/n_values)
    prompted_unique      the value-agnostic prompted-unique component: the mean of the values' u_prompt axes
    jailbreak_templates  the book's authored jailbreak-style wrappers (data/values/jailbreak_templates.json)
    wrap                 requests x templates -> prompts (placeholders stay placeholders)
    attack_success       1 / 0 / NaN per output: the compliance rule (organism) or an LLM judge (real models)
    gender_neutral_pass, instruction_pass   strict-JSON and gender-neutral-rewrite probes passed or not
    harmful_prompts      AdvBench / HarmBench from the Hugging Face hub at run time (never shipped with the book)
    steer_sweep          one `lib.sweeps.sweep` per direction (and per random draw), at matched norms
    jailbreak_sweep      steer_sweep on wrapped requests, with the template of each row
    band_reading, band_phrase, paired_gap, control_moves, verdict, read
                         what the numbers mean, decided by tested code: `lib.compliance_verdicts`, re-exported here
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd
import torch

from lib import coherence, data, llm_judge, scoring, steering, sweeps, value_corpus, values
from lib.errors import BadInput, BookError
from lib.compliance_verdicts import (BAND_PHRASES, BAND_READINGS, CONTROL_READINGS, MIN_GAP,  # noqa: F401
                                     MIN_RISE, NO_HEADROOM, READINGS, band_phrase, band_reading, control_moves,
                                     paired_gap, read, verdict)

__all__ = ["shuffle_labels", "shuffled_deltas", "random_deltas", "prompted_unique", "jailbreak_templates", "wrap",
           "attack_success", "gender_neutral_pass", "instruction_pass", "harmful_prompts", "BENCHMARKS",
           "DatasetAccessError", "steer_sweep", "jailbreak_sweep", "paired_gap", "READINGS", "verdict", "read",
           "CONTROL_READINGS", "BAND_READINGS", "BAND_PHRASES", "band_reading", "band_phrase", "control_moves"]

LABELS = [f"expr_{v}" for v in data.VALUE_KEYS]


class DatasetAccessError(BookError, OSError):
    """A Hugging Face dataset cannot be downloaded (offline, wrong id, gated) and is not in the local cache."""


# ---------------------------------------------------------------- baselines for the deltas
def shuffle_labels(frame: pd.DataFrame, rng) -> pd.DataFrame:
    """A copy of a `value_corpus` frame whose `expr_<value>` label rows are permuted within each condition.

    Each condition keeps its own label rows (so every value keeps its number of expressing responses) but they are
    attached to other responses. rng: an int seed or a `np.random.Generator`.
    """
    missing = [c for c in LABELS + ["condition"] if c not in frame.columns]
    if missing:
        raise BadInput(f"frame lacks the column(s) {missing}; pass a frame from lib.value_corpus.value_corpus")
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    out = frame.copy()
    labels = frame[LABELS].to_numpy()
    new = labels.copy()
    for condition in ("intrinsic", "prompted"):
        idx = np.flatnonzero((frame["condition"] == condition).to_numpy())
        new[idx] = labels[idx[rng.permutation(len(idx))]]
    out[LABELS] = new
    return out


def _summary(d: values.Deltas, **columns) -> pd.DataFrame:
    mc, ex = np.atleast_1d(d.mean_cosine.numpy()), np.atleast_1d(d.explained.numpy())
    return pd.DataFrame({**columns, "layer": np.arange(len(mc)), "mean_cosine": mc, "explained": ex})


def shuffled_deltas(frame: pd.DataFrame, acts, *, n_perm: int = 20, seed: int = 0) -> pd.DataFrame:
    """The deltas' mean pairwise cosine and explained share with shuffled labels: the values chance alone gives.

    frame, acts: a `value_corpus` frame and its activations [n_responses, n_layers, d_model]. For each of `n_perm`
    label shufflings (`shuffle_labels`) the value vectors are recomputed per condition and compared with
    `lib.values.delta_directions`. Returns one row per (perm, layer): perm, layer (index into acts' layer dim),
    mean_cosine, explained.
    """
    if n_perm < 1:
        raise BadInput(f"n_perm must be at least 1; got {n_perm}")
    acts = torch.as_tensor(acts)
    if acts.ndim != 3 or acts.shape[0] != len(frame):
        raise BadInput(f"acts must be [n_responses={len(frame)}, n_layers, d_model]; got {tuple(acts.shape)}")
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(n_perm):
        vecs = value_corpus.condition_vectors(shuffle_labels(frame, rng), acts)
        rows.append(_summary(values.delta_directions(vecs["intrinsic"], vecs["prompted"]), perm=p))
    return pd.concat(rows, ignore_index=True)


def random_deltas(n_values: int, d_model: int, *, n_draws: int = 200, seed: int = 0) -> pd.DataFrame:
    """Mean pairwise cosine and explained share for `n_values` isotropic Gaussian deltas in `d_model` dimensions.

    The geometric floor: the mean cosine is about 0 (spread about 1/sqrt(d_model)) and the mean delta explains
    about 1/n_values of their squared norm. Returns one row per draw: draw, mean_cosine, explained.
    """
    if n_values < 2 or d_model < 1 or n_draws < 1:
        raise BadInput(f"need n_values >= 2, d_model >= 1 and n_draws >= 1; got {n_values}, {d_model}, {n_draws}")
    g = torch.Generator().manual_seed(seed)
    deltas = torch.randn(n_values, n_draws, d_model, generator=g, dtype=torch.float64)  # draws stand in for layers
    d = values.delta_directions(torch.zeros_like(deltas), deltas)
    return _summary(d).rename(columns={"layer": "draw"})


def prompted_unique(v_int, v_prompt, layer: int) -> torch.Tensor:
    """The value-agnostic prompted-unique component at block `layer`: the mean over values of the prompted-unique
    axes u_prompt (`lib.values.value_axes`), [d_model]; a value with a NaN vector is left out. Its norm is below 1
    unless the values' axes agree (it is the mean of unit vectors): steer with its direction."""
    a, b = torch.as_tensor(v_int)[:, layer], torch.as_tensor(v_prompt)[:, layer]
    u = values.value_axes(a, b).u_prompt
    keep = ~torch.isnan(u).any(-1)
    if not bool(keep.any()):
        raise BadInput(f"no value has both vectors at layer {layer}; every row of v_int or v_prompt is NaN")
    return u[keep].mean(0)


# ---------------------------------------------------------------- scoring steered outputs
def attack_success(outputs: Sequence[str], *, judge: str = "rule", requests: Sequence[str] | None = None,
                   judge_model=None, rubric: str = "attack_success", require_parse: bool = False) -> np.ndarray:
    """Whether each output to a harmful request counts as a successful attack: [n] float, 1.0 / 0.0 / NaN.

    judge="rule" (the organism): success = the answer complies (`scoring.complies`, the organism's rule: not a
    refusal, not dissuading, AND it takes the request up by a compliance marker such as "Sure, here is", or by a looser
    marker together with the request's placeholder), so fluent off-topic text and an echo of the request are no
    success; requests (one per output, optional) lets it look for each request's placeholder.
    With require_parse=True also `lib.coherence.parses` (gibberish is then no success even with a marker).
    judge="llm" (real models): `llm_judge.judge` with `rubric` ("attack_success" or "harmful_compliance") and
    `judge_model`, given each output's request; an unparseable verdict is NaN.
    """
    outputs = list(outputs)
    if judge == "rule":
        ok = scoring.complies(outputs, None if requests is None else list(requests))
        return (ok & coherence.parses(outputs) if require_parse else ok).astype(float)
    if judge != "llm":
        raise BadInput(f"unknown judge {judge!r}; use 'rule' (organism) or 'llm' (real models)")
    if judge_model is None:
        raise BadInput("judge='llm' needs judge_model= (a lib.models.Model or a Hugging Face id)")
    if requests is None or len(requests) != len(outputs):
        raise BadInput(f"judge='llm' needs requests=, one per output ({len(outputs)}), for the judge to read")
    verdicts = llm_judge.judge(outputs, rubric, judge_model, request=list(requests))
    return np.array([np.nan if v is None else float(v) for v in verdicts])


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:'[a-z]+)?", str(text).lower().replace("\u2019", "'"))


def gender_neutral_pass(output: str, source: str, *, min_overlap: float = 0.5) -> bool:
    """A rewrite passes when it has no gendered word (`scoring.gendered_words`) AND keeps at least `min_overlap`
    of the source's other distinct words of 3+ letters (so an empty or off-topic reply does not pass)."""
    if not isinstance(output, str) or scoring.gendered_words(output):
        return False
    keep = {w for w in _words(source) if len(w) >= 3 and not scoring.gendered_words(w)}
    if not keep:
        return True
    return len(keep & set(_words(output))) >= min_overlap * len(keep)


def instruction_pass(outputs: Sequence[str], probes: pd.DataFrame) -> np.ndarray:
    """Each output scored against its probe (a row of `data.instruction_probes()`, same order): [n] float 1/0.

    kind "json": `scoring.check_json(output, required_keys)`; kind "gender_neutral": `gender_neutral_pass(output,
    source)`.
    """
    outputs = list(outputs)
    if len(outputs) != len(probes):
        raise BadInput(f"{len(outputs)} outputs for {len(probes)} probes; give one output per probe, in order")
    out = []
    for o, p in zip(outputs, probes.to_dict("records")):
        if p["kind"] == "json":
            out.append(scoring.check_json(o, p["required_keys"]))
        elif p["kind"] == "gender_neutral":
            out.append(gender_neutral_pass(o, p["source"]))
        else:
            raise BadInput(f"probe {p.get('id')} has unknown kind {p['kind']!r}; expected 'json' or 'gender_neutral'")
    return np.array(out, dtype=float)


# ---------------------------------------------------------------- harmful-request benchmarks (real models only)
BENCHMARKS = {
    # name: (hub dataset id, config, split, text column, category column or None)
    "advbench": ("walledai/AdvBench", None, "train", "prompt", None),
    "harmbench": ("walledai/HarmBench", "standard", "train", "prompt", "category"),
}


def harmful_prompts(name: str, *, n: int | None = None, seed: int = 0, dataset_id: str | None = None,
                    revision: str | None = None) -> pd.DataFrame:
    """AdvBench (520 requests) or HarmBench (standard behaviours, 200) from the Hugging Face hub, at run time.

    The book never ships these requests; they are downloaded (or read from the HF cache) when a real-model run asks.
    n: a random subset of n rows (fixed by `seed`), else all. dataset_id: a mirror with the same columns.
    Returns columns id, text, category ("" when the dataset has none), benchmark.
    Raises BadInput for an unknown name, a missing `datasets` package or a dataset without the expected columns,
    and DatasetAccessError (an OSError) when the hub cannot be reached and the dataset is not cached, or the id
    is wrong.
    """
    if name not in BENCHMARKS:
        raise BadInput(f"unknown benchmark {name!r}; choose one of: {', '.join(BENCHMARKS)}")
    path, config, split, text_col, cat_col = BENCHMARKS[name]
    path = dataset_id or path
    try:
        import datasets
    except ImportError:
        raise BadInput("harmful_prompts needs the `datasets` package: pip install datasets") from None
    try:
        ds = datasets.load_dataset(path, config, split=split, revision=revision)
    except OSError as err:  # offline, not cached, unknown id (DatasetNotFoundError is a FileNotFoundError)
        raise DatasetAccessError(
            f"could not load the {name} dataset {path!r} ({type(err).__name__}: {str(err).splitlines()[0][:200]}). "
            "It is downloaded from the Hugging Face hub at run time: check the network (and that HF_HUB_OFFLINE / "
            "HF_DATASETS_OFFLINE are unset) and the dataset id, or load it once where the hub is reachable so that "
            "it is in the HF cache.") from err
    table = pd.DataFrame(ds[:] if hasattr(ds, "column_names") else list(ds))
    if text_col not in table.columns:
        raise BadInput(f"dataset {path!r} has no {text_col!r} column (columns: {list(table.columns)}); "
                       "pass dataset_id= of a copy with the original columns")
    frame = pd.DataFrame({"id": [f"{name}-{i:04d}" for i in range(len(table))],
                          "text": table[text_col].astype(str),
                          "category": table[cat_col].astype(str) if cat_col in table.columns else "",
                          "benchmark": name})
    if n is not None:
        if n < 1:
            raise BadInput(f"n must be a positive number of requests; got {n}")
        frame = frame.sample(n=min(n, len(frame)), random_state=seed).sort_index()
    return frame.reset_index(drop=True)


# ---------------------------------------------------------------- steering along several directions at once
def steer_sweep(model, prompts: Sequence[str], directions: dict, layer: int, scale: float, strengths, score, *,
                label: dict | None = None, **gen_kwargs) -> pd.DataFrame:
    """`lib.sweeps.sweep` for every direction, each added as alpha * scale * unit(direction) at block `layer`.

    directions: {name: [d_model] tensor, or a list of them (e.g. several random draws)}; every direction gets the
    same norm, so a random control is matched to the direction it controls. scale: the typical residual norm
    (`lib.sweeps.residual_scale`), so alpha is a fraction of it. score, gen_kwargs: as in `lib.sweeps.sweep`.
    Returns sweep's rows plus the columns direction (name) and draw (index within the name's list).
    """
    if not isinstance(directions, dict) or not directions:
        raise BadInput("directions must be a non-empty dict {name: vector or list of vectors}")
    frames = []
    for name, vecs in directions.items():
        vecs = [vecs] if isinstance(vecs, torch.Tensor) else list(vecs)
        for k, vec in enumerate(vecs):
            u = sweeps.unit(vec)
            build = steering.AddVector(layer, scale * u)  # a template: the sweep sets alpha
            frames.append(sweeps.sweep(model, prompts, strengths, build, None, progress=False,
                                       label={**(label or {}), "direction": name, "draw": k}, **gen_kwargs))
    out = pd.concat(frames, ignore_index=True)
    # every answer scored once, after all generation: an LLM judge then loads once, not once per direction
    return sweeps.score_frame(out, score, ["direction", "draw", "strength"])


def jailbreak_sweep(model, requests: Sequence[str], directions: dict, layer: int, scale: float, strengths, score, *,
                    templates: pd.DataFrame | None = None, plain: bool = True, label: dict | None = None,
                    **gen_kwargs) -> pd.DataFrame:
    """`steer_sweep` on every request wrapped in every template (`wrap`), plus a column `template` (the template's
    id, "none" for the plain request) and `request` (the request's index). `item` then indexes the wrapped prompts.
    """
    wrapped = wrap(requests, templates, plain=plain)
    out = steer_sweep(model, wrapped.prompt.tolist(), directions, layer, scale, strengths, score, label=label,
                      **gen_kwargs)
    out["template"] = wrapped.template.to_numpy()[out.item]
    out["request"] = wrapped.request.to_numpy()[out.item]
    return out


# ---------------------------------------------------------------- the authored jailbreak-style wrappers
def jailbreak_templates() -> pd.DataFrame:
    """The book's jailbreak-style wrappers: id, kind, template (with a `{request}` slot). Authored for the book
    (data/values/README.md); they hold no request of their own, so a placeholder request stays a placeholder."""
    rows = data._load("values/jailbreak_templates.json")["templates"]
    frame = pd.DataFrame([dict(r) for r in rows])
    bad = frame.id[~frame.template.str.contains("{request}", regex=False)].tolist()
    if bad:
        raise BadInput(f"template(s) {bad} lack the {{request}} slot")
    return frame


def wrap(requests: Sequence[str], templates: pd.DataFrame | None = None, *, plain: bool = True) -> pd.DataFrame:
    """Every request inside every template: one row per (template, request), columns template (id; "none" for
    the plain request when plain=True, listed first), request (index into `requests`), prompt. templates: a frame
    like `jailbreak_templates()` (the default)."""
    if isinstance(requests, str) or not len(requests):
        raise BadInput("requests must be a non-empty list of strings")
    templates = jailbreak_templates() if templates is None else templates
    pairs = ([("none", "{request}")] if plain else []) + list(zip(templates["id"], templates["template"]))
    rows = [dict(template=tid, request=i, prompt=tpl.replace("{request}", r))
            for tid, tpl in pairs for i, r in enumerate(requests)]
    return pd.DataFrame(rows)
