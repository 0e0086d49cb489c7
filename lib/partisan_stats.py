"""Part I's tables: per-layer probes in two models, the layer choice, projections, and variance compression.

Builds on `lib.partisan` (statement activations and the train-split diff-in-means direction), `lib.directions`
(probes) and `lib.stats` (spread, Brown-Forsythe, Cohen's d). Conventions as in `lib.partisan`: RIGHT is positive,
directions are fit on the TRAIN statements, and every number a chapter reports about a direction is measured on
the TEST statements (or on generated answers), never on the texts the direction was fit on.

`choose_layer` is the one place the layer of Part I is decided; chapters 2 and 3 both call it.
The probes here are many small logistic regressions; they run with one BLAS thread (`_small_fits`), which on a
busy 2-core machine is several times faster than letting each fit fight for threads.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from threadpoolctl import threadpool_limits

from lib import activations, directions, partisan, stats
from lib.errors import BadInput

__all__ = ["LayerChoice", "choose_layer", "probe_table", "transfer_table", "projection_rows", "answer_activations",
           "spread_table", "compression_table"]


@dataclass(frozen=True)
class LayerChoice:
    """The layer Part I reads. rule: "fixed" (a layer given by the caller, e.g. the paper's) or "best_cv_auc";
    layers: the candidate layers; cv_auc / train_d: [len(layers)] cross-validated probe AUC and in-sample Cohen's d
    of the diff-in-means projection, both on the `split` statements only (None when the layer was fixed)."""

    layer: int
    rule: str
    layers: list[int]
    cv_auc: np.ndarray | None = None
    train_d: np.ndarray | None = None


def _small_fits():
    """One BLAS thread for many small sklearn fits (oversubscribed threads made them ~7x slower on 2 cores)."""
    return threadpool_limits(limits=1, user_api="blas")


def _left_right(stacts, split):
    sel = stacts.select(split=split, leans=("left", "right"))
    if len(sel.frame) == 0:
        raise BadInput(f"no left/right statements in split {split!r}; use split='train' or 'test'")
    return sel


def _proj_d(stacts, direction_by_layer) -> np.ndarray:
    """Cohen's d (right minus left) of the projections onto each layer's direction -> [n_layers]."""
    proj = directions.project(stacts.acts, direction_by_layer).numpy()  # [n, n_layers]
    right = stacts.frame.label.to_numpy() == 1
    return np.array([stats.cohens_d(proj[right, j], proj[~right, j]) for j in range(proj.shape[1])])


def choose_layer(stacts, *, fixed: int | None = None, split: str = "train", folds: int = 5, seed: int = 0,
                 tol: float = 0.01) -> LayerChoice:
    """Pick the layer to read, using only the `split` (default train) statements of one model (Part I: aligned).

    fixed: a layer to use as is (e.g. 18, the paper's layer for Llama 3.1 8B Instruct); it must have been collected.
    Otherwise the rule is "best_cv_auc": the layer with the highest cross-validated probe AUC (`folds`-fold, from
    `directions.fit_probe`); layers within `tol` of the best AUC tie, and the tie goes to the largest Cohen's d of
    the diff-in-means projections (the axis that separates the sides most relative to its spread), then the
    earliest layer. The test statements are never looked at, so numbers reported at the chosen layer stay held out.
    """
    if fixed is not None:
        if fixed not in stacts.layers:
            raise BadInput(f"fixed layer {fixed} was not collected; collected layers: {stacts.layers}")
        return LayerChoice(layer=int(fixed), rule="fixed", layers=list(stacts.layers))
    sel = _left_right(stacts, split)
    with _small_fits():
        probe = directions.fit_probe(sel.acts, sel.frame.label.to_numpy(), folds=folds, seed=seed, n_boot=10)
    d = _proj_d(sel, directions.diff_in_means(sel.acts, sel.frame.label.to_numpy(), positive=1))
    auc = np.asarray(probe.layer_auc, dtype=float)
    tied = np.flatnonzero(auc >= auc.max() - tol)
    best = int(tied[np.argmax(d[tied])])  # argmax returns the first maximum: the earliest layer on exact ties
    return LayerChoice(layer=stacts.layers[best], rule="best_cv_auc", layers=list(stacts.layers), cv_auc=auc,
                       train_d=d)


def probe_table(stacts_by_model: dict, *, folds: int = 5, seed: int = 0, n_boot: int = 1000) -> pd.DataFrame:
    """Per model and layer: a cross-validated probe on the TRAIN left/right statements and the held-out test
    numbers of the train-split diff-in-means direction.

    stacts_by_model: {"base": StatementActs, "aligned": StatementActs} (any names). Returns one row per
    (model, layer): auc, auc_lo, auc_hi, acc, acc_lo, acc_hi (out-of-fold, 95% bootstrap CIs over texts);
    heldout_auc, heldout_d: AUC and Cohen's d (right minus left) of the TEST statements' projections onto the
    direction fit on the train split.
    """
    rows = []
    for name, st in stacts_by_model.items():
        train, test = _left_right(st, "train"), _left_right(st, "test")
        with _small_fits():
            probe = directions.fit_probe(train.acts, train.frame.label.to_numpy(), folds=folds, seed=seed,
                                         n_boot=n_boot)
        dirs = partisan.partisan_direction(st)  # [n_layers, d] from the train split
        proj = directions.project(test.acts, dirs).numpy()
        right = test.frame.label.to_numpy() == 1
        for j, layer in enumerate(st.layers):
            rows.append(dict(model=name, layer=layer, auc=probe.layer_auc[j], auc_lo=probe.layer_auc_ci[j, 0],
                             auc_hi=probe.layer_auc_ci[j, 1], acc=probe.layer_acc[j], acc_lo=probe.layer_acc_ci[j, 0],
                             acc_hi=probe.layer_acc_ci[j, 1], heldout_auc=stats.auc(proj[:, j], right),
                             heldout_d=stats.cohens_d(proj[right, j], proj[~right, j])))
    return pd.DataFrame(rows)


def transfer_table(base, aligned, *, C: float = 1.0, seed: int = 0) -> pd.DataFrame:
    """Does one model's probe read the other's activations? Probes fit on the TRAIN left/right statements of one
    model, AUC on the TEST statements of each. Returns long rows (layer, fit_on, applied_to, transfer, auc) for the
    four pairs; "base -> aligned" is the probe fit on base activations scored on aligned activations."""
    if base.layers != aligned.layers:
        raise BadInput(f"both models need the same layers; got {base.layers} and {aligned.layers}")
    sets = {"base": base, "aligned": aligned}
    rows = []
    for fit_on, src in sets.items():
        train = _left_right(src, "train")
        for applied_to, dst in sets.items():
            test = _left_right(dst, "test")
            with _small_fits():
                aucs = directions.probe_transfer(train.acts, train.frame.label.to_numpy(), test.acts,
                                                 test.frame.label.to_numpy(), C=C, seed=seed, positive=1)
            for j, layer in enumerate(src.layers):
                rows.append(dict(layer=layer, fit_on=fit_on, applied_to=applied_to,
                                 transfer=f"{fit_on} -> {applied_to}", auc=float(aucs[j])))
    return pd.DataFrame(rows)


def projection_rows(frame: pd.DataFrame, acts, directions_by_name: dict, **labels) -> pd.DataFrame:
    """One row per (text, direction): `frame`'s columns, `direction` (the dict key), `projection` = <x, d/|d|>,
    plus a constant column per keyword in `labels` (e.g. model="base", source="statements").

    frame: [n] rows describing the texts; acts: [n, d_model] at one layer; directions_by_name: {name: [d_model]}.
    """
    acts = torch.as_tensor(acts)
    if acts.ndim != 2 or acts.shape[0] != len(frame):
        raise BadInput(f"acts must be [n_texts, d_model] with one row per frame row ({len(frame)}); got "
                       f"{tuple(acts.shape)}. Pass one layer, e.g. stacts.at(layer).")
    out = []
    for name, direction in directions_by_name.items():
        part = frame.reset_index(drop=True).copy()
        part["direction"] = name
        part["projection"] = directions.project(acts, direction).numpy().astype(float)
        for key, value in labels.items():
            part[key] = value
        out.append(part)
    return pd.concat(out, ignore_index=True)


def answer_activations(model, answers: pd.DataFrame, layers, *, cache=True, progress=True):
    """Mean residual over each answer's tokens, the prompt formatted as the model's chat turn (what it answered).

    answers: a `partisan.policy_answers` table (columns prompt, answer). Rows with an empty answer (nothing to
    average) are dropped. Returns (acts [n_kept, len(layers), d_model], the kept rows, index reset).
    """
    missing = {"prompt", "answer"} - set(answers.columns)
    if missing:
        raise BadInput(f"answers needs columns prompt and answer (from partisan.policy_answers); missing {missing}")
    kept = answers[answers.answer.fillna("").str.strip().str.len() > 0].reset_index(drop=True)
    if len(kept) == 0:
        raise BadInput("every answer is empty: generate with a larger max_new_tokens")
    items = [activations.Exchange(p, a) for p, a in zip(kept.prompt, kept.answer)]
    return activations.collect(model, items, layers, "response_mean", cache=cache, progress=progress), kept


def spread_table(frame: pd.DataFrame, *, value: str = "projection", by=("model",), n_boot: int = 2000,
                 seed: int = 0) -> pd.DataFrame:
    """`stats.spread` of `value` per group of `by`: n, sd (ddof=1), sd_lo, sd_hi, min, max, range, iqr, iqr_lo,
    iqr_hi (95% percentile-bootstrap CIs, seeded)."""
    by = [by] if isinstance(by, str) else list(by)
    rows = []
    for key, group in frame.groupby(by, sort=False):
        s = stats.spread(group[value].to_numpy(float), n_boot=n_boot, seed=seed)
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key)), "n": s.n, "sd": s.sd, "sd_lo": s.sd_ci[0], "sd_hi": s.sd_ci[1],
                     "min": s.min, "max": s.max, "range": s.range, "iqr": s.iqr, "iqr_lo": s.iqr_ci[0],
                     "iqr_hi": s.iqr_ci[1]})
    return pd.DataFrame(rows)


def _sd(x) -> float:
    return float(np.std(x, ddof=1))


def _ratio_ci(a: np.ndarray, b: np.ndarray, paired: bool, n_boot: int, seed: int) -> tuple[float, float]:
    """95% percentile-bootstrap CI of sd(b) / sd(a); paired resamples the same rows of both (a, b same length)."""
    rng = np.random.default_rng(seed)
    ia = rng.integers(0, len(a), size=(n_boot, len(a)))
    ib = ia if paired else rng.integers(0, len(b), size=(n_boot, len(b)))
    ratios = np.std(b[ib], axis=1, ddof=1) / np.std(a[ia], axis=1, ddof=1)
    lo, hi = np.quantile(ratios[np.isfinite(ratios)], [0.025, 0.975])
    return float(lo), float(hi)


def compression_table(frame: pd.DataFrame, *, value: str = "projection", model: str = "model", base: str = "base",
                      aligned: str = "aligned", group: str = "lean", positive: str = "right", negative: str = "left",
                      by=("source", "direction"), pair=None, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Variance compression versus separability, base against aligned, per group of `by`.

    frame: long rows (e.g. from `projection_rows`) with columns `model`, `value`, `group` and `by`. Per group:
    sd_base, sd_aligned (ddof=1, all rows), sd_ratio = sd_aligned / sd_base with a 95% bootstrap CI (pair: the
    column(s) that match a row of one model to a row of the other, e.g. "id": matched rows are resampled together;
    None resamples the models independently), bf_stat, bf_p (Brown-Forsythe, equal variances), and per model the
    mean gap (mean positive minus mean negative), Cohen's d (positive minus negative) with 95% CI, and
    gap / sd (the gap in units of the model's total SD). A direction that survives with compressed variance has
    sd_ratio < 1 while d stays large; an erased direction has d near 0.
    """
    by = [by] if isinstance(by, str) else list(by)
    pair = [pair] if isinstance(pair, str) else (list(pair) if pair else None)
    rows = []
    for key, sub in frame.groupby(by, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        a, b = sub[sub[model] == base], sub[sub[model] == aligned]
        if len(a) < 2 or len(b) < 2:
            raise BadInput(f"group {dict(zip(by, key))} needs at least 2 rows of {model}={base!r} and {aligned!r}")
        if pair:
            m = a[pair + [value]].merge(b[pair + [value]], on=pair, suffixes=("_a", "_b"), validate="one_to_one")
            va, vb = m[f"{value}_a"].to_numpy(float), m[f"{value}_b"].to_numpy(float)
        else:
            va, vb = a[value].to_numpy(float), b[value].to_numpy(float)
        lo, hi = _ratio_ci(va, vb, bool(pair), n_boot, seed)
        bf, p = stats.brown_forsythe(a[value], b[value])
        row = {**dict(zip(by, key)), "n_base": len(a), "n_aligned": len(b), "sd_base": _sd(a[value]),
               "sd_aligned": _sd(b[value]), "sd_ratio": _sd(b[value]) / _sd(a[value]), "sd_ratio_lo": lo,
               "sd_ratio_hi": hi, "bf_stat": bf, "bf_p": p}
        for name, part in (("base", a), ("aligned", b)):
            x, y = part[part[group] == positive][value], part[part[group] == negative][value]
            if len(x) < 2 or len(y) < 2:
                raise BadInput(f"{name} rows of {dict(zip(by, key))} need at least 2 {group}={positive!r} and "
                               f"2 {group}={negative!r}")
            d_lo, d_hi = stats.cohens_d_ci(x, y, n_boot=n_boot, seed=seed)
            gap = float(x.mean() - y.mean())
            row.update({f"gap_{name}": gap, f"d_{name}": stats.cohens_d(x, y), f"d_{name}_lo": d_lo,
                        f"d_{name}_hi": d_hi, f"gap_over_sd_{name}": gap / _sd(part[value])})
        rows.append(row)
    return pd.DataFrame(rows)
