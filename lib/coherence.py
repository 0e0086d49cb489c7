"""Is a steered model still talking sense? One coherence guard for generated answers, and one rule for strengths.

A steering sweep pushes harder and harder; somewhere the answers stop being answers. The next-token loss of neutral
text (`lib.sweeps.loss_curve`) can miss it: the model reads text it did not write. This guard reads what the steered
model *wrote*, with two numbers per strength:

    parse share   the share of answers that parse (`parses`). For free text: non-empty, at least half of its
                  non-space characters letters, no U+FFFD byte garbage, and not a loop (no word MAX_RUN times in a
                  row; distinct words at least MIN_DISTINCT of all words; repeated word trigrams at most
                  MAX_REPEATED of all trigrams). For a PVQ
                  answer: a leading 1-6 digit (`lib.scoring.parse_pvq_answer`). Or any `text -> bool` you pass.
    answer loss   the mean next-token loss (nats per token) of each answer under the UNSTEERED model, given the same
                  prompt (`answer_loss`). The unsteered model's own greedy answers are its most likely ones; answers
                  that are word salad, or fluent text that does not follow from the prompt, cost more.

and one rule, the same in every chapter (`table`, `coherent_strengths`): a strength is **coherent** when

    parse share >= min(MIN_PARSE_SHARE, the unsteered parse share)     at least 80% of answers parse
    loss(strength) - loss(0) <= MAX_LOSS_RISE                          the answers cost at most 1 nat/token more

and every weaker strength on the same side of 0 is coherent too (a sweep stops at its first broken strength). A
steered model is never asked to parse more often than the unsteered one does.

    parses               [n] bool: which answers parse
    answer_loss          [n] float: each answer's loss under the unsteered model (NaN for an empty answer)
    score                a sweep frame (prompt, output, strength, ...) + columns `parses` and `answer_loss`
    table                one row per (group, strength): parse share, loss, loss rise, CIs, `passes`, `coherent`
    coherent_strengths   the strengths coherent in every group (or per group): the strengths a chapter may read
    max_coherent_strength  the strongest coherent positive strength
    sweep                generate with `lib.sweeps.sweep`, score, and return the table (for one build function)
    text_guard           `sweep` for several directions on free-text prompts: the guard of short-answer chapters
    answering            `table` of short answers by parse share only (their own loss is not read)
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from lib import batching, scoring, steering
from lib.errors import BadInput
from lib.stats import bootstrap_ci

__all__ = ["MIN_PARSE_SHARE", "MAX_LOSS_RISE", "parses", "answer_loss", "score", "table", "coherent_strengths",
           "max_coherent_strength", "sweep", "text_guard", "answering"]

MIN_PARSE_SHARE = 0.8  # as `lib.sweeps.strongest_answering`: a strength that loses 1 answer in 5 has broken something
MAX_LOSS_RISE = 1.0    # nats/token. Answers whose content a push changes (a side, a value) cost the unsteered model more
#                        although they stay fluent: 0.3-0.6 at alpha 0.25 on the organism (Part I, 06_bypass); garbled
#                        answers cost far more: 2.7-3.0 at alpha 0.5, and the answer's own words shuffled 5-11
MIN_LETTERS = 0.5      # letters among non-space characters ('{"a": 1}' has 1/8; a JSON object with words passes)
MIN_DISTINCT = 0.4     # distinct words / words: "not not not" fails; ordinary prose of 30-100 words has 0.6-0.8
MAX_REPEATED = 0.3     # repeated word trigrams / trigrams: ordinary prose repeats almost none; a loop, most
MAX_RUN = 3            # the same word this many times in a row is a loop ("down down down"), not prose
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


# ---------------------------------------------------------------- does an answer parse?
def _repetitive(words: list[str]) -> bool:
    n = len(words)
    if any(len(set(words[i:i + MAX_RUN])) == 1 for i in range(n - MAX_RUN + 1)):
        return True
    if n >= 3 and len(set(words)) < MIN_DISTINCT * n:
        return True
    if n >= 6:
        tri = list(zip(words, words[1:], words[2:]))
        return 1 - len(set(tri)) / len(tri) > MAX_REPEATED
    return False


def _text_parses(text: str) -> bool:
    t = str(text).strip()
    if not t or "\ufffd" in t:
        return False
    chars = [c for c in t if not c.isspace()]
    if sum(c.isalpha() for c in chars) < MIN_LETTERS * len(chars):
        return False
    words = _WORD.findall(t.lower().replace("\u2019", "'"))
    return bool(words) and not _repetitive(words)


def parses(texts: Sequence[str], kind="text") -> np.ndarray:
    """Which answers parse: [n] bool. kind: "text" (free text, rules in the module docstring), "pvq" (a leading
    1-6 rating, `scoring.parse_pvq_answer`), "json" (one JSON object, `scoring.check_json`) or a callable
    `text -> bool`. A non-string (e.g. a missing output) never parses."""
    if isinstance(texts, str):
        raise BadInput("texts must be a list of strings; wrap a single answer as [text]")
    checks = {"text": _text_parses, "pvq": lambda t: scoring.parse_pvq_answer(t) is not None,
              "json": scoring.check_json}
    if callable(kind):
        check = kind
    elif kind in checks:
        check = checks[kind]
    else:
        raise BadInput(f"kind must be one of {list(checks)} or a callable text -> bool; got {kind!r}")
    return np.array([isinstance(t, str) and bool(check(t)) for t in texts], dtype=bool)


# ---------------------------------------------------------------- what the unsteered model thinks of an answer
def answer_loss(model, prompts: Sequence[str], answers: Sequence[str], *, system=None, chat: bool = True,
                batch_size: int = 32) -> np.ndarray:
    """Each answer's mean next-token loss (nats per answer token) under `model` as it is (no interventions), given
    its prompt: [n] float, NaN where the answer is empty or not a string.

    prompts are chat-formatted with `model.chat(prompt, system)` (system: None, one string, or one per prompt), as
    `lib.generations.generate_cached` does, unless chat=False; the answer's tokens follow the prompt's and only they are
    scored: `lib.steering.next_token_nll` from the first answer token on (right-padded batches, exact for causal
    attention; the unembedding runs on the answer positions alone).
    """
    prompts, answers = list(prompts), list(answers)
    if len(prompts) != len(answers):
        raise BadInput(f"{len(prompts)} prompts for {len(answers)} answers: give one prompt per answer")
    systems = list(system) if isinstance(system, (list, tuple)) else [system] * len(prompts)
    if len(systems) != len(prompts):
        raise BadInput(f"system has {len(systems)} entries for {len(prompts)} prompts: give one per prompt")
    tok = model.tokenizer
    keep = [i for i, a in enumerate(answers) if isinstance(a, str) and a.strip()]
    replies = tok([answers[i] for i in keep], add_special_tokens=False)["input_ids"] if keep else []
    keep, replies = [i for i, r in zip(keep, replies) if r], [list(r) for r in replies if r]
    heads = batching.encode(tok, [model.chat(prompts[i], systems[i]) if chat else prompts[i] for i in keep])
    out = np.full(len(answers), np.nan)
    if keep:
        nats, count = steering.next_token_nll(model, [h + r for h, r in zip(heads, replies)],
                                              first=[len(h) for h in heads], batch_size=batch_size)
        out[keep] = (nats / count).numpy()
    return out


def score(model, frame: pd.DataFrame, *, kind="text", system=None, batch_size: int = 32) -> pd.DataFrame:
    """A copy of a sweep frame (columns prompt, output; e.g. from `lib.sweeps.sweep` or `compliance.steer_sweep`)
    with two columns added: parses (1.0 / 0.0, `parses(output, kind)`) and answer_loss (`answer_loss` under the
    unsteered model; each distinct (prompt, output) pair is scored once). system: as in `answer_loss`, one entry
    per row if a list."""
    missing = [c for c in ("prompt", "output") if c not in frame.columns]
    if missing:
        raise BadInput(f"frame lacks the column(s) {missing}; pass a frame from lib.sweeps.sweep (prompt, output)")
    out = frame.copy()
    out["parses"] = parses(out["output"].tolist(), kind).astype(float)
    systems = list(system) if isinstance(system, (list, tuple)) else [system] * len(out)
    if len(systems) != len(out):
        raise BadInput(f"system has {len(systems)} entries for {len(out)} rows: give one per row, or one string")
    keys = list(zip(out["prompt"], out["output"].astype(str), systems))
    uniq = list(dict.fromkeys(keys))
    losses = answer_loss(model, [k[0] for k in uniq], [k[1] for k in uniq], system=[k[2] for k in uniq],
                         batch_size=batch_size)
    lookup = dict(zip(uniq, losses))
    out["answer_loss"] = [lookup[k] for k in keys]
    return out


# ---------------------------------------------------------------- the rule
def _mean_ci(values: np.ndarray, n_boot: int, seed: int) -> tuple[float, float, float]:
    v = values[np.isfinite(values)]
    if not len(v):
        return np.nan, np.nan, np.nan
    lo, hi = bootstrap_ci(v, np.mean, n_boot=n_boot, seed=seed) if len(v) >= 2 else (np.nan, np.nan)
    return float(v.mean()), lo, hi


def table(frame: pd.DataFrame, by=(), *, strength: str = "strength", min_parse: float = MIN_PARSE_SHARE,
          max_rise: float = MAX_LOSS_RISE, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """The coherence of a scored sweep, one row per (by..., strength), ready to chart.

    frame: from `score` (columns parses, answer_loss, `strength`, and the `by` columns, e.g. "direction"). Each
    group needs its strength 0 (the unsteered answers). Columns: the by columns, strength, n, parse_share,
    parse_lo, parse_hi, loss, loss_lo, loss_hi (bootstrap CIs over answers), loss_rise (loss - loss at 0),
    passes (this strength meets both thresholds) and coherent (it passes and so does every weaker strength on the
    same side of 0; strength 0 is always coherent).
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by + [strength, "parses", "answer_loss"] if c not in frame.columns]
    if missing:
        raise BadInput(f"frame lacks the column(s) {missing}; score it first with lib.coherence.score")
    if not 0 < min_parse <= 1 or max_rise < 0:
        raise BadInput(f"min_parse must be in (0, 1] and max_rise >= 0; got {min_parse}, {max_rise}")
    rows = []
    for keys, group in (frame.groupby(by, sort=True) if by else [((), frame)]):
        keys = keys if isinstance(keys, tuple) else (keys,)
        part = []
        for s, at in group.groupby(strength, sort=True):
            p, plo, phi = _mean_ci(at["parses"].to_numpy(dtype=float), n_boot, seed)
            loss, llo, lhi = _mean_ci(at["answer_loss"].to_numpy(dtype=float), n_boot, seed)
            part.append({**dict(zip(by, keys)), strength: float(s), "n": len(at), "parse_share": p,
                         "parse_lo": plo, "parse_hi": phi, "loss": loss, "loss_lo": llo, "loss_hi": lhi})
        part = pd.DataFrame(part)
        zero = part[part[strength] == 0]
        if zero.empty:
            raise BadInput(f"group {dict(zip(by, keys))} has no strength 0: sweep the unsteered model too")
        base_parse, base_loss = float(zero.parse_share.iloc[0]), float(zero.loss.iloc[0])
        part["loss_rise"] = part["loss"] - base_loss
        floor = min(min_parse, base_parse)
        part["passes"] = (part.parse_share >= floor - 1e-12) & (part.loss_rise.fillna(np.inf) <= max_rise)
        part.loc[part[strength] == 0, "passes"] = True
        part["coherent"] = False
        for sign in (1, -1):  # walk outward from 0 on each side; stop at the first strength that fails
            side = part[np.sign(part[strength]) == sign].sort_values(strength, key=abs)
            for i, ok in zip(side.index, side["passes"]):
                if not ok:
                    break
                part.loc[i, "coherent"] = True
        part.loc[part[strength] == 0, "coherent"] = True
        rows.append(part)
    return pd.concat(rows, ignore_index=True)


def coherent_strengths(table_: pd.DataFrame, by=None, *, strength: str = "strength"):
    """The strengths a chapter may read: coherent (see `table`) in EVERY group of the table, sorted; with `by`
    (a column or list), a dict {group: strengths} instead. A comparison of directions at one strength then compares
    models that all still answer."""
    if "coherent" not in table_.columns or strength not in table_.columns:
        raise BadInput("pass the frame returned by lib.coherence.table (columns strength, coherent)")
    if by is not None:
        return {k: coherent_strengths(g, strength=strength) for k, g in table_.groupby(by, sort=True)}
    ok = table_.groupby(strength)["coherent"].all()
    return sorted(float(s) for s in ok.index[ok])


def max_coherent_strength(table_: pd.DataFrame, *, strength: str = "strength") -> float:
    """The strongest positive strength coherent in every group of `table_` (0.0 when none is)."""
    return max([s for s in coherent_strengths(table_, strength=strength) if s > 0], default=0.0)


def sweep(model, prompts: Sequence[str], strengths, build: Callable, *, kind="text", system=None,
          label: dict | None = None, **gen_kwargs) -> pd.DataFrame:
    """Generate `prompts` at every strength (`lib.sweeps.sweep` with `build`, which must give [] at 0), score the
    answers (`score`) and return `table` grouped by the label's keys. gen_kwargs go to `lib.sweeps.sweep`."""
    from lib import sweeps

    if 0 not in [float(s) for s in strengths]:
        raise BadInput(f"strengths must include 0 (the unsteered reference); got {list(strengths)}")
    frame = sweeps.sweep(model, prompts, strengths, build, None, system=system, label=label, progress=False,
                         **gen_kwargs)
    frame = score(model, frame, kind=kind, system=system if not isinstance(system, (list, tuple))
                  else list(system) * len(list(strengths)))
    return table(frame, by=list(label or {}))


def answering(frame: pd.DataFrame, by=(), *, kind="pvq", strength: str = "strength") -> pd.DataFrame:
    """`table` of short answers (a PVQ digit, a label) by parse share alone: a steered rating that changes is the
    point of steering, so its loss under the unsteered model is not read. frame: prompt, output, `strength` (with
    the unsteered answers at 0) and the `by` columns."""
    scored = frame.assign(parses=parses(frame["output"].tolist(), kind).astype(float), answer_loss=0.0)
    return table(scored, by, strength=strength, max_rise=float("inf"))


def text_guard(model, prompts: Sequence[str], strengths, builds: dict, *, max_new_tokens: int = 32) -> pd.DataFrame:
    """The guard for a chapter whose own answers are short (a PVQ digit, a label): the same pushes applied to free-
    text answers to `prompts` (held-out queries), one `sweep` per entry of `builds` ({direction name: build}), and
    the `table` of all of them grouped by "direction". `max_coherent_strength` of it is the strongest push at which
    the model still writes sense; a chapter reads its own answers at or below it."""
    tables = [sweep(model, prompts, strengths, build, kind="text", label={"direction": name},
                    max_new_tokens=max_new_tokens) for name, build in builds.items()]
    return pd.concat(tables, ignore_index=True)
