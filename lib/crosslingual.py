"""Do value directions found in one language pick out the same values in another? (Part II, languages chapter.)

Two tests of transfer for value vectors computed from English responses:

* representation: ``value_retrieval`` projects each PVQ item's residual (any language) onto every value's unit
  vector and asks whether the item scores highest on its own value (top-1) and how well each vector ranks its own
  value's items above the others (AUC); ``retrieval_null`` gives both numbers with the item labels shuffled.
* behaviour: ``steered_pvq`` steers with value s's vector while the model rates value s's PVQ items in each language
  and returns the rating gain per item (steered minus unsteered).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
import torch
from scipy.stats import rankdata

from lib import data, generations, scoring, steering
from lib.errors import BadInput


def _array(x) -> np.ndarray:
    if hasattr(x, "detach"):
        x = x.detach().cpu().double().numpy()
    return np.asarray(x, dtype=np.float64)


@dataclass
class Retrieval:
    """How well value vectors retrieve the value of items they were not computed from.

    scores: [n_items, k] projection of each (language-centred) item onto each kept unit vector.
    values: the k kept vector names (rows of `vectors` without NaN); dropped: names of NaN vectors.
    item_values: [n_items] each item's value. own: [n_items] bool, the item's value has a kept vector.
    top1: share of `own` items whose highest score is on their own value; chance_top1 = 1 / k.
    per_value_auc: [k] AUC of column s for value s's items against all other items; auc: their mean (chance 0.5).
    """
    scores: np.ndarray
    values: list
    dropped: list
    item_values: np.ndarray
    own: np.ndarray
    top1: float
    chance_top1: float
    per_value_auc: np.ndarray
    auc: float


def project_items(item_acts, vectors, *, centre: bool = True) -> np.ndarray:
    """[n_items, k] = (item_acts - their mean, if centre) @ unit(vectors).T. item_acts: [n_items, d]; vectors:
    [k, d], every row finite and non-zero. Centring removes what all items share (the language, the item format),
    so that what is left is what tells the items apart."""
    x, v = _array(item_acts), _array(vectors)
    if x.ndim != 2 or v.ndim != 2 or x.shape[1] != v.shape[1]:
        raise BadInput(f"item_acts must be [n_items, d] and vectors [k, d] with the same d; got {x.shape} and "
                       f"{v.shape}. Take one layer: acts[:, 0] and vectors[:, LAYER].")
    norms = np.linalg.norm(v, axis=1)
    if not np.isfinite(v).all() or (norms == 0).any():
        raise BadInput("vectors has NaN or zero rows; drop them first (value_retrieval does).")
    if centre:
        x = x - x.mean(0)
    return x @ (v / norms[:, None]).T


def _aucs(scores: np.ndarray, positive: np.ndarray) -> np.ndarray:
    """AUC of each column of scores [n, k] for the items where positive[..., n, j] is True (Mann-Whitney, ties
    counted half). positive: [n, k] or [p, n, k] (a batch of label sets); returns [k] or [p, k]."""
    ranks = rankdata(scores, axis=0)  # average ranks for ties, [n, k]
    n_pos = positive.sum(-2)
    n_neg = positive.shape[-2] - n_pos
    rank_sum = (positive * ranks).sum(-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def value_retrieval(item_acts, item_values: Sequence[str], vectors, values: Sequence[str] = data.VALUE_KEYS, *,
                    centre: bool = True) -> Retrieval:
    """Project items onto value vectors and score retrieval of each item's own value.

    item_acts: [n_items, d] (e.g. the mean residual over each PVQ item's tokens at one layer, one language);
    item_values: [n_items] value names; vectors: [n_values, d] (one layer; rows named by `values`). Rows with NaN
    are dropped (listed in `dropped`); items of a dropped value still count as negatives for the other vectors.
    """
    v = _array(vectors)
    values = list(values)
    item_values = np.asarray(list(item_values), dtype=object)
    if v.ndim != 2 or v.shape[0] != len(values):
        raise BadInput(f"vectors must be [n_values={len(values)}, d] (one layer, one row per value); got {v.shape}.")
    if len(item_values) != _array(item_acts).shape[0]:
        raise BadInput(f"item_values has {len(item_values)} entries for {_array(item_acts).shape[0]} items; "
                       "give one value name per item.")
    unknown = sorted(set(item_values) - set(values))
    if unknown:
        raise BadInput(f"item values {unknown} are not among the vectors' values {values}.")
    keep = np.isfinite(v).all(1) & (np.linalg.norm(np.nan_to_num(v), axis=1) > 0)
    kept = [n for n, k in zip(values, keep) if k]
    if len(kept) < 2:
        raise BadInput(f"only {len(kept)} value vector(s) are finite; retrieval needs at least 2.")
    scores = project_items(item_acts, v[keep], centre=centre)
    positive = item_values[:, None] == np.asarray(kept, dtype=object)[None, :]  # [n, k]
    missing = [n for n, p in zip(kept, positive.T) if p.sum() in (0, len(p))]
    if missing:
        raise BadInput(f"values {missing} have no items (or only items); each kept value needs some items and "
                       "some items of other values.")
    own = positive.any(1)
    top1 = float((positive[np.arange(len(scores)), scores.argmax(1)])[own].mean()) if own.any() else float("nan")
    per_value = _aucs(scores, positive)
    return Retrieval(scores=scores, values=kept, dropped=[n for n, k in zip(values, keep) if not k],
                     item_values=item_values, own=own, top1=top1, chance_top1=1 / len(kept),
                     per_value_auc=per_value, auc=float(per_value.mean()))


def retrieval_null(result: Retrieval, n_perm: int = 1000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(top1 [n_perm], auc [n_perm]): the same scores with the item labels shuffled. The permutation p-value of
    an observed number x is (1 + #{null >= x}) / (1 + n_perm)."""
    if n_perm < 1:
        raise BadInput(f"n_perm must be >= 1; got {n_perm}.")
    rng = np.random.default_rng(seed)
    n = len(result.item_values)
    perms = np.stack([rng.permutation(n) for _ in range(n_perm)])  # [p, n]
    labels = result.item_values[perms]  # [p, n]
    positive = labels[..., None] == np.asarray(result.values, dtype=object)  # [p, n, k]
    best = result.scores.argmax(1)  # [n]
    hit = positive[:, np.arange(n), best]  # [p, n]
    own = positive.any(-1)
    top1 = (hit & own).sum(1) / np.maximum(own.sum(1), 1)
    return top1, _aucs(result.scores, positive).mean(-1)


def steered_pvq(model, directions: dict, *, layer: int, scale: float, alpha: float,
                langs: Sequence[str] = data.LANGS, values: Sequence[str] = data.VALUE_KEYS,
                split: str | None = "test", max_new_tokens: int = 4) -> pd.DataFrame:
    """Rate each value's PVQ items in each language, unsteered and steered with that value's direction.

    split: "test" (default) rates only the items no organism training text contains (`data.pvq_split`: every item
    of the held-out language, half the items of the others), "train" the others, None all of them.
    directions: {name: [n_values, d_model]} (one layer; rows in `values` order; NaN rows are skipped). Steering
    adds alpha * scale * w / |w| to block `layer`'s output on every position (`lib.steering.AddVector`), w the row
    of the value whose items are being rated. Answers are greedy and parsed by `lib.scoring.parse_pvq_answer`.
    Returns one row per (lang, vector, value, item): lang, vector, value, item, text, answer_base, answer,
    rating_base, rating (1..6, NaN if unparseable), gain = rating - rating_base (NaN if either is NaN).
    """
    from lib.value_corpus import pvq_prompt
    values = list(values)
    dirs = {k: _array(w) for k, w in directions.items()}
    bad = {k: w.shape for k, w in dirs.items() if w.ndim != 2 or w.shape[0] != len(values)}
    if not dirs or bad:
        raise BadInput(f"directions must be a non-empty dict of [n_values={len(values)}, d_model] arrays (one "
                       f"layer); got shapes {bad or 'nothing'}.")
    parse = lambda answers: [np.nan if (r := scoring.parse_pvq_answer(a)) is None else float(r)  # noqa: E731
                             for a in answers]
    frames = []
    for lang in langs:
        items = data.pvq(lang=lang, split=split).reset_index(drop=True)
        items = items[items.value.isin(values)].reset_index(drop=True)
        prompts = [pvq_prompt(t, lang) for t in items.text]
        base = generations.generate_cached(model, prompts, max_new_tokens=max_new_tokens, progress=False,
                                    desc=f"PVQ ({lang})")
        items = items.assign(prompt=prompts, answer_base=base, rating_base=parse(base))
        for name, w in dirs.items():
            for j, value in enumerate(values):
                if not np.isfinite(w[j]).all() or not np.linalg.norm(w[j]) > 0:
                    continue
                rows = items[items.value == value]
                vec = torch.tensor(scale * w[j] / np.linalg.norm(w[j]), dtype=torch.float32)
                out = generations.generate_cached(model, rows.prompt.tolist(), max_new_tokens=max_new_tokens,
                                           interventions=[steering.AddVector(layer, vec, float(alpha))],
                                           progress=False, desc=f"PVQ steered ({lang})")
                frames.append(rows.assign(vector=name, answer=out, rating=parse(out)))
    if not frames:
        raise BadInput("no finite direction rows to steer with; check the directions for NaN rows.")
    out = pd.concat(frames, ignore_index=True)
    out["gain"] = out.rating - out.rating_base
    return out[["lang", "vector", "value", "item", "text", "answer_base", "answer", "rating_base", "rating", "gain"]]
