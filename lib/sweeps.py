"""Dose-response sweeps: turn an intervention up step by step and measure what comes out.

A sweep has four parts, all given by the caller, so the same code serves Part I (steering the partisan direction,
adding or clamping SAE features) and Part II (value vectors, neuron gains on the PVQ):

    strengths  the doses, e.g. [-8, -4, 0, 4, 8] (alpha) or [0, 0.5, 1, 2] (a gain beta)
    build      strength -> list of lib.steering interventions (return [] for "no intervention")
    prompts    the same prompts at every strength, generated with `lib.generations.generate_cached` (cached)
    score      outputs -> one number per output ([n], NaN for "could not score"), or {name: callable}

`sweep` returns one row per (strength, prompt); `summarize` turns any such frame into the mean and a percentile-
bootstrap CI per group (by default per strength); `dose_response` does both. `loss_curve` is the capability guard
(next-token loss of held-out texts per strength) and `residual_scale` the typical residual norm that makes alphas
comparable across layers and models.
"""
from __future__ import annotations

from numbers import Real
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import torch
from tqdm.auto import tqdm

from lib import batching, generations, steering
from lib.errors import BadInput
from lib.stats import bootstrap_ci

__all__ = ["sweep", "score_frame", "summarize", "dose_response", "text_losses", "loss_curve", "residual_scale", "unit",
           "strongest_answering"]


def _strengths(strengths) -> list[float]:
    if isinstance(strengths, (str, bytes)) or not hasattr(strengths, "__iter__"):
        raise BadInput(f"strengths must be a list of numbers, e.g. [0, 2, 4]; got {strengths!r}")
    values = list(strengths.tolist() if hasattr(strengths, "tolist") else strengths)
    if not values:
        raise BadInput("strengths is empty: pass at least one strength, e.g. [0, 2, 4]")
    bad = [s for s in values if isinstance(s, bool) or not isinstance(s, Real) or not np.isfinite(s)]
    if bad:
        raise BadInput(f"strengths must be finite numbers; got {bad[0]!r}")
    if len(set(values)) != len(values):
        raise BadInput(f"strengths must be distinct; {values} repeats a value")
    return [float(s) for s in values]


def _texts(texts, name: str) -> list[str]:
    if isinstance(texts, str):
        raise BadInput(f"{name} must be a list of strings; wrap a single one as [text]")
    texts = list(texts)
    if not texts or not all(isinstance(t, str) and t for t in texts):
        raise BadInput(f"{name} must be a non-empty list of non-empty strings")
    return texts


def _interventions(build, strength: float) -> list:
    """build: an intervention template (or a list of them; `lib.steering.at_strength` sets its strength), or a
    function strength -> list of interventions."""
    if not callable(build):
        return steering.at_strength(build, strength)
    ivs = build(strength)
    if ivs is None or isinstance(ivs, (str, bytes)) or not hasattr(ivs, "__iter__"):
        raise BadInput(f"build({strength}) returned {ivs!r}; it must return a list of lib.steering interventions "
                       "([] for none); or pass a template such as steering.AddVector(layer, vector)")
    return list(ivs)


def _scorers(score) -> dict[str, Callable]:
    scorers = score if isinstance(score, dict) else {"score": score}
    if not scorers or not all(callable(f) for f in scorers.values()):
        raise BadInput("score must be a callable (outputs -> [n] numbers) or a dict {name: callable}")
    return scorers


def score_frame(frame: pd.DataFrame, score, by) -> pd.DataFrame:
    """Add one column per scorer to a frame of generated `output`s, calling each scorer once per group of `by` (the
    rows of one strength: the prompts in order, so a scorer may close over them). All groups are scored after all
    generation, so an LLM judge is loaded once for the whole frame. Returns the frame."""
    by = [by] if isinstance(by, str) else list(by)
    columns: dict[str, np.ndarray] = {}
    for _, index in frame.groupby(by, sort=False).groups.items():
        for name, values in _score_columns(score, frame.loc[index, "output"].tolist()).items():
            columns.setdefault(name, np.full(len(frame), np.nan))[frame.index.get_indexer(index)] = values
    for name, values in columns.items():
        frame[name] = values
    return frame


def _score_columns(score, outputs: list[str]) -> dict[str, np.ndarray]:
    scorers = _scorers(score)
    cols = {}
    for name, fn in scorers.items():
        values = np.asarray([np.nan if v is None else v for v in np.asarray(fn(list(outputs)), dtype=object)],
                            dtype=float)
        if values.shape != (len(outputs),):
            raise BadInput(f"score {name!r} returned shape {values.shape} for {len(outputs)} outputs; "
                           "it must return one number per output (NaN or None where it cannot score)")
        cols[name] = values
    return cols


def sweep(model, prompts: Sequence[str], strengths, build: Callable, score, *, system=None, label: dict | None = None,
          progress: bool = True, desc: str | None = None, **gen_kwargs) -> pd.DataFrame:
    """Generate every prompt at every strength with `build(strength)`'s interventions, then score all the outputs.

    Every strength is generated before anything is scored (`score_frame`, one call per strength with the outputs in
    prompt order): an LLM judge is then loaded once per sweep, not once per strength (real models are loaded one at
    a time). score=None only generates (score the `output` column later with `score_frame`, e.g. after several
    sweeps).
    prompts: n strings (chat-formatted by `lib.generations.generate_cached` unless chat=False is passed); system: None,
    one string, or n strings. score: `fn(outputs: list[str]) -> [n]` or {name: fn}; outputs come in prompt order,
    so a scorer that needs the prompts can close over them. gen_kwargs go to `lib.generations.generate_cached`
    (max_new_tokens, do_sample, seed, cache, batch_size...). label: constant columns added to every row
    (e.g. {"model": "aligned", "method": "add direction"}) so sweeps can be concatenated and summarised together.
    Returns one row per (strength, prompt): strength, item (prompt index), prompt, output, one column per score
    ("score" for a single callable), then the label columns.
    """
    prompts = _texts(prompts, "prompts")
    levels = _strengths(strengths)
    plans = [_interventions(build, s) for s in levels]  # fail before any generation
    label = dict(label or {})
    if score is not None:
        _scorers(score)  # a bad scorer fails before any generation (without calling it: a judge would load)
    frames = []
    for strength, ivs in tqdm(list(zip(levels, plans)), desc=desc or "sweep", unit="strength", disable=not progress):
        outputs = generations.generate_cached(model, prompts, system=system, interventions=ivs, progress=False,
                                       desc=desc or "sweep", **gen_kwargs)
        frames.append(pd.DataFrame({"strength": strength, "item": np.arange(len(prompts)), "prompt": prompts,
                                    "output": outputs}))
    out = pd.concat(frames, ignore_index=True)
    if score is not None:
        score_frame(out, score, "strength")
    for key, value in label.items():
        out[key] = value
    return out


def summarize(frame: pd.DataFrame, value: str = "score", by=("strength",), *, n_boot: int = 2000, ci: float = 0.95,
              seed: int = 0) -> pd.DataFrame:
    """Mean of `value` per group of `by` with a percentile-bootstrap CI over rows (NaN rows dropped, counted).

    Returns one row per group, in sorted order: the `by` columns, mean, lo, hi, n (rows scored), n_missing (NaN
    rows). lo/hi are `lib.stats.bootstrap_ci(values, np.mean, n_boot, ci, seed)`; NaN when fewer than 2 rows.
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by + [value] if c not in frame.columns]
    if missing:
        raise BadInput(f"frame has no column(s) {missing}; its columns are {list(frame.columns)}")
    if frame.empty:
        raise BadInput("frame is empty: there is nothing to summarise")
    rows = []
    for keys, group in frame.groupby(by, sort=True, dropna=False):
        keys = keys if isinstance(keys, tuple) else (keys,)
        vals = pd.to_numeric(group[value], errors="coerce").to_numpy(dtype=float)
        ok = vals[np.isfinite(vals)]
        lo, hi = bootstrap_ci(ok, np.mean, n_boot=n_boot, ci=ci, seed=seed) if len(ok) >= 2 else (np.nan, np.nan)
        rows.append({**dict(zip(by, keys)), "mean": float(ok.mean()) if len(ok) else np.nan, "lo": lo, "hi": hi,
                     "n": int(len(ok)), "n_missing": int(len(vals) - len(ok))})
    return pd.DataFrame(rows)


def dose_response(model, prompts: Sequence[str], strengths, build: Callable, score, *, value: str = "score",
                  n_boot: int = 2000, seed: int = 0, label: dict | None = None, **kwargs) -> pd.DataFrame:
    """`summarize(sweep(...), value, by=["strength", *label])`: mean and bootstrap CI of one score per strength."""
    frame = sweep(model, prompts, strengths, build, score, label=label, **kwargs)
    return summarize(frame, value, by=["strength", *(label or {})], n_boot=n_boot, seed=seed)


def text_losses(model, texts: Sequence[str], interventions=(), *, batch_size: int = 32) -> np.ndarray:
    """Each text's mean next-token cross-entropy (nats per predicted token) with `interventions` applied: [n_texts].

    Texts are raw (BOS added unless present, as in `lib.steering.loss`); the numbers are
    `lib.steering.next_token_nll`'s, per text. `lib.steering.loss(model, [text], interventions)` gives the same
    number one text at a time.
    """
    rows = batching.encode(model.tokenizer, _texts(texts, "texts"))
    short = [i for i, r in enumerate(rows) if len(r) < 2]
    if short:
        raise BadInput(f"text {short[0]} has fewer than two tokens: there is no next token to predict")
    nats, count = steering.next_token_nll(model, rows, interventions, batch_size=batch_size)
    return (nats / count).numpy()


def loss_curve(model, texts: Sequence[str], strengths, build: Callable, *, n_boot: int = 2000, seed: int = 0,
               label: dict | None = None, progress: bool = False) -> pd.DataFrame:
    """The capability guard: next-token loss of `texts` (raw text, e.g. held-out neutral statements) per strength.

    Each text's loss is its mean nats per predicted token under `build(strength)` (`text_losses`); per strength the
    rows give loss (mean over texts), lo, hi (bootstrap CI over texts), n, and delta = loss - the loss at strength 0
    (NaN if 0 is not among the strengths), plus the label columns.
    """
    texts = _texts(texts, "texts")
    levels = _strengths(strengths)
    plans = [_interventions(build, s) for s in levels]
    per_text = []
    for strength, ivs in tqdm(list(zip(levels, plans)), desc="loss", unit="strength", disable=not progress):
        per_text.append(pd.DataFrame({"strength": strength, "loss": text_losses(model, texts, ivs)}))
    table = summarize(pd.concat(per_text), "loss", n_boot=n_boot, seed=seed).rename(columns={"mean": "loss"})
    table = table.drop(columns="n_missing")
    base = table.loc[table.strength == 0, "loss"]
    table["delta"] = table["loss"] - (float(base.iloc[0]) if len(base) else np.nan)
    for key, value in (label or {}).items():
        table[key] = value
    return table


def residual_scale(model, texts: Sequence[str], layer: int, *, stat: str = "median") -> float:
    """The typical norm of one token's residual vector at block `layer`'s output, BOS excluded.

    Steering adds `alpha * scale * unit_direction`, so alpha is a fraction of a typical token's residual norm and
    means the same on a 128-wide organism and a 4096-wide Llama. stat: "median" (default) or "mean" over the
    tokens of `texts` (from `lib.activations.tokens`).
    """
    from lib import activations

    if stat not in ("median", "mean"):
        raise BadInput(f"stat must be 'median' or 'mean'; got {stat!r}")
    acts, _ = activations.tokens(model, _texts(texts, "texts"), layer)
    norms = acts.float().norm(dim=-1)
    return float(norms.median() if stat == "median" else norms.mean())


def strongest_answering(frame: pd.DataFrame, value: str, *, max_missing: float = 0.2,
                        strength: str = "strength") -> float:
    """The strongest positive strength at which, as at every weaker one, at most `max_missing` of `frame[value]` is
    missing (an unparseable answer); the smallest positive strength if even that one fails. Where a steered model
    still answers the question: a capability guard for a small model, in the spirit of the paper's "MMLU falls by
    less than 5 points"."""
    if value not in frame or strength not in frame:
        raise BadInput(f"frame needs the columns {value!r} and {strength!r}; it has {list(frame.columns)}")
    if not 0 <= max_missing < 1:
        raise BadInput(f"max_missing is a share in [0, 1), e.g. 0.2 for 20%; got {max_missing!r}")
    missing = frame.groupby(strength)[value].apply(lambda col: col.isna().mean()).sort_index()
    missing = missing[missing.index > 0]
    if missing.empty:
        raise BadInput("no positive strength in the frame: sweep at least one strength > 0")
    best = float(missing.index[0])
    for s, share in missing.items():
        if share > max_missing:
            break
        best = float(s)
    return best


def unit(vector) -> torch.Tensor:
    """`vector / |vector|` as float32 (a helper for build functions: AddVector(layer, scale * unit(v), alpha))."""
    v = torch.as_tensor(vector, dtype=torch.float32).detach().reshape(-1)
    n = v.norm()
    if not torch.isfinite(n) or n == 0:
        raise BadInput("cannot normalise a zero (or non-finite) vector")
    return v / n


def push(layer: int, direction, scale: float = 1.0) -> steering.AddVector:
    """The sweep template for steering along `direction` at `layer`: AddVector(layer, scale * unit(direction)), so a
    sweep's strength alpha adds alpha x `scale` (e.g. `residual_scale`, a typical residual norm) along the unit
    direction. Pass it to `sweep` / `dose_response` / `loss_curve` / `lib.coherence.sweep` as `build`."""
    return steering.AddVector(layer, scale * unit(direction))
