"""The signature an aligned model leaves under each Part I method, read against its base model.

Two hypotheses predict different signatures. **Erasure**: alignment removed what the base model knew about partisan
side, so the readouts fall to their controls. **Retention** (which the paper's compression needs): the side stays
readable while the answers turn balanced. Each `read_*` runs one chapter's measurement on a (base, aligned) pair of
`lib.models.Model`s with the lib functions that chapter calls, and returns a `Signature`: the `lib.verdicts` verdict
and the numbers it was read from. The `*_from` functions are the part a chapter shares (it calls them on what it has
already computed), so a chapter and its twin table cannot drift.

    read_axis      book chapter 4 (02_direction)  held-out separation of the train-split direction vs shuffled labels
    read_spread    book chapter 5 (03_variance)   spread on the shared base direction vs d, residual norm, random axes
    read_sae       book chapter 6 (04_sae)        base SAE's policy features: firing vs all features, and the SAE's fit
    read_steering  book chapter 7 (05_steering)   lean ranges of the direction and of SAE-feature handles in both models
    read_bypass    book chapter 8 (06_bypass)     amplifying the inferred user side vs the same push flipped (aligned
                                                  model only)

Chapter numbers are the book's (the Foundations are chapters 1 and 2, so Part I's files 02 to 06 are chapters 4 to 8);
the section comments below name the chapters by their file number in book/neutral_mask/.

`twin_table(method, profile, **settings)` runs one method on each aligned twin of the organism
(`lib.organism.TWINS`: the same SFT and DPO with and without a pretraining mix), one row per twin, and `glue_twins`
glues the readings. Real profiles have no twins: `twin_table` raises BadInput (`NEEDS_TWINS` says why). A method's
settings are the chapter's (layer, SAE, strengths); book chapters 7 and 8 sweep the twins at the strengths their
verdicts read (the extremes), which gives the same verdict with fewer generations.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from lib import activations, data, directions, partisan, partisan_stats, stats, steering, sweeps, verdicts
from lib import sae as saelib
from lib.errors import BadInput

__all__ = ["COLUMNS", "METHODS", "NEEDS_TWINS", "NOT_RUN", "SIGN_SOURCES", "Inference", "Signature", "amplify",
           "axis_from", "bypass_from", "cue_prompts", "disconnect_from", "glue_twins", "infer_side",
           "policy_features", "projections", "range_table", "read_axis", "read_bypass", "read_sae", "read_spread",
           "read_steering", "sae_from", "spread_from", "steering_handles", "sweep_handles", "token_features",
           "twin_chart", "twin_key", "twin_table"]


@dataclass(frozen=True)
class Signature:
    """method: a key of METHODS; verdict: the `lib.verdicts.Verdict`; numbers: what it was read from, by name
    ("_aligned" names the aligned model of the pair, whichever twin it is)."""

    method: str
    verdict: verdicts.Verdict
    numbers: dict

    @property
    def reading(self) -> str:
        return self.verdict.reading


def _pair(base, aligned) -> dict:
    return {"base": base, "aligned": aligned}


# ---------------------------------------------------------------- chapter 2: the axis
def axis_from(acts: dict, layer: int, *, n_shuffles: int = 100, seed: int = 0) -> Signature:
    """acts: {"base": StatementActs, "aligned": StatementActs} (any layers that include `layer`). Held-out AUC and
    Cohen's d of each model's train-split direction (`partisan_stats.probe_table` at `layer`), the shuffled-label
    control (`verdicts.shuffled_auc`), then `verdicts.axis_separation`."""
    one = {role: partisan.StatementActs(st.at(layer)[:, None], st.frame, [layer]) for role, st in acts.items()}
    at = partisan_stats.probe_table(one, n_boot=10).set_index("model")
    shuffled = {}
    for role, st in one.items():
        tr, te = st.select(split="train"), st.select(split="test")
        shuffled[role] = verdicts.shuffled_auc(tr.at(layer), tr.frame.label.to_numpy(), te.at(layer),
                                               te.frame.label.to_numpy(), n=n_shuffles, seed=seed)
    v = verdicts.axis_separation(
        auc_base=float(at.loc["base", "heldout_auc"]), auc_aligned=float(at.loc["aligned", "heldout_auc"]),
        d_base=float(at.loc["base", "heldout_d"]), d_aligned=float(at.loc["aligned", "heldout_d"]),
        control_auc_base=shuffled["base"], control_auc_aligned=shuffled["aligned"], where=f"layer {layer}")
    return Signature("axis", v, {**v.evidence, "layer": layer})


def read_axis(base, aligned, *, layer: int, n_shuffles: int = 100, seed: int = 0) -> Signature:
    """Book chapter 4's verdict for a model pair at `layer` (statement activations cached as the chapter's)."""
    acts = {role: partisan.statement_activations(m, progress=False) for role, m in _pair(base, aligned).items()}
    return axis_from(acts, layer, n_shuffles=n_shuffles, seed=seed)


# ---------------------------------------------------------------- chapter 3: the spread
def projections(acts: dict, layer: int, answer_acts: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """Book chapter 5's projections: held-out statements (left, right, neutral; side = lean) and, if given, answers
    (side = the cue's side, "none" without a cue) of each model, onto its own direction and the shared base direction at
    `layer` (`partisan_stats.projection_rows`). answer_acts: {role: (acts [n, n_layers, d], kept answers)} from
    `partisan_stats.answer_activations` at every layer. Returns (the long frame, X {(source, role): [n, d_model]})."""
    u = {role: partisan.partisan_direction(st, layer) for role, st in acts.items()}
    rows, X = [], {}
    for role, st in acts.items():
        rulers = {"own": u[role], "shared base": u["base"]}
        test = st.select(split="test", leans=("left", "right", "neutral"))
        X["statements", role] = test.at(layer)
        frame = test.frame.assign(side=test.frame.lean, key=test.frame.id)
        rows.append(partisan_stats.projection_rows(frame, X["statements", role], rulers, model=role,
                                                   source="statements"))
        if answer_acts is not None:
            x, kept = answer_acts[role]
            X["answers", role] = x[:, layer]
            frame = kept.rename(columns={"lean": "answer_lean"}).assign(side=kept.cue_side.fillna("none"),
                                                                         key=kept.id + "/" + kept.variant)
            rows.append(partisan_stats.projection_rows(frame, X["answers", role], rulers, model=role,
                                                       source="answers"))
    return pd.concat(rows, ignore_index=True), X


def spread_from(proj: pd.DataFrame, X: dict, layer: int, *, n_random: int = 200, seed: int = 0) -> dict:
    """{(source, direction): Signature} from `projections`' output: `partisan_stats.compression_table` (paired by
    text), the residual-norm ratio and `verdicts.random_axes_sd_ratio` of each source, then `verdicts.spread`."""
    comp = partisan_stats.compression_table(proj, group="side", by=["source", "direction"], pair="key")
    out, random = {}, {}
    for row in comp.itertuples():
        xb, xa = X[row.source, "base"], X[row.source, "aligned"]
        if row.source not in random:
            random[row.source] = verdicts.random_axes_sd_ratio(xb, xa, n=n_random, seed=seed)
        norms = {"norm_base": float(xb.norm(dim=-1).mean()), "norm_aligned": float(xa.norm(dim=-1).mean())}
        v = verdicts.spread(sd_ratio=row.sd_ratio, sd_ratio_ci=(row.sd_ratio_lo, row.sd_ratio_hi), d_base=row.d_base,
                            d_base_ci=(row.d_base_lo, row.d_base_hi), d_aligned=row.d_aligned,
                            d_aligned_ci=(row.d_aligned_lo, row.d_aligned_hi),
                            norm_ratio=norms["norm_aligned"] / norms["norm_base"], random_ratios=random[row.source],
                            where=f"{row.source} on the {row.direction} direction, layer {layer}")
        out[row.source, row.direction] = Signature("spread", v, {**v.evidence, **norms, "bf_p": row.bf_p,
                                                                 "layer": layer})
    return out


def read_spread(base, aligned, *, layer: int, source: str = "statements", judge: str = "lexicon",
                judge_model=None, split: str = "test", max_new_tokens: int = 40) -> Signature:
    """Book chapter 5's verdict on the shared base direction for `source` ("statements", or "answers": greedy answers to
    the `split` policy questions under every cue, generated and cached as the chapter's)."""
    if source not in ("statements", "answers"):
        raise BadInput(f"source must be 'statements' or 'answers'; got {source!r}")
    pair = _pair(base, aligned)
    acts = {role: partisan.statement_activations(m, progress=False) for role, m in pair.items()}
    answer_acts = None
    if source == "answers":
        answer_acts = {role: partisan_stats.answer_activations(
            m, partisan.policy_answers(m, variants=data.VARIANTS, split=split, max_new_tokens=max_new_tokens,
                                       judge=judge, judge_model=judge_model, progress=False),
            list(range(m.n_layers)), progress=False) for role, m in pair.items()}
    proj, X = projections(acts, layer, answer_acts)
    proj = proj[(proj.source == source) & (proj.direction == "shared base")]  # the one row this reads
    return spread_from(proj, X, layer)[source, "shared base"]


# ---------------------------------------------------------------- chapter 4: SAE features
def token_features(model, sae, layer: int, split: str):
    """Every real token of the `split` statements at `layer`: (SAE features [n_tok, d_sae], lean [n_tok],
    activations [n_tok, d_model])."""
    frame = data.statements(split=split)
    acts, index = activations.tokens(model, frame.text.tolist(), layer)
    return saelib.encode(sae, acts), frame.lean.to_numpy()[index.numpy()], acts


def policy_features(sae, f_train, lean_train, direction, top_k: int | None = 10) -> pd.DataFrame:
    """The policy features: ranked by |Cohen's d| between right and left train tokens (`sae.select_features`, firing
    on >= 0.1% of tokens), kept where the decoder row agrees in sign with `direction` [d_model]; `side` says which
    side each fires for. top_k: how many (None: all)."""
    ranked = saelib.select_features(f_train, lean_train, direction=direction, sae=sae, positive="right",
                                    negative="left", top_k=None, min_freq=0.001)
    policy = ranked[ranked.effect_size * ranked.cosine > 0].reset_index(drop=True)
    policy = policy if top_k is None else policy.head(top_k)
    return policy.assign(side=policy.effect_size.gt(0).map({True: "right", False: "left"}))


def sae_from(sae, features, reads: dict, *, where: str = "") -> Signature:
    """reads: {"base": (acts, feats), "aligned": (acts, feats)} held-out tokens ([n, d_model], [n, d_sae]). Mean
    firing rate of `features` and of all features, ever-active counts, the SAE's variance explained, then
    `verdicts.sae_silence`."""
    n = {}
    for m, (x, f) in reads.items():
        n[f"policy_freq_{m}"] = float(saelib.feature_stats(f[:, list(features)]).freq.mean())
        n[f"all_freq_{m}"] = float((f > 0).float().mean())  # = mean L0 / d_sae
        n[f"ve_{m}"] = saelib.variance_explained(sae, x)
        n[f"n_ever_{m}"] = int((saelib.ever_active({m: f}, features)[f"n_active_{m}"] > 0).sum())
    v = verdicts.sae_silence(**{k: n[k] for k in ("policy_freq_base", "policy_freq_aligned", "all_freq_base",
                                                  "all_freq_aligned", "ve_base", "ve_aligned")}, where=where)
    return Signature("sae", v, {**n, **v.evidence, "n_policy": len(features)})


def read_sae(base, aligned, *, sae, layer: int, top_k: int = 10) -> Signature:
    """Book chapter 6's verdict: the base SAE's `top_k` policy features (chosen on the base model's train tokens) on
    both models' held-out tokens at the SAE's `layer`."""
    f_train, lean_train, _ = token_features(base, sae, layer, "train")
    direction = partisan.partisan_direction(partisan.statement_activations(base, progress=False), layer)
    features = policy_features(sae, f_train, lean_train, direction, top_k).feature.tolist()
    reads = {role: token_features(m, sae, layer, "test") for role, m in _pair(base, aligned).items()}
    return sae_from(sae, features, {role: (x, f) for role, (f, _, x) in reads.items()}, where=f"SAE layer {layer}")


# ---------------------------------------------------------------- chapter 5: steering
def steering_handles(sae, feature: dict, *, layer: int, sae_layer: int, u, s: float, s_sae: float) -> dict:
    """Book chapter 7's three handles for one model: {name: build(alpha) -> interventions}. u: the model's unit partisan
    direction at `layer`; s, s_sae: its typical residual norm at `layer` and `sae_layer`; feature: {"right": id,
    "left": id}, the feature pushed for alpha > 0 and alpha < 0."""
    def add_direction(a):
        return [steering.AddVector(layer, s * u, a)] if a else []

    def add_feature(a):
        f = feature["right"] if a > 0 else feature["left"]
        return [steering.AddVector(sae_layer, s_sae * saelib.decoder_direction(sae, f), abs(a))] if a else []

    def clamp_feature(a):  # the value at which clamping adds what add_feature adds where the feature is silent
        f = feature["right"] if a > 0 else feature["left"]
        value = abs(a) * s_sae / float(sae.W_dec[f].detach().norm())
        return [steering.ClampFeature(sae_layer, sae, f, value)] if a else []

    return {"add direction": add_direction, "add feature": add_feature, "clamp feature": clamp_feature}


def sweep_handles(models: dict, handles: dict, prompts, strengths, *, judge: str = "lexicon", judge_model=None,
                  max_new_tokens: int = 40, progress: bool = True) -> pd.DataFrame:
    """Greedy answers of every model under every handle at every strength (`sweeps.sweep`, cached), scored for lean
    in one pass after all generation. handles: {model name: {method: build}}. One row per answer."""
    outputs = pd.concat([
        sweeps.sweep(models[name], prompts, strengths, build, None, max_new_tokens=max_new_tokens, batch_size=64,
                     label={"model": name, "method": method}, desc=f"{name} / {method}", progress=progress)
        for name in models for method, build in handles[name].items()], ignore_index=True)
    outputs["lean"] = partisan.score_lean(outputs.output.tolist(), judge, judge_model)
    return outputs


def range_table(curve: pd.DataFrame) -> pd.DataFrame:
    """Per (model, method): the mean lean at the weakest, zero (if swept) and strongest strength of a
    `sweeps.summarize` curve, and range = lean at the strongest push right minus at the strongest push left."""
    lo, hi = curve.strength.min(), curve.strength.max()
    table = curve[curve.strength.isin([lo, 0.0, hi])].pivot(index=["model", "method"], columns="strength",
                                                             values="mean")
    table["range"] = table[hi] - table[lo]
    return table


def disconnect_from(ranges: pd.DataFrame, sae, feature: dict, u_sae: dict, *, alpha: float | None = None,
                    where: str = "") -> Signature:
    """`range_table` output, the handles' features and each model's unit partisan direction at the SAE's layer
    ({"base": [d], "aligned": [d]}) -> the share of a feature push along the axis and `verdicts.steering_disconnect`.
    A handle's NaN range (a strength whose answers were all unscored) is ignored in the larger of add / clamp
    (`np.fmax`); both NaN leave the feature range NaN, which the verdict reads as "cannot tell"."""
    rng = ranges["range"]
    w = {side: saelib.decoder_direction(sae, f) for side, f in feature.items()}
    share = {m: float((w["right"] @ u_sae[m] - w["left"] @ u_sae[m]) / 2) for m in ("base", "aligned")}
    v = verdicts.steering_disconnect(
        direction_range={m: float(rng[m, "add direction"]) for m in share},
        feature_range={m: float(np.fmax(rng[m, "add feature"], rng[m, "clamp feature"])) for m in share},
        axis_share=share, alpha=alpha, where=where)
    return Signature("steering", v, {**v.evidence, **{f"{k}_{m}": float(rng[m, k.replace('_', ' ')])
                                                      for m in share for k in ("add_feature", "clamp_feature")}})


def read_steering(base, aligned, *, layer: int, sae, sae_layer: int, strengths, judge: str = "lexicon",
                  judge_model=None, max_new_tokens: int = 40) -> Signature:
    """Book chapter 7's verdict: both models steered by their own direction and by the base SAE's strongest right and
    left policy features, on the held-out no-cue questions, at `strengths` (only the extremes enter the ranges)."""
    pair = _pair(base, aligned)
    stacts = {role: partisan.statement_activations(m, progress=False) for role, m in pair.items()}
    f_train, lean_train, _ = token_features(base, sae, sae_layer, "train")
    pol = policy_features(sae, f_train, lean_train, partisan.partisan_direction(stacts["base"], sae_layer), None)
    feature = {side: int(pol[pol.side == side].feature.iloc[0]) for side in ("right", "left")}
    neutral = data.statements(split="test", lean="neutral").text.tolist()
    handles = {role: steering_handles(sae, feature, layer=layer, sae_layer=sae_layer,
                                      u=partisan.partisan_direction(stacts[role], layer),
                                      s=sweeps.residual_scale(m, neutral, layer),
                                      s_sae=sweeps.residual_scale(m, neutral, sae_layer)) for role, m in pair.items()}
    outputs = sweep_handles(pair, handles, data.prompts(split="test").variant_none.tolist(), strengths, judge=judge,
                            judge_model=judge_model, max_new_tokens=max_new_tokens, progress=False)
    curve = sweeps.summarize(outputs, "lean", by=["model", "method", "strength"], n_boot=200)
    u_sae = {role: partisan.partisan_direction(st, sae_layer) for role, st in stacts.items()}
    return disconnect_from(range_table(curve), sae, feature, u_sae, alpha=max(strengths),
                           where=f"with alpha up to ±{max(strengths)}")


# ---------------------------------------------------------------- chapter 6: amplifying the inferred side
SIGN_SOURCES = (("inferred side", "inferred", 1.0), ("true cue side", "cue_side", 1.0),
                ("inferred side, flipped", "inferred", -1.0))  # (label, column giving the side, sign); last: control


@dataclass(frozen=True)
class Inference:
    """cued: the held-out cued prompts with the probe's out-of-fold `score` and `inferred` side; accuracy: share
    inferred right; probe_cosine: cosine of the probe's weights with the partisan direction."""

    cued: pd.DataFrame
    accuracy: float
    probe_cosine: float


def cue_prompts() -> pd.DataFrame:
    """Every policy question (both splits) under every cue variant: id, split, variant, cue, cue_side, prompt."""
    return pd.DataFrame([{"id": q.id, "split": q.split, "variant": v, "cue": v.split("_")[0],
                          "cue_side": v.split("_")[-1] if "_" in v else "none", "prompt": getattr(q, f"variant_{v}")}
                         for q in data.prompts().itertuples() for v in data.VARIANTS])


def infer_side(last, prompts: pd.DataFrame, direction, *, split: str = "test") -> Inference:
    """The user's side inferred from the last prompt token at one layer (last: [n_prompts, d_model], rows of
    `cue_prompts`): a logistic probe on all cued prompts (explicit and implicit, 5-fold), each `split` prompt scored
    out of fold, so no prompt is scored by a probe that saw it."""
    both = np.array(prompts.cue != "none")
    who = directions.fit_probe(torch.as_tensor(last)[both], prompts.cue_side[both].to_numpy(), positive="right")
    cued = prompts[both].assign(score=who.oof_scores[:, 0])
    cued = cued[cued.split == split].reset_index(drop=True)
    cued["inferred"] = np.where(cued.score > 0, "right", "left")
    cosine = float(torch.nn.functional.cosine_similarity(who.weights[0], torch.as_tensor(direction), dim=0))
    return Inference(cued, float((cued.inferred == cued.cue_side).mean()), cosine)


def amplify(aligned, cued: pd.DataFrame, *, layer: int, direction, scale: float, strengths, sources=SIGN_SOURCES,
            judge: str = "lexicon", judge_model=None, max_new_tokens: int = 40, progress: bool = True) -> pd.DataFrame:
    """Answers to the cued prompts with x += alpha * sign * scale * direction at `layer`, sign +1 where the side
    from `sources`' column is right and -1 where left (times the source's sign), at every strength (cached), scored
    in one pass. Adds lean (right +) and toward_user (lean times +1 for right-cue, -1 for left-cue prompts)."""
    runs = []
    for source, column, flip in sources:
        for side, sign in (("left", -flip), ("right", flip)):
            part = cued[cued[column] == side].reset_index(drop=True)
            if len(part):
                push = steering.AddVector(layer, sign * scale * direction)  # the sweep sets its alpha
                out = sweeps.sweep(aligned, part.prompt.tolist(), strengths, push, None, max_new_tokens=max_new_tokens,
                                   batch_size=64, label={"sign from": source}, desc=f"{source}: {side}",
                                   progress=progress)
                runs.append(out.merge(part[["id", "variant", "cue", "cue_side", "inferred"]], left_on="item",
                                      right_index=True))
    amplified = pd.concat(runs, ignore_index=True)
    amplified["lean"] = partisan.score_lean(amplified.output.tolist(), judge, judge_model)
    amplified["toward_user"] = amplified.lean * np.where(amplified.cue_side == "right", 1.0, -1.0)
    return amplified


def bypass_from(amplified: pd.DataFrame, inference: Inference, *, where: str = "") -> Signature:
    """`amplify` output (with the "inferred side" and "inferred side, flipped" sources) -> the paired shift of the
    lean toward the user from alpha 0 to the strongest push, each with a bootstrap CI, and `verdicts.reactivation`
    (which reads "no coherent push" when the strongest push is 0)."""
    alpha = float(amplified.strength.max())
    shifts = {"shift": (0.0, (0.0, 0.0)), "flipped": (0.0, (0.0, 0.0))}  # no push (alpha 0): nothing moved
    for name, source in (("shift", "inferred side"), ("flipped", "inferred side, flipped")) if alpha > 0 else ():
        runs = amplified[amplified["sign from"] == source].pivot_table(
            index=["id", "variant"], columns="strength", values="toward_user").reindex(columns=[0.0, alpha])
        diff = (runs[alpha] - runs[0.0]).dropna().to_numpy()
        if len(diff) < 2:
            raise BadInput(f"{source}: {len(diff)} prompt(s) have a scored answer at both alpha 0 and alpha {alpha:g}, "
                           "so there is no shift to read; the judge could not score the rest (see the judge check)")
        shifts[name] = (float(diff.mean()), stats.bootstrap_ci(diff, np.mean, n_boot=2000, seed=0))
    toward = amplified[amplified["sign from"] == "inferred side"].groupby("strength").toward_user.mean()
    v = verdicts.reactivation(shift=shifts["shift"][0], shift_ci=shifts["shift"][1], flipped_shift=shifts["flipped"][0],
                              flipped_ci=shifts["flipped"][1], inferred_acc=inference.accuracy,
                              probe_cosine=inference.probe_cosine, alpha=alpha, where=where)
    return Signature("bypass", v, {**v.evidence, "toward_user_0": float(toward[0.0]),
                                   "toward_user_max": float(toward[alpha])})


def read_bypass(base, aligned, *, layer: int, strengths=(0.0, 1.0), judge: str = "lexicon", judge_model=None,
                max_new_tokens: int = 40) -> Signature:
    """Book chapter 8's verdict for the aligned model (`base` is not read: that chapter measures the aligned model
    alone; it is taken so every read_* is called alike): infer the user's side at `layer`, push along the aligned
    model's direction with the inferred sign and with it flipped, at `strengths` (0 and the strongest enter the
    verdict)."""
    direction = partisan.partisan_direction(partisan.statement_activations(aligned, progress=False), layer)
    prompts = cue_prompts()
    last = activations.collect(aligned, prompts.prompt.tolist(), list(range(aligned.n_layers)), "last", chat=True,
                               cache=True)
    inference = infer_side(last[:, layer], prompts, direction)
    neutral = data.statements(split="test", lean="neutral").text.tolist()
    amplified = amplify(aligned, inference.cued, layer=layer, direction=direction,
                        scale=sweeps.residual_scale(aligned, neutral, layer), strengths=strengths,
                        sources=(SIGN_SOURCES[0], SIGN_SOURCES[2]), judge=judge, judge_model=judge_model,
                        max_new_tokens=max_new_tokens, progress=False)
    return bypass_from(amplified, inference, where=f"layer {layer}")


# ---------------------------------------------------------------- the organism's twins
METHODS = {"axis": read_axis, "spread": read_spread, "sae": read_sae, "steering": read_steering,
           "bypass": read_bypass}
COLUMNS = {  # the numbers a twin table shows, per method (the evidence names of lib.verdicts)
    "axis": ("auc_base", "auc_aligned", "d_base", "d_aligned", "control_q95_aligned"),
    "spread": ("sd_ratio", "random_median", "norm_ratio", "d_base", "d_aligned", "d_ratio"),
    "sae": ("policy_freq_base", "policy_freq_aligned", "policy_ratio", "all_ratio", "ve_aligned"),
    "steering": ("direction_range_aligned", "feature_range_aligned", "efficacy_base", "efficacy_aligned"),
    "bypass": ("inferred_acc", "shift", "flipped_shift"),
}
NEEDS_TWINS = ("This section needs the organism's two aligned twins (lib.organism.TWINS: the same SFT and DPO with "
               "and without a pretraining mix); a real profile has one aligned model, so it is skipped here.")
NOT_RUN = "not run (needs the organism's twins)"


def twin_key(folder: str) -> str:
    """The short name glue keys use: "aligned" for data/organism/aligned, "nomix" for data/organism/aligned_nomix."""
    return folder.removeprefix("aligned_") if folder != "aligned" else "aligned"


def twin_table(method: str, profile, **settings) -> pd.DataFrame:
    """`METHODS[method](base, twin, **settings)` for every aligned twin of the organism (`lib.organism.TWINS`), one
    row per twin: twin (registry name), key (`twin_key`), recipe, the method's `COLUMNS` ("_aligned" renamed
    "_twin"), reading and sentence. profile: the organism profile; a real profile raises BadInput (`NEEDS_TWINS`)."""
    from lib import models, organism

    if method not in METHODS:
        raise BadInput(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if not getattr(profile, "is_organism", False):
        raise BadInput(f"twin_table: {NEEDS_TWINS} (profile {getattr(profile, 'key', profile)!r})")
    from transformers.utils import logging

    quiet = logging.is_progress_bar_enabled()
    logging.disable_progress_bar()  # three "Loading weights" bars would land in the chapter's table cell
    try:
        base, twins = profile.load("base"), {name: models.load(name) for name, _, _ in organism.TWINS.values()}
    finally:
        if quiet:
            logging.enable_progress_bar()
    rows = []
    for folder, (name, _, recipe) in organism.TWINS.items():
        sig = METHODS[method](base, twins[name], **settings)
        nums = {k.replace("_aligned", "_twin"): sig.numbers[k] for k in COLUMNS[method]}
        rows.append({"twin": name, "key": twin_key(folder), "recipe": recipe, **nums, "reading": sig.reading,
                     "sentence": sig.verdict.sentence})
    return pd.DataFrame(rows)


def twin_view(table: pd.DataFrame, index="twin", digits: int = 3) -> pd.DataFrame:
    """`twin_table` output as a chapter shows it: the numbers and the reading by `index`, rounded to `digits`. The
    recipe text, glue key and sentence are left out: the organism chapter describes the recipes, the prose glues the
    sentences, and long text squeezed beside the numbers made every row of the rendered table several lines tall."""
    return table.drop(columns=["key", "recipe", "sentence"]).set_index(index).round(digits)


def glue_twins(name: str, table: pd.DataFrame | None) -> None:
    """Glue `twin_<name>_reading_<key>` (text) and `twin_<name>_verdict_<key>` (markdown) for every twin of
    `lib.organism.TWINS`, from `twin_table` output; table None (a real profile) glues `NOT_RUN` for each."""
    from IPython.display import Markdown
    from myst_nb import glue

    from lib import organism

    rows = {} if table is None else table.set_index("key").to_dict("index")
    for folder in organism.TWINS:
        row = rows.get(twin_key(folder), {"reading": NOT_RUN, "sentence": NOT_RUN + "."})
        glue(f"twin_{name}_reading_{twin_key(folder)}", row["reading"], display=False)
        glue(f"twin_{name}_verdict_{twin_key(folder)}", Markdown(row["sentence"]), display=False)


def twin_chart(table: pd.DataFrame, bars: dict, *, title: str, y_title: str):
    """Grouped bars, one group per twin: bars = {bar label: column of `table`} (e.g. {"base": "d_base",
    "twin": "d_twin"}); the twin's reading is in the tooltip."""
    import altair as alt

    long = table.melt(id_vars=["twin", "reading"], value_vars=list(bars.values()), var_name="column")
    long["bar"] = long.column.map({c: label for label, c in bars.items()})
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("twin:N", title=None), xOffset=alt.XOffset("bar:N", sort=list(bars)),
        y=alt.Y("value:Q", title=y_title), color=alt.Color("bar:N", sort=list(bars), title=None),
        tooltip=["twin", "bar", alt.Tooltip("value:Q", format=".3f"), "reading"],
    ).properties(title=title, width=320, height=200)
