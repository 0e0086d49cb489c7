"""What Part II's numbers mean, decided by tested code: one function per question, each returning a `Verdict`.

As in `lib.verdicts` (Part I): a chapter computes its numbers and their controls and hands them to one function
here, which picks a `reading` from a small documented set (`READINGS[name]`) and writes the one hedged sentence the
page prints. Every reading has a known-answer test (tests/test_value_verdicts.py). A reading names the hypothesis the
numbers fit *on this model*; it is never a statement about the paper's model.

    prompt_following     02  is the asked-for value expressed more than shuffled prompts and than unprompted?
    vector_agreement     03  do v_int and v_prompt share a value-specific part, and differ beyond sampling noise?
    pvq_prompt_response  04 07 08  do held-out PVQ ratings follow a value system prompt? (else no steering test)
    steering_comparison  04  does one mechanism's vector raise its value's PVQ rating more than the other's?
    neuron_groups        05  more neurons along the value axes than along random planes?
    neuron_scaling       05  does turning a group up move expression more than turning up random neurons?
    diversity_gap        06  are intrinsic responses more diverse than prompted ones, beyond shuffled set labels?
    retrieval_transfer   07  do English vectors pick out the items' values in other, and held-out, languages?
    steering_transfer    07  does steering with them move ratings in other, and held-out, languages?
    circle               08  do the value axes lie on Schwartz's circle, beyond shuffled value order?
    rating_circle        08  under a value prompt, do other values' ratings fall with distance on the circle?

The controls that need more than numbers live next to the data they shuffle: `lib.value_corpus`
(shuffled_on_target, shuffled_cosines, half_cosines, pvq_under_prompts, prompt_gains) and here (random_plane_counts,
shuffled_gap, rating_circle_rho; gap_from reads two sets of a diversity table against shuffled_gap's null).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from lib import circumplex, values
from lib.errors import BadInput
from lib.verdicts import CONTROL_QUANTILE, Verdict, _ci, _control

__all__ = ["Verdict", "READINGS", "prompt_following", "vector_agreement", "pvq_prompt_response",
           "steering_comparison", "neuron_groups", "neuron_scaling", "diversity_gap", "retrieval_transfer",
           "steering_transfer", "circle", "rating_circle", "random_plane_counts", "shuffled_gap",
           "DiversityGap", "gap_from", "rating_circle_rho"]

# ---------------------------------------------------------------- thresholds, and why
MIN_KAPPA = 0.6  # Cohen's kappa under 0.6 ("moderate" or worse) is a judge whose labels the rates cannot rest on
MIN_LIFT = 0.1   # an asked-for value expressed 10 points more often than unprompted is a lift, not noise of ~40 texts
SAME = 0.9       # across-condition split-half cosine >= 90% of the within-condition one: the same vector up to noise
MIN_PROMPT_GAIN = 1.5  # issue #16: own value >= 1.5 points above unprompted on held-out items, or no steering test
MIN_PARSED = 0.8  # under 80% of answers a rating: the model does not answer the questionnaire (as sweeps' guard)
SPECIFIC = 0.5   # a prompt that raises other values' items by half its own value's gain or more raises everything
MIN_R2 = 0.5     # a circle fit explaining under half the circle's variance is at best a weak circle
TWO_SIDED = (0.025, 0.975)

READINGS = {
    "prompt_following": ("cannot tell", "no following", "no lift over intrinsic", "follows prompts"),
    "vector_agreement": ("no shared component", "not value-specific", "same vector", "shared and unique"),
    "pvq_prompt_response": ("unparseable", "no response", "not specific", "responds"),
    "steering_comparison": ("cannot test", "neither beats control", "alike", "prompted steers more",
                            "intrinsic steers more"),
    "neuron_groups": ("no more than random planes", "value neurons"),
    "neuron_scaling": ("cannot tell", "no group steers", "steers"),
    "diversity_gap": ("model broken", "no difference", "intrinsic more diverse", "prompted more diverse"),
    "retrieval_transfer": ("no signal in English", "does not transfer", "trained languages only",
                           "transfers to held-out language"),
    "steering_transfer": ("cannot test", "no signal in English", "does not transfer", "trained languages only",
                          "transfers to held-out language"),
    "circle": ("no circle", "weak circle", "circle, not planar", "circle found"),
    "rating_circle": ("cannot test", "no circle in ratings", "circle in ratings"),
}
TESTABLE = "responds"  # the pvq_prompt_response reading under which a PVQ steering gain can be measured


def _head(where: str) -> str:
    return f"On this model{', ' + where if where else ''}"


def _q95(control, name: str) -> float:
    return float(np.quantile(_control(control, name), CONTROL_QUANTILE))


def _gain(x, name: str) -> tuple[float, float, float]:
    try:
        mean, lo, hi = (float(v) for v in x)
    except (TypeError, ValueError) as err:
        raise BadInput(f"{name} must be a (mean, lo, hi) triple; got {x!r}") from err
    return mean, lo, hi


def _fmt(x) -> str:
    mean, lo, hi = x
    return f"{mean:+.2f} [95% CI {lo:+.2f}, {hi:+.2f}]"


# ---------------------------------------------------------------- 02: following value prompts
def prompt_following(*, on_target: float, intrinsic: float, control_on_target, kappa: float,
                     where: str = "") -> Verdict:
    """Is the asked-for value expressed more often than chance and than without a prompt?

    on_target: mean over values of P(expresses s | prompt for s); intrinsic: mean P(expresses s | no prompt);
    control_on_target: [n] the on-target mean with the asked-for values shuffled (`value_corpus.shuffled_on_target`);
    kappa: the judge's Cohen's kappa on known labels. Readings: "cannot tell" (kappa under MIN_KAPPA), "no following"
    (on-target within the shuffles), "no lift over intrinsic" (above them but under MIN_LIFT above the intrinsic
    rate), "follows prompts"."""
    q = _q95(control_on_target, "control_on_target")
    ev = dict(on_target=on_target, intrinsic=intrinsic, control_q95=q, kappa=kappa)
    head, nums = _head(where), (f"on-target rate {on_target:.2f}, unprompted {intrinsic:.2f}, shuffled prompts "
                                f"(95th percentile) {q:.2f}")
    if kappa < MIN_KAPPA:
        return Verdict("cannot tell", f"{head}, the judge agrees with known labels only at kappa {kappa:.2f}, so its "
                       f"expression rates ({nums}) cannot say whether the model follows value prompts.", ev)
    if on_target <= q:
        return Verdict("no following", f"{head}, the asked-for value is expressed no more often than with the "
                       f"prompts' values shuffled ({nums}): the model does not follow value prompts here.", ev)
    if on_target - intrinsic < MIN_LIFT:
        return Verdict("no lift over intrinsic", f"{head}, a value prompt picks out its value beyond chance but "
                       f"barely raises it above its unprompted rate ({nums}).", ev)
    return Verdict("follows prompts", f"{head}, a value prompt raises its value's expression above both shuffled "
                   f"prompts and the unprompted rate ({nums}), so the prompted condition differs from the intrinsic "
                   "one as the comparison needs.", ev)


# ---------------------------------------------------------------- 03: do the two vectors agree?
def vector_agreement(*, same_cos: float, other_cos: float, control_same, control_gap, within_half: float,
                     across_half: float, where: str = "") -> Verdict:
    """Do v_int and v_prompt share a value-specific component, and do they differ beyond sampling noise?

    same_cos / other_cos: mean cosine of v_int of s with v_prompt of s / of other values; control_same, control_gap:
    [n] the same-value cosine and the same-minus-other gap with the judge's labels shuffled
    (`value_corpus.shuffled_cosines`); within_half, across_half: `value_corpus.half_cosines`. Readings: "no shared
    component" (same_cos within the shuffles), "not value-specific" (the gap within the shuffles: all values share
    one direction), "same vector" (across_half >= SAME x within_half), "shared and unique"."""
    qs, qg = _q95(control_same, "control_same"), _q95(control_gap, "control_gap")
    ev = dict(same_cos=same_cos, other_cos=other_cos, control_same_q95=qs, control_gap_q95=qg,
              within_half=within_half, across_half=across_half)
    head = _head(where)
    nums = (f"same-value cosine {same_cos:.2f}, other values {other_cos:.2f}, shuffled labels (95th percentile) "
            f"{qs:.2f}")
    if same_cos <= qs:
        return Verdict("no shared component", f"{head}, v_int and v_prompt of a value agree no better than vectors "
                       f"from shuffled labels ({nums}): no shared component to split off.", ev)
    if same_cos - other_cos <= qg:
        return Verdict("not value-specific", f"{head}, v_int and v_prompt agree beyond shuffled labels but no more "
                       f"for the same value than across values ({nums}; shuffled gap (95th percentile) {qg:.2f}): "
                       "what they share is common to all values, not a value's own direction.", ev)
    halves = f"split-half cosine within a condition {within_half:.2f}, across conditions {across_half:.2f}"
    if across_half >= SAME * within_half:
        return Verdict("same vector", f"{head}, v_int and v_prompt share a value-specific direction ({nums}) and "
                       f"differ no more than two samples of one condition ({halves}): no unique part beyond sampling "
                       "noise, unlike the paper's dual mechanisms.", ev)
    return Verdict("shared and unique", f"{head}, v_int and v_prompt share a value-specific direction ({nums}) and "
                   f"differ more than two samples of one condition ({halves}): consistent with a shared component "
                   "plus parts unique to each mechanism, the paper's hypothesis.", ev)


# ---------------------------------------------------------------- 04 07 08: PVQ ratings under value prompts
def pvq_prompt_response(*, own_gain: float, other_gain: float, parsed: float, n_items: int,
                        where: str = "") -> Verdict:
    """Do the model's ratings of held-out PVQ items follow a value system prompt? A steering gain on the PVQ means
    something only if they do (issue #16); `TESTABLE` is the reading under which chapters run the steering test.

    own_gain: mean rating change of an item under its own value's prompt; other_gain: under other values' prompts;
    parsed: share of answers that are a rating (`value_corpus.prompt_gains`). Readings: "unparseable" (parsed under
    MIN_PARSED), "no response" (own_gain under MIN_PROMPT_GAIN), "not specific" (other_gain >= SPECIFIC x own_gain),
    "responds"."""
    ev = dict(own_gain=own_gain, other_gain=other_gain, parsed=parsed, n_items=n_items)
    head = _head(where)
    nums = (f"own value {own_gain:+.2f} points, other values {other_gain:+.2f}, over {n_items} held-out items, "
            f"{parsed:.0%} of answers parsed")
    if not parsed >= MIN_PARSED:
        return Verdict("unparseable", f"{head}, only {parsed:.0%} of the PVQ answers are ratings, so the steering "
                       "test cannot be run on it.", ev)
    if not own_gain >= MIN_PROMPT_GAIN:
        return Verdict("no response", f"{head}, a value system prompt moves the rating of its own value's held-out "
                       f"items by less than {MIN_PROMPT_GAIN} points ({nums}): the model's self-reports barely follow "
                       "the prompt, so the steering test cannot be run on it.", ev)
    if other_gain >= SPECIFIC * own_gain:
        return Verdict("not specific", f"{head}, a value system prompt raises the ratings of other values' items "
                       f"almost as much as its own ({nums}): the ratings follow any prompt, so a steering gain on "
                       "them would not be a value's, and the steering test cannot be run on it.", ev)
    return Verdict("responds", f"{head}, a value system prompt raises its own value's held-out ratings ({nums}), so "
                   "a steering gain on them can be measured.", ev)


# ---------------------------------------------------------------- 04: which mechanism's vector steers more?
def steering_comparison(*, intrinsic, prompted, control, diff_ci, names=("v_int", "v_prompt"), testable: bool = True,
                        alpha: float | None = None, where: str = "") -> Verdict:
    """Does the prompted mechanism's vector raise its value's held-out PVQ rating more than the intrinsic one's?

    intrinsic, prompted, control: (mean, lo, hi) gain with a 95% CI, control a random direction pushed as hard;
    diff_ci: 95% CI of prompted minus intrinsic gain, paired over items. testable: the pvq_prompt_response reading
    is TESTABLE; alpha: the strength read (0: no coherent push, "cannot test"). Readings: "cannot test", "neither beats control" (neither CI lies above the control's),
    "prompted steers more" / "intrinsic steers more" (the paired difference excludes 0), "alike"."""
    gi, gp, gc = _gain(intrinsic, "intrinsic"), _gain(prompted, "prompted"), _gain(control, "control")
    a, b = names
    at = f" at α {alpha:g}" if alpha is not None else ""
    head, nums = _head(where), f"gains{at}: {a} {_fmt(gi)}, {b} {_fmt(gp)}, a random direction {_fmt(gc)}"
    ev = dict(intrinsic=gi[0], prompted=gp[0], control=gc[0], testable=testable)
    if not testable:  # read nothing, not even the difference (which may be undefined)
        return Verdict("cannot test", f"{head}, the PVQ ratings do not follow a value prompt on held-out items, so "
                       f"whether {a} or {b} steers them more cannot be tested ({nums}).", ev)
    if alpha is not None and alpha <= 0:
        return Verdict("cannot test", f"{head}, no push is coherent (`lib.coherence`: every strength tried garbles the "
                       f"free-text answers or the ratings), so whether {a} or {b} steers more cannot be tested.", ev)
    lo, hi = _ci(diff_ci, "diff_ci")
    ev.update(diff_lo=lo, diff_hi=hi)
    nums += f"; {b} minus {a} [{lo:+.2f}, {hi:+.2f}]"
    if gi[1] <= gc[2] and gp[1] <= gc[2]:
        return Verdict("neither beats control", f"{head}, neither {a} nor {b} raises its value's rating clearly more "
                       f"than a random direction ({nums}): no steering to compare.", ev)
    if lo > 0:
        return Verdict("prompted steers more", f"{head}, {b} raises its value's held-out rating more than {a} "
                       f"({nums}): the pattern the paper reports for the prompted mechanism.", ev)
    if hi < 0:
        return Verdict("intrinsic steers more", f"{head}, {a} raises its value's held-out rating more than {b} "
                       f"({nums}): the opposite of the paper's pattern.", ev)
    return Verdict("alike", f"{head}, {a} and {b} raise the held-out rating about alike ({nums}): no evidence here "
                   "that either mechanism's part carries more of the value.", ev)


# ---------------------------------------------------------------- 05: value neurons
def neuron_groups(*, counts: dict, control: dict, where: str = "") -> Verdict:
    """Do more neurons write along the value axes than along random planes?

    counts: {group: neurons labelled, summed over values}; control: {group: [n] the same sum with each value's plane
    replaced by a random one (`random_plane_counts`)}. Readings: "value neurons" (some group above the 95th
    percentile of its control), "no more than random planes"."""
    q = {g: _q95(control[g], f"control[{g!r}]") for g in counts}
    over = [g for g in counts if counts[g] > q[g]]
    ev = {**{f"count_{g}": counts[g] for g in counts}, **{f"control_q95_{g}": q[g] for g in counts}}
    nums = ", ".join(f"{g} {counts[g]} (random planes, 95th percentile {q[g]:.0f})" for g in counts)
    if not over:
        return Verdict("no more than random planes", f"{_head(where)}, no group holds more neurons than the same "
                       f"labelling gives on random planes ({nums}): the labels reflect the geometry of the MLP, not "
                       "the values.", ev)
    return Verdict("value neurons", f"{_head(where)}, more neurons write along the value axes than along random planes "
                   f"for the {', '.join(over)} group(s) ({nums}).", ev)


def neuron_scaling(*, lifts: dict, control, beta: float, where: str = "") -> Verdict:
    """Does scaling a group of value neurons by beta move expression more than scaling random neurons?

    lifts: {group: (mean, lo, hi)} change in the share of responses expressing the value from beta = 1, with 95% CIs
    paired over prompts; control: the same for random neurons as many; beta: the gain read (1: no coherent gain).
    Readings: "cannot tell" (no group scaled, or no coherent gain),
    "no group steers" (no CI clear of the control's), "steers" (some group's CI above or below the control's)."""
    c = _gain(control, "control")
    ls = {g: _gain(x, f"lifts[{g!r}]") for g, x in lifts.items()}
    ev = {**{f"lift_{g}": x[0] for g, x in ls.items()}, "control": c[0], "beta": beta}
    head = _head(where)
    if not ls:
        return Verdict("cannot tell", f"{head}, no value had neurons in every group, so none was scaled.", ev)
    if beta <= 1:
        return Verdict("cannot tell", f"{head}, no gain above 1 kept the answers coherent (`lib.coherence`), so no "
                       "group's effect can be read.", ev)
    nums = ", ".join(f"{g} {_fmt(x)}" for g, x in ls.items()) + f"; random neurons {_fmt(c)}"
    up = [g for g, x in ls.items() if x[1] > c[2]]
    down = [g for g, x in ls.items() if x[2] < c[1]]
    if not up and not down:
        return Verdict("no group steers", f"{head}, scaling value neurons by β = {beta:g} moves expression no more "
                       f"than scaling random neurons ({nums}).", ev)
    moves = "; ".join(p for p in (f"raises it: {', '.join(up)}" if up else "",
                                  f"lowers it: {', '.join(down)}" if down else "") if p)
    return Verdict("steers", f"{head}, scaling by β = {beta:g} moves expression beyond random neurons for some "
                   f"groups ({moves}; {nums}).", ev)


# ---------------------------------------------------------------- 06: diversity
def diversity_gap(*, intrinsic: float, prompted: float, null, metric: str = "Distinct-2",
                  names=("intrinsic", "prompted"), guard_ok: bool = True, where: str = "") -> Verdict:
    """Is one set of responses more diverse than the other, beyond shuffled set labels?

    intrinsic, prompted: the metric of each set at equal size (`shuffled_gap`); null: [n] their difference with the
    texts' set labels shuffled; guard_ok: the push that made steered sets kept the model working. Readings: "model
    broken" (guard failed: diversity of broken text means nothing), "no difference" (the difference within the
    central 95% of the null), "intrinsic more diverse", "prompted more diverse"."""
    lo, hi = (float(v) for v in np.quantile(_control(null, "null"), TWO_SIDED))
    diff = intrinsic - prompted
    a, b = names
    ev = dict(intrinsic=intrinsic, prompted=prompted, diff=diff, null_lo=lo, null_hi=hi, guard_ok=guard_ok)
    head, nums = _head(where), (f"{metric} {intrinsic:.3f} ({a}) vs {prompted:.3f} ({b}); shuffled labels give "
                                f"differences in [{lo:+.3f}, {hi:+.3f}]")
    if not guard_ok:
        return Verdict("model broken", f"{head}, no steering strength kept the answers coherent (`lib.coherence`), so "
                       f"the diversity of the steered text ({nums}) may be that of broken text.", ev)
    if lo <= diff <= hi:
        return Verdict("no difference", f"{head}, {a} and {b} are about as diverse ({nums}).", ev)
    if diff > hi:
        return Verdict("intrinsic more diverse", f"{head}, {a} is more diverse than {b} beyond shuffled labels "
                       f"({nums}): the direction the paper reports.", ev)
    return Verdict("prompted more diverse", f"{head}, {b} is more diverse than {a} beyond shuffled labels ({nums}): "
                   "the opposite of the paper's direction.", ev)


# ---------------------------------------------------------------- 07: across languages
def _transfer(beats: dict, nums: str, source: str, held_out: str, what: str, where: str, ev: dict) -> Verdict:
    head = _head(where)
    trained = [lang for lang in beats if lang not in (source, held_out)]
    hits = [lang for lang in trained if beats[lang]]
    if not beats[source]:
        return Verdict("no signal in English", f"{head}, even on held-out English items the English vectors do not "
                       f"{what} beyond the control ({nums}), so there is nothing to transfer.", ev)
    if beats.get(held_out):
        also = f" and in {', '.join(hits)}" if hits else ", though in none of the other trained languages"
        return Verdict("transfers to held-out language", f"{head}, the English vectors {what} beyond the control "
                       f"on the held-out language {held_out}{also} ({nums}).", ev)
    if hits:
        return Verdict("trained languages only", f"{head}, the English vectors {what} beyond the control on "
                       f"held-out items of {', '.join(hits)} but not on the held-out language {held_out} ({nums}): "
                       "transfer to a language held out of all questionnaire training is not shown.", ev)
    return Verdict("does not transfer", f"{head}, the English vectors {what} on English items only, in no other "
                   f"language beyond the control ({nums}).", ev)


def retrieval_transfer(*, auc: dict, null95: dict, source: str = "en", held_out: str = "fr",
                       where: str = "") -> Verdict:
    """Do English value vectors rank held-out items by their value in each language, beyond shuffled labels?
    auc, null95: {lang: AUC} and {lang: 95th percentile of its shuffled-label AUCs}; must include source and
    held_out. Readings: "no signal in English", "does not transfer", "trained languages only" (beyond the null in
    a trained language other than the source, not in held_out), "transfers to held-out language"."""
    if source not in auc or held_out not in auc or set(auc) != set(null95):
        raise BadInput(f"auc and null95 need the same languages, including {source!r} and {held_out!r}")
    beats = {lang: auc[lang] > null95[lang] for lang in auc}
    nums = ", ".join(f"{lang} {auc[lang]:.2f} (null {null95[lang]:.2f})" for lang in auc)
    return _transfer(beats, f"AUC {nums}", source, held_out, "rank items by their value",
                     where, dict(auc=dict(auc), null95=dict(null95), beats=beats))


def steering_transfer(*, gain: dict, control: dict, testable: bool, source: str = "en", held_out: str = "fr",
                      alpha: float | None = None, where: str = "") -> Verdict:
    """Does steering with English vectors raise the steered value's held-out ratings in each language, beyond a
    random direction? gain, control: {lang: (mean, lo, hi)}; testable: the English ratings follow a value prompt
    (pvq_prompt_response reads TESTABLE); alpha 0: no coherent push. Readings: "cannot test", then as `retrieval_transfer` with "beyond"
    meaning the gain's CI lies above the control's."""
    if not testable:
        return Verdict("cannot test", f"{_head(where)}, the PVQ ratings do not follow a value prompt on held-out "
                       "items, so whether steering moves them in any language cannot be tested.", dict(testable=False))
    if alpha is not None and alpha <= 0:
        return Verdict("cannot test", f"{_head(where)}, no push is coherent (`lib.coherence`: every strength tried "
                       "garbles the answers), so whether steering moves the ratings in any language cannot be "
                       "tested.", dict(testable=True, alpha=alpha))
    if source not in gain or held_out not in gain or set(gain) != set(control):
        raise BadInput(f"gain and control need the same languages, including {source!r} and {held_out!r}")
    g = {k: _gain(x, f"gain[{k!r}]") for k, x in gain.items()}
    c = {k: _gain(x, f"control[{k!r}]") for k, x in control.items()}
    beats = {k: g[k][1] > c[k][2] for k in g}
    at = f" at α {alpha:g}" if alpha is not None else ""
    nums = f"gain{at}: " + ", ".join(f"{k} {_fmt(g[k])} (random {c[k][0]:+.2f})" for k in g)
    return _transfer(beats, nums, source, held_out, "raise their value's ratings", where,
                     dict(gain={k: x[0] for k, x in g.items()}, control={k: x[0] for k, x in c.items()}, beats=beats))


# ---------------------------------------------------------------- 08: the circle
def circle(*, r2: float, null, pc12: float, random_pc12, r2_int: float | None = None, r2_prompt: float | None = None,
           where: str = "") -> Verdict:
    """Do the value axes lie on Schwartz's circle, beyond shuffled value order, in a plane that holds them?

    r2: Procrustes R² to the circle; null: [n] R² with the value labels shuffled; pc12: variance on PC1 + PC2;
    random_pc12: [n] the same for as many random directions. Readings: "no circle" (r2 within the null), "weak
    circle" (beyond it but under MIN_R2), "circle, not planar" (PC1 + PC2 no more than random directions),
    "circle found"."""
    q, qp = _q95(null, "null"), _q95(random_pc12, "random_pc12")
    ev = dict(r2=r2, null_q95=q, pc12=pc12, random_pc12_q95=qp, r2_int=r2_int, r2_prompt=r2_prompt)
    raw = f"; v_int {r2_int:.2f}, v_prompt {r2_prompt:.2f}" if r2_int is not None and r2_prompt is not None else ""
    head, nums = _head(where), (f"R² {r2:.2f}, shuffled value order (95th percentile) {q:.2f}; PC1+PC2 {pc12:.2f}, "
                                f"random directions (95th percentile) {qp:.2f}{raw}")
    if r2 <= q:
        return Verdict("no circle", f"{head}, the values sit on the circle no better than with their order shuffled "
                       f"({nums}): no circle found.", ev)
    if r2 < MIN_R2:
        return Verdict("weak circle", f"{head}, the values' order is more circular than shuffled orders but the fit "
                       f"is loose ({nums}): at most a weak circle.", ev)
    if pc12 <= qp:
        return Verdict("circle, not planar", f"{head}, the values fit the circle beyond shuffled orders, but their "
                       f"first two components hold no more variance than random directions ({nums}): a circle in a "
                       "minor plane, not the structure of the vectors.", ev)
    return Verdict("circle found", f"{head}, the values lie in a plane that holds more variance than random "
                   f"directions' and fit the circle beyond shuffled orders ({nums}): the pattern the paper "
                   "reports.", ev)


def rating_circle(*, rho: float, null, parsed: float, where: str = "") -> Verdict:
    """Under value s's prompt, do the ratings of other values' held-out items fall with their distance from s on the
    circle (1-5 steps; the prompted value's own items are left out, since training taught those)?

    rho: Spearman correlation of distance with rating change; null: [n] the same with the value order shuffled
    (`rating_circle_rho`). Readings: "cannot test" (parsed under MIN_PARSED), "circle in ratings" (rho below the
    null's 5th percentile), "no circle in ratings"."""
    arr = _control(null, "null")
    q = float(np.quantile(arr, 1 - CONTROL_QUANTILE))
    ev = dict(rho=rho, null_q05=q, parsed=parsed)
    head, nums = _head(where), f"Spearman ρ {rho:+.2f}, shuffled value order down to {q:+.2f}"
    if not parsed >= MIN_PARSED:
        return Verdict("cannot test", f"{head}, only {parsed:.0%} of the PVQ answers are ratings.", ev)
    if rho < q:
        return Verdict("circle in ratings", f"{head}, under a value prompt the other values' held-out ratings fall "
                       f"with distance on the circle beyond shuffled orders ({nums}).", ev)
    return Verdict("no circle in ratings", f"{head}, the other values' held-out ratings under a value prompt do not "
                   f"fall with distance on the circle beyond shuffled orders ({nums}).", ev)


# ---------------------------------------------------------------- controls
def random_plane_counts(w_out, n_values: int, *, n: int = 100, top_frac: float = 0.01,
                        max_angle_deg: float = 30.0, seed: int = 0) -> dict:
    """{group: [n]} neurons labelled per group, summed over `n_values` random planes (orthonormal u_shared, u_int
    drawn from a seeded Gaussian; u_prompt = -u_int), as `values.classify_neurons` labels them. w_out: [n_neurons,
    d_model]."""
    w = torch.as_tensor(w_out).float()
    g = torch.Generator().manual_seed(seed)
    out = {k: np.zeros(int(n)) for k in values.GROUPS}
    for i in range(int(n)):
        for _ in range(int(n_values)):
            q, _ = torch.linalg.qr(torch.randn(w.shape[1], 2, generator=g))
            c = values.classify_neurons(w, values.PlaneAxes(q[:, 0], q[:, 1], -q[:, 1]), top_frac=top_frac,
                                        max_angle_deg=max_angle_deg).counts()
            for k in out:
                out[k][i] += c[k]
    return out


def shuffled_gap(a, b, metric, *, n_perm: int = 100, draws: int = 10, seed: int = 0) -> dict:
    """Diversity of two sets at equal size, and the label-shuffle null of their difference.

    a, b: lists of items (texts, or embedding rows); metric: fn(list) -> float. Each set is subsampled to the smaller
    size `draws` times and the metric averaged; the null recomputes the difference with the pooled items' set labels
    permuted (sizes kept). Returns {"a", "b", "diff", "null" [n_perm], "n"}."""
    a, b = list(a), list(b)
    n = min(len(a), len(b))
    if n < 2:
        raise BadInput(f"each set needs at least 2 items; got {len(a)} and {len(b)}")
    rng = np.random.default_rng(seed)

    def stat(x, y):
        pick = lambda s: [s[i] for i in rng.choice(len(s), n, replace=False)]  # noqa: E731
        return (float(np.mean([metric(pick(x)) for _ in range(draws)])),
                float(np.mean([metric(pick(y)) for _ in range(draws)])))

    ma, mb = stat(a, b)
    pool, null = a + b, []
    for _ in range(int(n_perm)):
        p = rng.permutation(len(pool))
        x, y = stat([pool[i] for i in p[:len(a)]], [pool[i] for i in p[len(a):]])
        null.append(x - y)
    return dict(a=ma, b=mb, diff=ma - mb, null=np.array(null), n=n)


@dataclass(frozen=True)
class DiversityGap:
    """Two sets' diversity as a table shows it, and the verdict on their difference (`gap_from`)."""
    a: float           # set a's mean over equal-size draws, read from the table
    b: float           # set b's
    names: tuple       # how the sentence names the two sets
    metric: str        # the metric's name in the sentence
    verdict: Verdict   # diversity_gap's reading and sentence


def gap_from(table, items: dict, a: str, b: str, metric, *, metric_name: str = "Distinct-2", names=None,
             guard_ok: bool = True, where: str = "", n_perm: int = 100, draws: int = 50, seed: int = 0) -> DiversityGap:
    """Read sets `a` and `b` of a `lib.diversity.compare` table against shuffled set labels.

    table: compare's frame holding one row (one metric) for each of `a` and `b`; its means are the sets' numbers, not
    recomputed. items: {set name: list of items} the table was computed from; metric: fn(list) -> float, the one
    the table used, for the label-shuffle null (`shuffled_gap`, `n_perm` shuffles of `draws` equal-size draws).
    names: how the sentence names the sets (default "the {a} set", "the {b} set"); guard_ok, where: as in
    `diversity_gap`. Returns a `DiversityGap` (both means, the names, the metric's name, the verdict)."""
    if not {"set", "mean"} <= set(getattr(table, "columns", ())):
        raise BadInput("table must be the frame of lib.diversity.compare (columns set, metric, mean, ...)")
    if not isinstance(items, dict):
        raise BadInput(f"items must be a dict {{set name: list of items}}; got a {type(items).__name__}")
    means = {}
    for s in (a, b):
        rows = table[table.set == s]
        if len(rows) != 1:
            raise BadInput(f"the table has {len(rows)} rows for set {s!r}; it needs exactly one: pass compare's "
                           "table for one metric (filter it: table[table.metric == name])")
        if s not in items:
            raise BadInput(f"items has no set {s!r} (it has {sorted(items)}): pass the sets the table was computed "
                           "from")
        means[s] = float(rows["mean"].iloc[0])
    names = (f"the {a} set", f"the {b} set") if names is None else tuple(names)
    null = shuffled_gap(items[a], items[b], metric, n_perm=n_perm, draws=draws, seed=seed)["null"]
    verdict = diversity_gap(intrinsic=means[a], prompted=means[b], null=null, metric=metric_name, names=names,
                            guard_ok=guard_ok, where=where)
    return DiversityGap(means[a], means[b], names, metric_name, verdict)


def rating_circle_rho(frame, *, n_perm: int = 1000, seed: int = 0) -> tuple[float, np.ndarray]:
    """(rho, null [n_perm]): Spearman correlation of circle distance (1-5 steps between the prompted value and the
    item's value) with the rating change, over the prompted rows of `value_corpus.pvq_under_prompts` whose item is
    of another value and whose change is finite; the null shuffles which value sits where on the circle."""
    from scipy.stats import spearmanr

    rows = frame[(frame.prompted_value != "") & (frame.prompted_value != frame.value) & frame.change.notna()]
    if len(rows) < 10:
        raise BadInput(f"only {len(rows)} rated items under other values' prompts; need at least 10")
    order = list(circumplex.VALUE_ORDER)
    item, asked, change = (np.array([order.index(v) for v in rows.value]),
                           np.array([order.index(v) for v in rows.prompted_value]), rows.change.to_numpy(float))

    def rho(pos):
        d = np.abs(pos[item] - pos[asked])
        if np.ptp(change) == 0:  # every change alike: no ordering to correlate with
            return 0.0
        r = spearmanr(np.minimum(d, 10 - d), change)[0]
        return 0.0 if np.isnan(r) else float(r)

    rng = np.random.default_rng(seed)
    return rho(np.arange(10)), np.array([rho(rng.permutation(10)) for _ in range(int(n_perm))])
