"""Small statistics for comparing distributions: bootstrap CIs, spread, Brown-Forsythe, Cohen's d, AUC.

Part I asks whether alignment *compresses the variance* of partisan projections rather than erasing the
direction, so the verbs here are about spread (SD, range, IQR, with bootstrap CIs) and about testing a
difference in spread (Brown-Forsythe) next to a difference in means (Cohen's d).

All functions take 1-D array-likes (numpy arrays, lists, CPU torch tensors) and return plain floats, tuples
or a small dataclass. Bootstraps are percentile bootstraps with a seeded ``numpy.random.default_rng``, so
the same call always gives the same interval.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy import stats as _sps
from sklearn.metrics import roc_auc_score

from lib.errors import BadInput

__all__ = [
    "Spread", "binary_labels", "bootstrap_ci", "spread", "brown_forsythe", "cohens_d", "cohens_d_ci", "auc",
]

_CHUNK = 4_000_000  # resampled elements held in memory at once during a bootstrap


def _to_numpy(x) -> np.ndarray:
    if hasattr(x, "detach"):  # torch tensor
        x = x.detach().cpu().numpy()
    return np.asarray(x)


def _sample(x, name: str = "x", min_n: int = 1) -> np.ndarray:
    """A 1-D finite float64 sample with at least `min_n` values."""
    arr = _to_numpy(x)
    if arr.ndim != 1:
        raise BadInput(f"{name} must be 1-D (one value per text); got shape {tuple(arr.shape)}. Flatten it or "
                       "pick one layer first.")
    try:
        arr = arr.astype(np.float64)
    except (TypeError, ValueError) as err:
        raise BadInput(f"{name} must be numbers; got dtype {arr.dtype}.") from err
    if arr.size < min_n:
        raise BadInput(f"{name} needs at least {min_n} value(s); got {arr.size}.")
    if not np.all(np.isfinite(arr)):
        raise BadInput(f"{name} contains {int((~np.isfinite(arr)).sum())} NaN/inf values; drop them first.")
    return arr


def binary_labels(labels, positive=None, n: int | None = None) -> np.ndarray:
    """Turn two-class labels (0/1, bools or strings) into a boolean mask `[n_texts]`, True for `positive`.

    positive=None picks 1 (or True) when it is one of the labels, else the last label in sorted order.
    Raises BadInput for a length other than `n`, for one class (or none) and for more than two classes.
    """
    arr = _to_numpy(labels)
    if arr.ndim != 1:
        raise BadInput(f"labels must be 1-D (one per text); got shape {tuple(arr.shape)}.")
    if n is not None and arr.shape[0] != n:
        raise BadInput(f"got {arr.shape[0]} labels for {n} texts; pass one label per text, in the same order.")
    values = np.unique(arr).tolist()
    if len(values) != 2:
        raise BadInput(f"labels must contain exactly two classes; got {len(values)} "
                       f"({values[:5]}{'...' if len(values) > 5 else ''}) in {arr.shape[0]} labels. "
                       "Both classes are needed (e.g. left- and right-leaning texts).")
    if positive is None:
        positive = 1 if 1 in values else values[-1]
    if positive not in values:
        raise BadInput(f"positive={positive!r} is not one of the labels {values}; pass positive= one of them.")
    return np.asarray(arr == positive, dtype=bool)


def _resampled_stat(arrays, stat: Callable, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """`stat` on `n_boot` bootstrap resamples of each array in `arrays` (resampled independently).

    `stat` gets one resample per array as positional arguments and returns a number.
    A stat that accepts `axis=` (np.std, np.mean, ...) is evaluated in vectorised chunks.
    """
    sizes = [a.size for a in arrays]
    per_boot = max(sum(sizes), 1)
    chunk = max(1, min(n_boot, _CHUNK // per_boot))
    out = np.empty(n_boot)
    vectorised = len(arrays) == 1
    start = 0
    while start < n_boot:
        m = min(chunk, n_boot - start)
        samples = [a[rng.integers(0, a.size, size=(m, a.size))] for a in arrays]
        vals = None
        if vectorised:
            try:
                vals = np.asarray(stat(samples[0], axis=1), dtype=np.float64)
                if vals.shape != (m,):
                    vals = None
            except TypeError:
                vals = None
            if vals is None:
                vectorised = False
        if vals is None:
            vals = np.array([stat(*(s[i] for s in samples)) for i in range(m)], dtype=np.float64)
        out[start:start + m] = vals
        start += m
    return out


def _check_ci(n_boot: int, ci: float) -> None:
    if not 0.0 < ci < 1.0:
        raise BadInput(f"ci must be a coverage between 0 and 1 (e.g. 0.95); got {ci}.")
    if int(n_boot) < 10:
        raise BadInput(f"n_boot must be at least 10 (2000 is usual); got {n_boot}.")


def _percentiles(boot: np.ndarray, ci: float) -> tuple[float, float]:
    boot = boot[np.isfinite(boot)]
    if boot.size == 0:
        raise BadInput("the statistic was NaN/inf on every bootstrap resample; the sample is too small or constant.")
    alpha = (1.0 - ci) / 2.0
    lo, hi = np.quantile(boot, [alpha, 1.0 - alpha])
    return float(lo), float(hi)


def bootstrap_ci(x, stat: Callable = np.std, n_boot: int = 2000, ci: float = 0.95,
                 seed: int = 0) -> tuple[float, float]:
    """Percentile-bootstrap confidence interval `(lo, hi)` of `stat(x)`.

    x: [n] values. stat: a function of one 1-D array returning a number (np.std by default, which is the
    population SD, ddof=0; pass `lambda v, axis=None: np.std(v, ddof=1, axis=axis)` for the sample SD).
    Resamples x with replacement `n_boot` times with `numpy.random.default_rng(seed)`.
    """
    _check_ci(n_boot, ci)
    arr = _sample(x, "x", min_n=2)
    boot = _resampled_stat([arr], stat, int(n_boot), np.random.default_rng(seed))
    return _percentiles(boot, ci)


def _sd(v, axis=None):
    return np.std(v, ddof=1, axis=axis)


def _iqr(v, axis=None):
    q75, q25 = np.percentile(v, [75, 25], axis=axis)
    return q75 - q25


@dataclass(frozen=True)
class Spread:
    """How spread out one sample is. `sd` is the sample SD (ddof=1); `*_ci` are 95% percentile-bootstrap CIs."""
    sd: float
    sd_ci: tuple[float, float]
    min: float
    max: float
    range: float
    iqr: float
    iqr_ci: tuple[float, float]
    n: int


def spread(x, n_boot: int = 2000, ci: float = 0.95, seed: int = 0) -> Spread:
    """SD (ddof=1), min, max, range, IQR (75th - 25th percentile, linear interpolation) of x: [n], n >= 2,
    with bootstrap CIs for SD and IQR."""
    arr = _sample(x, "x", min_n=2)
    return Spread(
        sd=float(_sd(arr)),
        sd_ci=bootstrap_ci(arr, _sd, n_boot=n_boot, ci=ci, seed=seed),
        min=float(arr.min()),
        max=float(arr.max()),
        range=float(arr.max() - arr.min()),
        iqr=float(_iqr(arr)),
        iqr_ci=bootstrap_ci(arr, _iqr, n_boot=n_boot, ci=ci, seed=seed),
        n=int(arr.size),
    )


def brown_forsythe(a, b) -> tuple[float, float]:
    """Brown-Forsythe test of equal variances: Levene's test with median centring.

    a, b: [n_a], [n_b] samples (n >= 2 each). Returns `(statistic, p_value)`; a small p says the spreads differ.
    Same as `scipy.stats.levene(a, b, center="median")`.
    """
    a = _sample(a, "a", min_n=2)
    b = _sample(b, "b", min_n=2)
    res = _sps.levene(a, b, center="median")
    return float(res.statistic), float(res.pvalue)


def _pooled_d(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = a.size, b.size
    pooled = np.sqrt(((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / (na + nb - 2))
    if pooled == 0:
        return float("nan")
    return float((a.mean() - b.mean()) / pooled)


def cohens_d(a, b) -> float:
    """Cohen's d = (mean(a) - mean(b)) / pooled SD, pooled SD = sqrt(((n_a-1)s_a^2 + (n_b-1)s_b^2) / (n_a+n_b-2)).

    a, b: [n_a], [n_b] samples, n >= 2 each. Positive when a's mean is larger.
    """
    a = _sample(a, "a", min_n=2)
    b = _sample(b, "b", min_n=2)
    d = _pooled_d(a, b)
    if np.isnan(d):
        raise BadInput("both samples are constant (pooled SD is 0), so Cohen's d is undefined.")
    return d


def cohens_d_ci(a, b, n_boot: int = 2000, ci: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile-bootstrap CI `(lo, hi)` of Cohen's d, resampling a and b independently."""
    _check_ci(n_boot, ci)
    a = _sample(a, "a", min_n=2)
    b = _sample(b, "b", min_n=2)
    if np.isnan(_pooled_d(a, b)):
        raise BadInput("both samples are constant (pooled SD is 0), so Cohen's d is undefined.")
    boot = _resampled_stat([a, b], _pooled_d, int(n_boot), np.random.default_rng(seed))
    return _percentiles(boot, ci)


def auc(scores, labels, positive=None) -> float:
    """ROC AUC of `scores: [n]` for separating the `positive` class of `labels: [n]` (0/1, bools or strings).

    positive=None picks 1 (or True) when present, else the last label in sorted order. 0.5 is chance;
    values below 0.5 mean the scores rank the other class higher. Raises BadInput for one-class labels.
    """
    s = _sample(scores, "scores")
    y = binary_labels(labels, positive=positive, n=s.size)
    return float(roc_auc_score(y, s))
