"""Part II's shared steps: intrinsic vs prompted responses, their value labels and activations, PVQ ratings.

Intrinsic: a user query with no system prompt (sampled, `intrinsic_samples` per query). Prompted: the same query
under a value-priority system prompt for each of the 10 values. A judge labels which values each response
expresses (the lexicon scorer on the organism; an LLM judge with the published rubric on real models).
PVQ ratings default to the held-out items (`data.pvq(split="test")`), which no organism training text contains;
`pvq_under_prompts` / `prompt_gains` test whether ratings follow a value system prompt at all. The controls
`lib.value_verdicts` reads (shuffled asked-for values, shuffled judge labels, split halves) are here too.
`prepare` is the one call every Part II chapter starts from: the corpus, its activations, the stable layer and the
two conditions' value vectors.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from lib import activations, data, generations, llm_judge, scoring
from lib.errors import BadInput
from lib.values import value_vectors

VALUES = data.VALUE_KEYS


def value_corpus(model, *, split: str = "test", n_queries: int | None = None, intrinsic_samples: int = 3,
                 max_new_tokens: int = 40, seed: int = 0, judge: str = "lexicon", judge_model=None) -> pd.DataFrame:
    """Responses with labels: columns query_id, query, condition ("intrinsic"/"prompted"), prompted_value (None for
    intrinsic), system, sample, response, and one bool column `expr_<value>` per value."""
    queries = data.queries(split=split)
    if n_queries is not None:
        queries = queries.head(n_queries)
    rng = random.Random(seed)
    rows = [dict(query_id=q.id, query=q.text, condition="intrinsic", prompted_value=None, system=None, sample=k)
            for k in range(intrinsic_samples) for q in queries.itertuples()]
    rows += [dict(query_id=q.id, query=q.text, condition="prompted", prompted_value=v,
                  system=data.system_prompt(v, rng=rng), sample=0) for v in VALUES for q in queries.itertuples()]
    frame = pd.DataFrame(rows)
    responses = []
    for k in sorted(frame["sample"].unique()):  # each sample index has its own seed
        part = frame[frame["sample"] == k]
        texts = generations.generate_cached(model, part["query"].tolist(), system=[_system(x) for x in part.system],
                                            do_sample=True, seed=seed + int(k), max_new_tokens=max_new_tokens,
                                            desc=f"responses, sample {k}")
        responses.append(pd.Series(texts, index=part.index))
    frame["response"] = pd.concat(responses).sort_index()
    labels = label_expression(frame.response.tolist(), judge=judge, judge_model=judge_model)
    for j, v in enumerate(VALUES):
        frame[f"expr_{v}"] = labels[:, j]
    return frame


def _system(value) -> str | None:
    """A system prompt or None (pandas stores a missing one as NaN, which would be formatted as the text "nan")."""
    return value if isinstance(value, str) and value else None


def label_expression(texts, *, judge: str = "lexicon", judge_model=None) -> np.ndarray:
    """[n_texts, 10] bool: does each text express each value?"""
    if judge == "lexicon":
        return np.stack([scoring.expresses_value(texts, v) for v in VALUES], axis=1)
    if judge == "llm":
        if judge_model is None:
            raise BadInput("judge='llm' needs judge_model= (a lib.models.Model or a Hugging Face id)")
        cols = [llm_judge.judge(texts, "value_expression", judge_model, value=v) for v in VALUES]
        return np.array([[bool(x) for x in col] for col in cols]).T
    raise BadInput(f"unknown judge {judge!r}; use 'lexicon' (organism) or 'llm' (real models, with judge_model=)")


def expression_labels(frame: pd.DataFrame) -> np.ndarray:
    """The `expr_<value>` columns as a [n, 10] bool array."""
    return frame[[f"expr_{v}" for v in VALUES]].to_numpy(dtype=bool)


def response_activations(model, frame: pd.DataFrame, layers, *, cache=True, progress=True) -> torch.Tensor:
    """Mean residual over each response's tokens, with its own system prompt: [n, len(layers), d_model]."""
    items = [activations.Exchange(r.query, r.response, _system(r.system)) for r in frame.itertuples()]
    empty = [i for i, x in enumerate(items) if not x.response]
    if empty:
        raise BadInput(f"{len(empty)} responses are empty (first: row {empty[0]}); raise max_new_tokens or drop them")
    return activations.collect(model, items, layers, "response_mean", cache=cache, progress=progress)


def condition_vectors(frame: pd.DataFrame, acts: torch.Tensor) -> dict[str, torch.Tensor]:
    """Value vectors per condition: {"intrinsic": [10, L, d], "prompted": [10, L, d]} (NaN rows where a value has
    no expressing or no non-expressing response in that condition)."""
    out = {}
    for condition in ("intrinsic", "prompted"):
        keep = (frame.condition == condition).to_numpy().copy()
        out[condition] = value_vectors(acts[torch.from_numpy(keep)], expression_labels(frame[keep]), list(VALUES),
                                       on_missing="nan")
    return out


def split_half_stability(frame: pd.DataFrame, acts: torch.Tensor) -> np.ndarray:
    """[L] per layer: mean cosine (over values and both conditions) between value vectors computed on two disjoint
    halves of the queries (even / odd query index). High = the vectors do not change with the sample."""
    half = pd.factorize(frame.query_id)[0] % 2
    if len(set(half)) < 2:
        raise BadInput("split-half stability needs responses to at least two different queries")
    parts = [condition_vectors(frame[half == h], acts[torch.from_numpy(half == h)]) for h in (0, 1)]
    cos = [torch.nn.functional.cosine_similarity(parts[0][e], parts[1][e], dim=-1).numpy() for e in parts[0]]
    return np.nanmean(np.stack(cos), axis=(0, 1))


def stable_layer(frame: pd.DataFrame, acts: torch.Tensor, layer: int | None = None, *, skip_ends: bool = True) -> int:
    """The layer Part II works at: `layer` if given (checked against the range), else the layer with the highest
    split-half stability. skip_ends: never the first or the last layer (the embedding-like first block and the
    last block, which is shaped by the unembedding, are poor places to compare directions)."""
    n = acts.shape[1]
    if layer is not None:
        if not 0 <= int(layer) < n:
            raise BadInput(f"layer {layer} is out of range: these activations have layers 0..{n - 1}")
        return int(layer)
    stability = split_half_stability(frame, acts)
    if skip_ends and n > 2:
        stability[[0, n - 1]] = -np.inf
    if np.all(~np.isfinite(stability)):
        raise BadInput("no layer has a value vector in both halves; generate more responses (raise n_queries)")
    return int(np.nanargmax(np.where(np.isfinite(stability), stability, -np.inf)))


@dataclass
class Prepared:
    """What every Part II chapter starts from (`prepare`). corpus: `value_corpus`'s frame; args: the arguments it was
    called with (print them, or pass them on: `value_corpus(model, **args)`); layers: every layer, 0..L-1; acts:
    [n_responses, L, d_model] (`response_activations`); vecs: {"intrinsic", "prompted"} -> [10, L, d_model]
    (`condition_vectors`), also as v_int and v_prompt; layer: the layer the chapter works at (`stable_layer`).
    acts, vecs, v_int, v_prompt and layer are None when `prepare` was asked for the corpus only."""
    corpus: pd.DataFrame
    args: dict
    layers: list
    acts: torch.Tensor | None = None
    vecs: dict | None = None
    v_int: torch.Tensor | None = None
    v_prompt: torch.Tensor | None = None
    layer: int | None = None


def prepare(model, profile, *, layer: int | None = None, vectors: bool = True, **overrides) -> Prepared:
    """Part II's shared start in one call: the response corpus of `model` labelled by `profile`'s judge, its
    activations at every layer, the value vectors per condition and the stable layer (`layer` if given).

    The corpus arguments are the book's: the test queries (40 on the organism, all on a real profile), 3 intrinsic
    samples, 40 new tokens, seed 0, `profile.scorer` with `profile.judge_model()`; `overrides` replaces any of them
    (e.g. n_queries=10). Every step is the cached call a chapter would make itself, so chapters share one cache.
    vectors=False stops after the corpus (a chapter that reads only the responses)."""
    args = dict(split="test", n_queries=40 if profile.is_organism else None, intrinsic_samples=3, max_new_tokens=40,
                seed=0, judge=profile.scorer, judge_model=profile.judge_model())
    unknown = sorted(set(overrides) - set(args))
    if unknown:
        raise BadInput(f"prepare: unknown corpus argument(s) {unknown}; the arguments are {', '.join(args)}")
    if layer is not None and not vectors:
        raise BadInput("prepare: layer= needs the vectors (vectors=True)")
    args.update(overrides)
    corpus = value_corpus(model, **args)
    layers = list(range(model.n_layers))
    if not vectors:
        return Prepared(corpus, args, layers)
    acts = response_activations(model, corpus, layers)
    vecs = condition_vectors(corpus, acts)
    return Prepared(corpus, args, layers, acts, vecs, vecs["intrinsic"], vecs["prompted"],
                    stable_layer(corpus, acts, layer))


# ---------------------------------------------------------------- controls (read by lib.value_verdicts)
def shuffled_on_target(frame: pd.DataFrame, *, n: int = 200, seed: int = 0) -> np.ndarray:
    """[n] mean on-target rate (over values: share of prompted responses asked for value s that express s) with the
    asked-for values of the prompted responses permuted (seeded): what "following the prompt" gives by chance."""
    prompted = frame[frame.condition == "prompted"]
    labels, asked = expression_labels(prompted), prompted.prompted_value.to_numpy()
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(int(n)):
        a = rng.permutation(asked)
        out.append(np.nanmean([labels[a == v, j].mean() if (a == v).any() else np.nan for j, v in enumerate(VALUES)]))
    return np.array(out)


def _cosines(vecs: dict) -> tuple[float, float]:
    """(mean same-value cosine, mean other-value cosine) between the intrinsic and prompted vectors [10, d]."""
    unit = lambda t: t / t.norm(dim=-1, keepdim=True)  # noqa: E731
    cross = (unit(vecs["intrinsic"]) @ unit(vecs["prompted"]).T).numpy()
    return float(np.nanmean(np.diag(cross))), float(np.nanmean(cross[~np.eye(len(cross), dtype=bool)]))


def shuffled_cosines(frame: pd.DataFrame, acts: torch.Tensor, layer: int, *, n: int = 100,
                     seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The shuffled-label control of cos(v_int, v_prompt) at one layer: the judge's label rows permuted within each
    condition (seeded), the vectors recomputed. Returns ([n] mean same-value cosines, [n] same minus other-value
    cosine gaps). acts: [n_responses, L, d]."""
    x = acts[:, [layer]]
    rng = np.random.default_rng(seed)
    cols = [f"expr_{v}" for v in VALUES]
    same, gap = [], []
    for _ in range(int(n)):
        shuffled = frame.copy()
        for c in ("intrinsic", "prompted"):
            rows = np.flatnonzero((frame.condition == c).to_numpy())
            at = [frame.columns.get_loc(k) for k in cols]
            shuffled.iloc[rows, at] = frame[cols].to_numpy()[rng.permutation(rows)]
        vecs = {k: v[:, 0] for k, v in condition_vectors(shuffled, x).items()}
        s, o = _cosines(vecs)
        same.append(s)
        gap.append(s - o)
    return np.array(same), np.array(gap)


def half_cosines(frame: pd.DataFrame, acts: torch.Tensor, layer: int) -> tuple[float, float]:
    """(within, across) at one layer, vectors computed on two halves of the queries (even / odd): within = mean
    cosine of a condition's vector with the same condition's on the other half (how far sampling alone moves a
    vector); across = mean cosine of the intrinsic vector with the prompted one of the other half. across close
    to within: the two conditions' vectors differ no more than two samples of one condition do."""
    half = pd.factorize(frame.query_id)[0] % 2
    if len(set(half)) < 2:
        raise BadInput("half_cosines needs responses to at least two different queries")
    x = acts[:, [layer]]
    parts = [{k: v[:, 0] for k, v in condition_vectors(frame[half == h], x[torch.from_numpy(half == h)]).items()}
             for h in (0, 1)]
    cos = lambda a, b: torch.nn.functional.cosine_similarity(a, b, dim=-1).numpy()  # noqa: E731
    within = np.nanmean([cos(parts[0][e], parts[1][e]) for e in ("intrinsic", "prompted")])
    across = np.nanmean([cos(parts[0]["intrinsic"], parts[1]["prompted"]),
                         cos(parts[1]["intrinsic"], parts[0]["prompted"])])
    return float(within), float(across)


def pvq_prompt(text: str, lang: str = "en") -> str:
    """A PVQ-style portrait item as a question: stem, item, answer cue (`data.pvq_question`, one of the layouts the
    organism was trained on)."""
    return data.pvq_question(text, lang)


def _ratings(answers) -> list[float]:
    return [np.nan if (r := scoring.parse_pvq_answer(a)) is None else float(r) for a in answers]


def pvq_ratings(model, *, lang: str = "en", split: str | None = "test", system=None, interventions=(),
                max_new_tokens: int = 4, progress: bool = False) -> pd.DataFrame:
    """Each PVQ item of `lang` answered greedily: columns item, value, lang, answer, rating (1-6, NaN if
    unparseable). split: "test" (default) keeps the items no organism training text contains (`data.pvq_split`),
    "train" the others, None all of them."""
    items = data.pvq(lang=lang, split=split).reset_index(drop=True)
    answers = generations.generate_cached(model, [pvq_prompt(t, lang) for t in items.text], system=system,
                                   interventions=interventions, max_new_tokens=max_new_tokens, progress=progress,
                                   desc=f"PVQ ({lang})")
    return items[["item", "value", "lang"]].assign(answer=answers, rating=_ratings(answers))


def pvq_profile(ratings: pd.DataFrame) -> pd.Series:
    """Mean rating per value, in circumplex order."""
    return ratings.groupby("value").rating.mean().reindex(list(VALUES))


def pvq_under_prompts(model, *, langs=None, split: str | None = "test", values=VALUES, seed: int = 0,
                      max_new_tokens: int = 4) -> pd.DataFrame:
    """Every PVQ item (of `langs`, default all five; `split` as in `pvq_ratings`) rated greedily with no system
    prompt and under the value-priority system prompt of each value in `values` (template drawn with `seed`).

    Returns one row per (item, prompt): item, value (the item's), lang, prompted_value ("" when unprompted),
    answer, rating (1-6, NaN if unparseable), change (rating minus the same item's unprompted rating; NaN if
    either is missing). Read it with `prompt_gains`."""
    items = data.pvq(split=split)
    items = items[items.lang.isin(list(langs))] if langs is not None else items
    items = items.reset_index(drop=True)
    if items.empty:
        raise BadInput(f"no PVQ items for langs={langs!r}, split={split!r}")
    prompts = [pvq_prompt(t, g) for t, g in zip(items.text, items.lang)]
    rng = random.Random(seed)
    frames = []
    for value in ["", *values]:
        system = data.system_prompt(value, rng=rng) if value else None
        answers = generations.generate_cached(model, prompts, system=system, max_new_tokens=max_new_tokens,
                                       progress=False, desc="PVQ under prompts")
        frames.append(items[["item", "value", "lang"]].assign(prompted_value=value, answer=answers,
                                                               rating=_ratings(answers)))
    out = pd.concat(frames, ignore_index=True)
    plain = out[out.prompted_value == ""].set_index(["lang", "item"]).rating
    out["change"] = out.rating.to_numpy() - plain.reindex(pd.MultiIndex.from_frame(out[["lang", "item"]])).to_numpy()
    return out


def prompt_gains(frame: pd.DataFrame, by=None) -> pd.DataFrame:
    """From `pvq_under_prompts`: own_gain (mean change of an item under its own value's prompt), other_gain (mean
    change under the other values' prompts), unprompted and own (mean ratings), parsed (share of all answers that
    are a rating) and n_items, overall (by=None, one row "all") or per group of `by` (e.g. "lang")."""
    groups = [("all", frame)] if by is None else list(frame.groupby(by, sort=False))
    rows = []
    for key, g in groups:
        prompted = g[g.prompted_value != ""]
        own = prompted[prompted.prompted_value == prompted.value]
        rows.append({"group": key, "own_gain": own.change.mean(),
                     "other_gain": prompted[prompted.prompted_value != prompted.value].change.mean(),
                     "unprompted": g[g.prompted_value == ""].rating.mean(), "own": own.rating.mean(),
                     "parsed": float(g.rating.notna().mean()), "n_items": int(g[["lang", "item"]].drop_duplicates()
                                                                               .shape[0])})
    return pd.DataFrame(rows).set_index("group")
