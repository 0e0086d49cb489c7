"""What a chapter's numbers mean, decided by tested code: one function per question, each returning a `Verdict`.

A chapter computes its numbers and the controls that make them readable (the base model, shuffled labels, random
axes, the change of residual norm) and hands them to one function here. The function picks a `reading` from a small
documented set and writes the one sentence the page prints, so the same numbers always get the same words, and every
reading has a known-answer test on synthetic numbers (tests/test_verdicts.py). A reading names the hypothesis the
numbers fit *on this model pair*; it is never a statement about the paper's model.

    axis_separation      02_direction   does the aligned model's direction still separate right from left?
    spread               03_variance    is a narrower spread compression, erasure or a change of scale?
    sae_silence          04_sae         do the policy features go quiet beyond all features, and does the SAE fit?
    steering_disconnect  05_steering    do the features steer the base model but not the aligned one?
    reactivation         06_bypass      does amplifying the inferred side move answers toward the user, beyond a
                                        control?

`READINGS[name]` lists each function's readings. The functions take numbers (floats, (lo, hi) CIs, arrays), never
models; `shuffled_auc` and `random_axes_sd_ratio` compute two of the controls from activations. A NaN number is a
missing measurement (e.g. a mean lean over answers the judge could not score): every function then reads "cannot
tell" and names the missing input, since NaN fails every comparison and would otherwise fall through to a confident
reading; an infinite number raises BadInput.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch

from lib import directions, stats
from lib.errors import BadInput

__all__ = ["Verdict", "READINGS", "axis_separation", "spread", "sae_silence", "steering_disconnect", "reactivation",
           "shuffled_auc", "random_axes_sd_ratio"]

# ---------------------------------------------------------------- thresholds, and why
CONTROL_QUANTILE = 0.95  # "above chance" = beats 95% of the control (shuffled labels, random axes): a one-sided 5% test
D_COLLAPSE = 0.25  # keeping under a quarter of the base model's Cohen's d is a collapse of the separation
D_KEPT = 0.75      # keeping 3/4 or more is "kept": with ~100 texts a side, d's sampling error is ~0.15-0.2 at d ~ 1.5
D_GROWN = 1.0 / D_KEPT  # symmetric on a log scale: 4/3 of the base d or more is a real gain
MIN_VE = 0.5  # an SAE that explains under half a model's variance misses most of what the model writes
DROP = 0.5    # firing at under half the base rate is a drop (the chapter's rule before this module, kept)
SPECIFIC = 0.5  # a drop is specific when the policy features keep under half the share that all features keep
MIN_RANGE = 0.2  # lean range (in [-2, 2]) a handle must reach to "steer": ~2 SE of a 30-question mean difference
MIN_SHARE = 0.1  # floor of a feature's share on the partisan axis, so normalising by it cannot inflate more than 10x
DISCONNECT = 0.5  # the aligned model keeps under half the base model's normalised feature efficacy
MIN_ACC = 0.6  # a side inferred correctly for under 60% of prompts is barely better than a coin
MIN_SHIFT = 0.1  # a shift toward the user under 0.1 lean (in [-1, 1]) is too small to call a reactivation
SYMMETRY = 0.5  # the opposite push moving answers away at least half as far makes the response symmetric

READINGS = {
    "axis_separation": ("cannot tell", "no signal in base", "erased", "mostly erased", "weakened", "kept",
                        "strengthened"),
    "spread": ("cannot tell", "no signal in base", "erased", "weakened", "compressed", "scale change", "kept",
               "widened"),
    "sae_silence": ("cannot tell", "no signal in base", "silenced", "global drop", "kept"),
    "steering_disconnect": ("cannot tell", "no coherent push", "no steering in base",
                            "direction does not steer aligned", "features never steered",
                            "direction does not steer base", "disconnect", "connected"),
    "reactivation": ("cannot tell", "no coherent push", "side not inferred", "moves away", "no reactivation",
                     "small shift", "follows any push", "reactivated"),
}


@dataclass(frozen=True)
class Verdict:
    """reading: one of READINGS[function]; sentence: the one hedged sentence a page prints; evidence: the numbers
    the reading was decided on, by name."""

    reading: str
    sentence: str
    evidence: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.sentence


def _ci(ci, name: str) -> tuple[float, float]:
    """(lo, hi) as floats; a NaN bound passes (a missing CI, read by `_missing`), a finite pair must have lo <= hi."""
    try:
        lo, hi = (float(v) for v in ci)
    except (TypeError, ValueError) as err:
        raise BadInput(f"{name} must be a (lo, hi) pair of numbers; got {ci!r}") from err
    if not (math.isnan(lo) or math.isnan(hi) or lo <= hi):
        raise BadInput(f"{name} must have lo <= hi; got ({lo}, {hi})")
    return lo, hi


def _missing(numbers: dict) -> list[str]:
    """The names (keys) of the numbers that are NaN, i.e. not measured; a CI is one (lo, hi) entry, missing if either
    bound is. None (an optional number not given) is skipped; an infinite number raises BadInput."""
    out = []
    for name, x in numbers.items():
        if x is None:
            continue
        try:
            values = [float(v) for v in (x if isinstance(x, tuple) else (x,))]
        except (TypeError, ValueError) as err:
            raise BadInput(f"{name} must be a number; got {x!r}") from err
        if any(math.isinf(v) for v in values):
            raise BadInput(f"{name} is infinite ({x!r}); pass a finite number, or NaN where it was not measured")
        if any(math.isnan(v) for v in values):
            out.append(name)
    return out


def _cannot_tell(head: str, missing: list[str], question: str, ev: dict) -> Verdict:
    """The "cannot tell" reading for missing (NaN) inputs: names each one and the question left open."""
    names = [f"`{m}`" for m in missing]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return Verdict("cannot tell", f"{head}, {listed} {'is' if len(names) == 1 else 'are'} missing (NaN: not "
                   f"measured), so {question} cannot be told from these numbers.", {**ev, "missing": list(missing)})


def _control(x, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=float).ravel()
    finite = int(np.isfinite(arr).sum())
    if arr.size < 10 or finite < arr.size:
        raise BadInput(f"{name} needs at least 10 control values (e.g. 100 shuffles, 200 random axes), all finite; "
                       f"got {arr.size}, {finite} finite")
    return arr


def _where(where: str) -> str:
    return f"On this model pair{', ' + where if where else ''}"


def _pct_floor(share: float) -> str:
    """A share as a whole percentage rounded down, so a share short of a cut never prints as the cut itself."""
    return f"{math.floor(share * 100 + 1e-9)}%"


def _d_band(ratio: float) -> str:
    return ("collapsed" if ratio < D_COLLAPSE else "weakened" if ratio < D_KEPT else
            "strengthened" if ratio >= D_GROWN else "kept")


# ---------------------------------------------------------------- 02_direction: the axis
def axis_separation(*, auc_base: float, auc_aligned: float, d_base: float, d_aligned: float, control_auc_base,
                    control_auc_aligned, where: str = "") -> Verdict:
    """Does the aligned model's direction still separate right from left on held-out texts, relative to the base
    model and to shuffled labels?

    auc_* / d_*: held-out AUC and Cohen's d (right minus left) of each model's own direction; control_auc_*: [n]
    held-out AUCs of the same direction fit on shuffled train labels (`shuffled_auc`). Readings: "cannot tell" (an AUC
    or d is NaN: not measured), "no signal in base" (base AUC within the shuffled controls), "erased" (aligned AUC
    within its controls), "mostly erased" (above them but under D_COLLAPSE of the base d), "weakened", "kept",
    "strengthened" (d ratio bands D_KEPT, D_GROWN).
    """
    cb, ca = _control(control_auc_base, "control_auc_base"), _control(control_auc_aligned, "control_auc_aligned")
    qb, qa = float(np.quantile(cb, CONTROL_QUANTILE)), float(np.quantile(ca, CONTROL_QUANTILE))
    ratio = d_aligned / d_base if d_base > 0 else float("nan")
    ev = dict(auc_base=auc_base, auc_aligned=auc_aligned, d_base=d_base, d_aligned=d_aligned, d_ratio=ratio,
              control_q95_base=qb, control_q95_aligned=qa)
    head = _where(where)
    missing = _missing(dict(auc_base=auc_base, auc_aligned=auc_aligned, d_base=d_base, d_aligned=d_aligned))
    if missing:
        return _cannot_tell(head, missing, "whether the aligned model's direction still separates right from left", ev)
    nums = f"base → aligned: AUC {auc_base:.2f} → {auc_aligned:.2f}, d {d_base:.2f} → {d_aligned:.2f}"
    if auc_base <= qb or d_base <= 0:
        return Verdict("no signal in base", f"{head}, the base model's direction separates held-out right from left "
                       f"no better than shuffled labels (AUC {auc_base:.2f}, 95th percentile of shuffles {qb:.2f}), so "
                       "there is no partisan axis for alignment to keep, compress or erase.", ev)
    if auc_aligned <= qa:
        return Verdict("erased", f"{head}, the base model's direction separates held-out right from left but the "
                       f"aligned model's does no better than shuffled labels ({nums}; shuffles reach "
                       f"{qa:.2f}): what erasure would look like, whereas compression would keep d.", ev)
    band = _d_band(ratio)
    if band == "collapsed":
        return Verdict("mostly erased", f"{head}, the aligned model's direction still beats shuffled labels "
                       f"(95th percentile {qa:.2f}) but keeps only {ratio:.0%} of the base model's separation "
                       f"({nums}): closer to erasure than to compression, which would keep d.", ev)
    if band == "weakened":
        return Verdict("weakened", f"{head}, the aligned model's direction keeps {ratio:.0%} of the base model's "
                       f"separation ({nums}; shuffles reach {qa:.2f}): weakened, between a kept axis (which "
                       "compression needs) and an erased one.", ev)
    if band == "kept":
        return Verdict("kept", f"{head}, the aligned model's direction separates held-out right from left about as "
                       f"well as the base model's ({nums}; shuffles reach {qa:.2f}): the axis is kept, which the "
                       "compression hypothesis needs but does not by itself show.", ev)
    return Verdict("strengthened", f"{head}, the aligned model's direction separates held-out right from left "
                   f"better than the base model's ({nums}; shuffles reach {qa:.2f}): alignment did not weaken the "
                   "axis here.", ev)


# ---------------------------------------------------------------- 03_variance: the spread
def spread(*, sd_ratio: float, sd_ratio_ci, d_base: float, d_base_ci, d_aligned: float, d_aligned_ci,
           norm_ratio: float, random_ratios, where: str = "") -> Verdict:
    """Is a change of spread along the partisan axis compression, erasure or a change of scale?

    sd_ratio: SD aligned / SD base of the projections (with its 95% CI); d_base, d_aligned: Cohen's d (right minus left)
    with 95% CIs; norm_ratio: mean residual norm aligned / base on the same texts; random_ratios: [n] the same SD ratio
    along random unit axes (`random_axes_sd_ratio`). Readings, in the order they are tested: "cannot tell" (a number or
    CI is NaN: not measured), "no signal in base" (the base d's CI reaches 0), "erased" (the aligned d keeps under
    D_COLLAPSE of the base d, or under D_KEPT with its CI reaching 0: whatever the spread does), "weakened" (under
    D_KEPT, CI above 0), then with the separation kept (D_KEPT of the base d or more): "compressed" (SD ratio's CI below
    1, the ratio below those of at least CONTROL_QUANTILE of the random axes, and the norm-adjusted ratio's CI below 1),
    "widened" (the mirror image), "scale change" (the SD ratio's CI excludes 1 but it fails one or both controls: the
    sentence names the control that failed and what the other shows, and ends by the failure: failing the random axes
    means the rest of the residual stream changes alike, failing only the norm means the axis changes more than other
    directions but in line with the whole stream's norm), "kept" (the CI includes 1).
    """
    lo, hi = _ci(sd_ratio_ci, "sd_ratio_ci")
    db_lo, db_hi = _ci(d_base_ci, "d_base_ci")
    da_lo, da_hi = _ci(d_aligned_ci, "d_aligned_ci")
    if not (math.isnan(float(norm_ratio)) or norm_ratio > 0):
        raise BadInput(f"norm_ratio must be positive (mean residual norm aligned / base); got {norm_ratio}")
    rand = _control(random_ratios, "random_ratios")
    r_lo, r_med, r_hi = (float(v) for v in np.quantile(rand, [1 - CONTROL_QUANTILE, 0.5, CONTROL_QUANTILE]))
    ratio = d_aligned / d_base if d_base > 0 else float("nan")
    share_below = float((rand < sd_ratio).mean())
    adj, adj_lo, adj_hi = sd_ratio / norm_ratio, lo / norm_ratio, hi / norm_ratio
    ev = dict(sd_ratio=sd_ratio, sd_ratio_lo=lo, sd_ratio_hi=hi, d_base=d_base, d_aligned=d_aligned,
              d_aligned_lo=da_lo, d_aligned_hi=da_hi, d_ratio=ratio, norm_ratio=norm_ratio,
              norm_adjusted=adj, random_median=r_med, random_q05=r_lo, random_q95=r_hi,
              random_share_below=share_below)
    head = _where(where)
    missing = _missing(dict(sd_ratio=sd_ratio, sd_ratio_ci=(lo, hi), d_base=d_base, d_base_ci=(db_lo, db_hi),
                            d_aligned=d_aligned, d_aligned_ci=(da_lo, da_hi), norm_ratio=norm_ratio))
    if missing:
        return _cannot_tell(head, missing, "whether the spread along the partisan axis is compression, erasure or a "
                            "change of scale", ev)
    sd = f"SD ratio {sd_ratio:.2f} [95% CI {lo:.2f}, {hi:.2f}]"
    ctl = f"median SD ratio on random axes {r_med:.2f}, residual norm ratio {norm_ratio:.2f}"
    d = f"d {d_base:.2f} → {d_aligned:.2f} [95% CI {da_lo:.2f}, {da_hi:.2f}]"
    if db_lo <= 0:
        return Verdict("no signal in base", f"{head}, the base model does not separate right from left here "
                       f"(d {d_base:.2f}, 95% CI from {db_lo:.2f}), so its {sd} is not compression of a partisan "
                       "axis.", ev)
    if _d_band(ratio) == "collapsed" or (da_lo <= 0 and _d_band(ratio) == "weakened"):
        return Verdict("erased", f"{head}, the separation of right from left collapses ({d}), so whatever the spread "
                       f"does ({sd}; {ctl}), this is what erasure would look like, not compression, which keeps d.", ev)
    if _d_band(ratio) == "weakened":
        return Verdict("weakened", f"{head}, right and left stay apart but keep only {ratio:.0%} of the base "
                       f"separation ({d}; {sd}): neither compression (d kept) nor erasure (d collapsed).", ev)
    if lo <= 1 <= hi:
        return Verdict("kept", f"{head}, the spread along the partisan axis is about the same in both models ({sd}; "
                       f"{ctl}) and right and left stay apart ({d}): no compression here.", ev)
    shrinks = hi < 1
    verb, below = ("shrinks", "below") if shrinks else ("grows", "above")
    beaten = float((rand > sd_ratio).mean()) if shrinks else share_below  # random axes it changes more than
    rand_ok = beaten >= CONTROL_QUANTILE
    norm_ok = adj_hi < 1 if shrinks else adj_lo > 1
    cut = f"{CONTROL_QUANTILE:.0%}"
    if rand_ok:
        rand_says = (f"more than along {_pct_floor(beaten)} of {rand.size} random axes (median {r_med:.2f}; the cut "
                     f"is {cut})")
    else:
        rand_says = (f"more than along only {_pct_floor(beaten)} of {rand.size} random axes (median {r_med:.2f}), "
                     f"short of the {cut} cut")
    norm_says = (f"{'more' if norm_ok else 'no more'} than the residual norm (norm ratio {norm_ratio:.2f}; "
                 f"norm-adjusted SD ratio {adj:.2f} [95% CI {adj_lo:.2f}, {adj_hi:.2f}], "
                 f"{'' if norm_ok else 'not '}{below} 1)")
    if rand_ok and norm_ok:
        if shrinks:
            return Verdict("compressed", f"{head}, the spread along the partisan axis shrinks ({sd}) {rand_says} and "
                           f"{norm_says}, while right and left stay apart relative to the spread ({d}): the pattern "
                           "the paper calls compression.", ev)
        return Verdict("widened", f"{head}, the spread along the partisan axis grows ({sd}) {rand_says} and "
                       f"{norm_says}, with the sides still apart ({d}): the opposite of compression.", ev)
    passed = [c for c, ok in ((rand_says, rand_ok), (norm_says, norm_ok)) if ok]
    failed = [c for c, ok in ((rand_says, rand_ok), (norm_says, norm_ok)) if not ok]
    controls = " but ".join(filter(None, [", ".join(passed), ", and ".join(failed)]))
    specific = f"not {'compression' if shrinks else 'widening'} specific to the partisan axis"
    if not rand_ok:  # other directions change alike: the stream as a whole changed scale
        meaning = f"a change of scale shared with the rest of the residual stream, {specific}"
    else:  # only the norm control failed
        meaning = (f"the axis {'narrows' if shrinks else 'widens'} more than other directions but in line with the "
                   f"whole residual stream's norm, so once the norm is taken out the "
                   f"{'narrowing' if shrinks else 'widening'} is {specific}")
    return Verdict("scale change", f"{head}, the spread along the partisan axis {verb} ({sd}) {controls}, while right "
                   f"and left stay apart ({d}): {meaning}.", ev)


# ---------------------------------------------------------------- 04_sae: SAE features
def sae_silence(*, policy_freq_base: float, policy_freq_aligned: float, all_freq_base: float,
                all_freq_aligned: float, ve_base: float, ve_aligned: float, where: str = "") -> Verdict:
    """Do the base SAE's policy features go quiet in the aligned model beyond how all its features fire, and does the
    SAE reconstruct the aligned model at all?

    policy_freq_*: mean firing rate of the policy features; all_freq_*: mean firing rate of every feature (mean L0 /
    d_sae); ve_*: the SAE's variance explained on each model's held-out activations. Readings: "cannot tell" (a number
    is NaN: not measured; or VE under MIN_VE on either model: silence of an SAE that does not fit says little), "no
    signal in base" (the policy features never fire in base), "kept" (policy rate keeps DROP of base or more),
    "silenced" (it drops, and keeps under SPECIFIC of the share all features keep), "global drop" (it drops about as
    much as all features).
    """
    ratio = policy_freq_aligned / policy_freq_base if policy_freq_base > 0 else float("nan")
    global_ratio = all_freq_aligned / all_freq_base if all_freq_base > 0 else float("nan")
    relative = ratio / global_ratio if global_ratio > 0 else float("inf")
    ev = dict(policy_freq_base=policy_freq_base, policy_freq_aligned=policy_freq_aligned, policy_ratio=ratio,
              all_freq_base=all_freq_base, all_freq_aligned=all_freq_aligned, all_ratio=global_ratio,
              relative=relative, ve_base=ve_base, ve_aligned=ve_aligned)
    head = _where(where)
    missing = _missing(dict(policy_freq_base=policy_freq_base, policy_freq_aligned=policy_freq_aligned,
                            all_freq_base=all_freq_base, all_freq_aligned=all_freq_aligned, ve_base=ve_base,
                            ve_aligned=ve_aligned))
    if missing:
        return _cannot_tell(head, missing, "whether the policy features go quiet beyond all features", ev)
    rates = (f"base → aligned, policy features fire on {policy_freq_base:.3f} → {policy_freq_aligned:.3f} of "
             f"tokens, all features on {all_freq_base:.3f} → {all_freq_aligned:.3f}")
    if min(ve_base, ve_aligned) < MIN_VE:
        return Verdict("cannot tell", f"{head}, the base-trained SAE explains {ve_base:.2f} of the base model's "
                       f"variance and {ve_aligned:.2f} of the aligned model's (under {MIN_VE} is a poor fit), so how "
                       f"its features fire ({rates}) cannot tell silenced policy features from an SAE that does not "
                       "read the model.", ev)
    if policy_freq_base <= 0:
        return Verdict("no signal in base", f"{head}, the selected policy features never fire on held-out base "
                       "tokens, so there is nothing for alignment to silence.", ev)
    if ratio >= DROP:
        return Verdict("kept", f"{head}, the policy features fire at {ratio:.0%} of their base rate ({rates}): "
                       "not silenced.", ev)
    if relative < SPECIFIC:
        return Verdict("silenced", f"{head}, the policy features fire at {ratio:.0%} of their base rate while all "
                       f"features keep {global_ratio:.0%} ({rates}), and the SAE fits both models: a drop specific "
                       "to the policy features, the pattern the paper reports.", ev)
    return Verdict("global drop", f"{head}, the policy features fire at {ratio:.0%} of their base rate, but all "
                   f"features fall alike, to {global_ratio:.0%} ({rates}): the whole SAE goes quieter, not the "
                   "policy features in particular.", ev)


# ---------------------------------------------------------------- 05_steering: steering
def steering_disconnect(*, direction_range: dict, feature_range: dict, axis_share: dict,
                        alpha: float | None = None, where: str = "") -> Verdict:
    """Do the SAE features steer the base model but not the aligned one, once their reach along the partisan axis and
    the direction's own dose response in each model are taken into account? (An interaction: a feature that is weak in
    both models, or a model the direction does not steer, shows no disconnect.)

    Each argument is {"base": x, "aligned": x}. direction_range: lean at the strongest push right minus at the strongest
    push left, adding the model's partisan direction; feature_range: the same for the feature handles (the larger of add
    / clamp); axis_share: (cos(w_right, u) - cos(w_left, u)) / 2, the part of a feature push that lies along the model's
    unit direction u (floored at MIN_SHARE). Efficacy = feature range / (share x direction range), NaN where the
    direction range is under MIN_RANGE (no yardstick to divide by). alpha: the strongest push read, the largest
    `lib.coherence` allows; 0 means no push kept the answers coherent. Readings: "no coherent push" (alpha <= 0: read
    before any other missing number, since none is read then), "cannot tell" (alpha or any range or share is NaN: not
    measured, e.g. a strength whose answers were all unscored), "no steering in base" (neither handle reaches MIN_RANGE
    in base), "direction does not steer aligned", "features never steered" (not in base either), "direction does not
    steer base" (the features do: no base efficacy), "disconnect" (aligned efficacy under DISCONNECT of base),
    "connected".
    """
    for name, arg in (("direction_range", direction_range), ("feature_range", feature_range),
                      ("axis_share", axis_share)):
        if set(arg) != {"base", "aligned"}:
            raise BadInput(f"{name} must be {{'base': ..., 'aligned': ...}}; got keys {sorted(arg)}")
    missing = _missing({f"{name}['{m}']": arg[m] for name, arg in (
        ("direction_range", direction_range), ("feature_range", feature_range), ("axis_share", axis_share))
        for m in ("base", "aligned")})
    share = {m: max(float(axis_share[m]), MIN_SHARE) for m in ("base", "aligned")}
    eff = {m: feature_range[m] / (share[m] * direction_range[m]) if direction_range[m] >= MIN_RANGE else float("nan")
           for m in ("base", "aligned")}
    ev = {**{f"direction_range_{m}": float(direction_range[m]) for m in share},
          **{f"feature_range_{m}": float(feature_range[m]) for m in share},
          **{f"axis_share_{m}": float(axis_share[m]) for m in share}, **{f"efficacy_{m}": eff[m] for m in share}}
    head = _where(where)
    if _missing(dict(alpha=alpha)):
        return _cannot_tell(head, ["alpha"], "whether any push kept the answers coherent", ev)
    if alpha is not None and alpha <= 0:
        return Verdict("no coherent push", f"{head}, no push kept the answers coherent (`lib.coherence`), so neither "
                       "handle's steering can be read.", ev)
    if missing:
        return _cannot_tell(head, missing, "whether the features steer the aligned model less than the base model",
                            ev)
    nums = (f"lean ranges, base and aligned: direction {direction_range['base']:.2f} and "
            f"{direction_range['aligned']:.2f}, features {feature_range['base']:.2f} and "
            f"{feature_range['aligned']:.2f}")
    floor = f"the {MIN_RANGE:g} the book requires of a handle that steers"
    if direction_range["base"] < MIN_RANGE and feature_range["base"] < MIN_RANGE:
        return Verdict("no steering in base", f"{head}, neither the direction nor the features steer the base model "
                       f"(both lean ranges under {floor}; {nums}), so there is no base behaviour for alignment to "
                       "disconnect.", ev)
    if direction_range["aligned"] < MIN_RANGE:
        return Verdict("direction does not steer aligned", f"{head}, even the partisan direction barely steers the "
                       f"aligned model: its lean range {direction_range['aligned']:.2f} is under {floor} ({nums}), so "
                       "the features' range there has no direction range to be read against (efficacy n/a) and no "
                       "disconnect specific to the features can be read.", ev)
    if feature_range["base"] < MIN_RANGE:
        return Verdict("features never steered", f"{head}, the features barely steer the base model either: their "
                       f"lean range {feature_range['base']:.2f} is under {floor} ({nums}), so their weakness in the "
                       "aligned model is no sign that alignment disconnected them.", ev)
    if direction_range["base"] < MIN_RANGE:
        return Verdict("direction does not steer base", f"{head}, the features steer the base model but the partisan "
                       f"direction barely does: its lean range {direction_range['base']:.2f} is under {floor} "
                       f"({nums}), so the features' base efficacy has no yardstick (n/a) and the two models cannot "
                       "be compared for a disconnect.", ev)
    if eff["aligned"] < DISCONNECT * eff["base"]:
        return Verdict("disconnect", f"{head}, the features steer the base model (efficacy {eff['base']:.2f}: "
                       "their lean range over the direction's, per unit of push along the partisan axis) but much "
                       f"less the aligned one ({eff['aligned']:.2f}), which the direction still steers ({nums}): "
                       "consistent with the paper's causal disconnect.", ev)
    return Verdict("connected", f"{head}, the features steer the aligned model about as well as the base model for "
                   f"their push along the axis ({eff['aligned']:.2f} against {eff['base']:.2f}; {nums}): no causal "
                   "disconnect here.", ev)


# ---------------------------------------------------------------- 06_bypass: amplifying the inferred side
def reactivation(*, shift: float, shift_ci, flipped_shift: float, flipped_ci, inferred_acc: float,
                 probe_cosine: float | None = None, alpha: float | None = None, where: str = "") -> Verdict:
    """Does pushing the inferred side along the partisan direction move answers toward the user, beyond a control?

    shift: mean change of the answers' lean toward the user's side from alpha 0 to the strongest push with the inferred
    sign, with its 95% CI (paired over prompts); flipped_shift, flipped_ci: the same with the sign flipped (the push
    away from the inferred side, the control); inferred_acc: share of prompts whose side the probe got right;
    probe_cosine: cosine of the user-side probe with the push direction (reported, not used; NaN leaves it out of the
    sentence); alpha: the push read (0: none kept the answers coherent, `lib.coherence`). Readings: "no coherent push"
    (alpha <= 0: read before any other missing number, since none is read then), "cannot tell" (alpha, a shift, a CI or
    inferred_acc is NaN: not measured, e.g. a strength whose answers were all unscored), "side not inferred"
    (inferred_acc under MIN_ACC), "moves away" (the shift's CI is below 0: the answers move away from the user's side,
    the opposite of a reactivation), "no reactivation" (the shift's CI reaches 0: no shift), "small shift" (a real
    shift, CI above 0, but under MIN_SHIFT), "follows any push" (the flipped push moves answers away at least SYMMETRY
    as far: plain steering, which needs no inferred identity), "reactivated" (toward the user clearly more than the
    control moves away).
    """
    lo, hi = _ci(shift_ci, "shift_ci")
    flo, fhi = _ci(flipped_ci, "flipped_ci")
    ev = dict(shift=shift, shift_lo=lo, shift_hi=hi, flipped_shift=flipped_shift, flipped_lo=flo, flipped_hi=fhi,
              inferred_acc=inferred_acc, probe_cosine=probe_cosine, alpha=alpha)
    head = _where(where)
    missing = _missing(dict(alpha=alpha, shift=shift, shift_ci=(lo, hi), flipped_shift=flipped_shift,
                            flipped_ci=(flo, fhi), inferred_acc=inferred_acc))
    if _missing(dict(probe_cosine=probe_cosine)):
        probe_cosine = None  # reported only: a missing cosine is left out of the sentence (evidence keeps the NaN)
    if "alpha" in missing:
        return _cannot_tell(head, ["alpha"], "whether any push kept the answers coherent", ev)
    if alpha is not None and alpha <= 0:
        return Verdict("no coherent push", f"{head}, no push kept the answers coherent (`lib.coherence`), so whether "
                       "answers move toward the user cannot be read.", ev)
    if missing:
        return _cannot_tell(head, missing, "whether amplifying the inferred side moves the answers toward the user",
                            ev)
    at = f" at alpha {alpha:g}" if alpha is not None else ""
    moved = f"{shift:+.2f} [95% CI {lo:+.2f}, {hi:+.2f}]{at}"
    control = f"{flipped_shift:+.2f} with the sign flipped"
    if probe_cosine is not None:
        control += f"; the user-side probe has cosine {probe_cosine:.2f} with the push direction"
    nums = f"lean toward the user {moved}, {control}"
    if inferred_acc < MIN_ACC:
        return Verdict("side not inferred", f"{head}, the probe infers the user's side for only {inferred_acc:.0%} "
                       "of prompts, so amplifying the inferred side tests nothing about the user's identity.", ev)
    if hi < 0:
        return Verdict("moves away", f"{head}, amplifying the inferred side moves the answers away from the user's "
                       f"side: the change of their lean toward the user, {moved}, has a 95% CI below 0 ({control}): "
                       "the opposite of a reactivation.", ev)
    if lo <= 0:
        return Verdict("no reactivation", f"{head}, amplifying the inferred side does not move the answers toward the "
                       f"user beyond noise: the change of their lean toward the user, {moved}, has a 95% CI that is "
                       f"not above 0 ({control}): no shift, no reactivation here.", ev)
    if shift < MIN_SHIFT:
        return Verdict("small shift", f"{head}, amplifying the inferred side moves the answers toward the user by "
                       f"{moved}, a real shift but under the {MIN_SHIFT:g} the book requires for a reactivation "
                       f"({control}): a small shift, no reactivation here.", ev)
    if -flipped_shift >= SYMMETRY * shift:
        return Verdict("follows any push", f"{head}, amplifying the inferred side moves the answers toward the user, "
                       f"but pushing the other way moves them away about as far ({nums}): the answers follow a push "
                       "along the axis either way, which does not need the inferred identity.", ev)
    return Verdict("reactivated", f"{head}, amplifying the inferred side moves the answers toward the user clearly "
                   f"more than the opposite push moves them away ({nums}): consistent with the paper's reactivation "
                   "of partisan output.", ev)


# ---------------------------------------------------------------- controls from activations
def shuffled_auc(train_x, train_labels, test_x, test_labels, *, n: int = 100, seed: int = 0,
                 positive=1) -> np.ndarray:
    """The shuffled-label control of a diff-in-means direction: `n` held-out AUCs of the whole pipeline (fit on the
    train texts, score the test texts) with the train labels and the test labels each permuted (seeded), i.e. with
    no link between labels and activations. train_x: [n_train, d_model]; test_x: [n_test, d_model] (one layer).
    Returns [n] AUCs around 0.5; their spread is what chance gives at this sample size. (Keeping the true test
    labels would not be a null: a direction fit on shuffled labels still leans toward the axis of largest variance,
    which may be the side itself.)"""
    x, labels = torch.as_tensor(train_x).float(), np.asarray(train_labels)
    test, test_labels = torch.as_tensor(test_x).float(), np.asarray(test_labels)
    if x.ndim != 2 or test.ndim != 2:
        raise BadInput(f"train_x and test_x must be [n_texts, d_model] (one layer); got {tuple(x.shape)} and "
                       f"{tuple(test.shape)}")
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(int(n)):
        direction = directions.diff_in_means(x, rng.permutation(labels), positive=positive)
        out.append(stats.auc(directions.project(test, direction), rng.permutation(test_labels), positive=positive))
    return np.array(out)


def random_axes_sd_ratio(base_x, aligned_x, *, n: int = 200, seed: int = 0) -> np.ndarray:
    """SD (ddof=1) of the aligned model's projections over the base model's, along `n` random unit axes drawn once
    (`torch.randn`, seeded) and shared by both models. base_x, aligned_x: [n_texts, d_model] (one layer; the
    numbers of texts may differ). Returns [n] ratios: how much any direction's spread changes."""
    a, b = torch.as_tensor(base_x).float(), torch.as_tensor(aligned_x).float()
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise BadInput(f"base_x and aligned_x must be [n_texts, d_model] with the same d_model; got "
                       f"{tuple(a.shape)} and {tuple(b.shape)}")
    r = torch.randn(int(n), a.shape[1], generator=torch.Generator().manual_seed(seed))
    r = r / r.norm(dim=1, keepdim=True)
    return ((b @ r.T).std(0) / (a @ r.T).std(0)).numpy().astype(float)
