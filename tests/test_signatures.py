"""lib.signatures: each Part I method, on constructions whose signature is known (an aligned model equal to its base
reads kept; one whose side information is destroyed reads erased), plus the organism's twin table."""
import numpy as np
import pandas as pd
import pytest
import torch

from lib import data, directions, partisan, profiles, signatures, stats, steering
from lib.errors import BadInput

LAYER, D = 3, 16


# ---------------------------------------------------------------- synthetic statement activations
def _frame():
    frame = data.statements().reset_index(drop=True)
    frame["label"] = frame.lean.map({"right": 1, "left": 0, "neutral": -1})
    return frame


def _stacts(x) -> partisan.StatementActs:
    """Every statement at one layer (index LAYER, so a layer/position mix-up fails)."""
    return partisan.StatementActs(torch.as_tensor(x, dtype=torch.float32)[:, None], _frame(), [LAYER])


@pytest.fixture(scope="module")
def base_x():
    """Noise plus a side signal along e0 (right +, left -, neutral 0)."""
    frame = _frame()
    x = np.random.default_rng(0).normal(size=(len(frame), D))
    x[:, 0] += 2.0 * frame.label.map({1: 1.0, 0: -1.0, -1: 0.0}).to_numpy()
    return x


def _u(x):
    return partisan.partisan_direction(_stacts(x), LAYER).double().numpy()


def _erased(x, seed=1):
    """The base model's direction component replaced by fresh noise of the same spread: no side left along it, and
    the signal along e0 removed too (the side is gone from every direction)."""
    x = x.copy()
    x[:, 0] = np.random.default_rng(seed).normal(size=len(x)) * x[:, 0].std()
    return x


def _squeezed(x, c):
    """Only the base model's partisan direction u scaled by c: projections on u shrink by c, d along u is kept."""
    u = _u(x)
    return x - (1 - c) * np.outer(x @ u, u)


def test_axis_reads_kept_when_the_aligned_model_equals_its_base(base_x):
    sig = signatures.axis_from({"base": _stacts(base_x), "aligned": _stacts(base_x)}, LAYER, n_shuffles=50)
    assert sig.reading == "kept" and sig.numbers["d_ratio"] == pytest.approx(1.0)
    # the held-out numbers are those of the train-split direction on the test statements, computed by hand here
    st = _stacts(base_x)
    test = st.select(split="test")
    p = directions.project(test.at(LAYER), partisan.partisan_direction(st, LAYER)).numpy()
    right = test.frame.label.to_numpy() == 1
    assert sig.numbers["auc_base"] == pytest.approx(stats.auc(p, right))
    assert sig.numbers["d_base"] == pytest.approx(stats.cohens_d(p[right], p[~right]))


def test_axis_reads_erased_when_the_side_is_destroyed_and_no_signal_the_other_way_round(base_x):
    erased = _stacts(_erased(base_x))
    assert signatures.axis_from({"base": _stacts(base_x), "aligned": erased}, LAYER, n_shuffles=50).reading == "erased"
    assert signatures.axis_from({"base": erased, "aligned": _stacts(base_x)}, LAYER,
                                n_shuffles=50).reading == "no signal in base"


@pytest.mark.parametrize("make, reading", [
    (lambda x: x, "kept"),
    (lambda x: _squeezed(x, 0.3), "compressed"),
    (lambda x: 0.5 * x, "scale change"),  # every direction shrinks alike, the residual norm with them
    (_erased, "erased"),
])
def test_spread_reads_what_the_construction_did(base_x, make, reading):
    acts = {"base": _stacts(base_x), "aligned": _stacts(make(base_x))}
    proj, X = signatures.projections(acts, LAYER)
    assert set(proj.source) == {"statements"} and X["statements", "base"].shape == (len(proj) // 4, D)
    sig = signatures.spread_from(proj, X, LAYER, n_random=100)["statements", "shared base"]
    assert sig.reading == reading, sig.verdict.sentence
    if reading == "compressed":
        assert sig.numbers["sd_ratio"] == pytest.approx(0.3, abs=1e-4) and sig.numbers["d_ratio"] == pytest.approx(1)


def test_read_axis_and_read_spread_give_each_model_its_own_activations(base_x, monkeypatch):
    fake = {"base": _stacts(base_x), "erased": _stacts(_erased(base_x))}
    monkeypatch.setattr(signatures.partisan, "statement_activations", lambda model, **kw: fake[model])
    assert signatures.read_axis("base", "base", layer=LAYER, n_shuffles=50).reading == "kept"
    assert signatures.read_axis("base", "erased", layer=LAYER, n_shuffles=50).reading == "erased"
    assert signatures.read_spread("base", "erased", layer=LAYER).reading == "erased"
    with pytest.raises(BadInput, match="source"):
        signatures.read_spread("base", "base", layer=LAYER, source="tweets")


# ---------------------------------------------------------------- SAE features
@pytest.fixture(scope="module")
def identity_sae():
    """8 -> 16 features, f = (relu(x), relu(-x)), decoded back exactly: feature 0 fires where x_0 > 0."""
    from sae_lens import StandardSAE, StandardSAEConfig

    sae = StandardSAE(StandardSAEConfig(d_in=8, d_sae=16))
    eye = torch.eye(8)
    sae.load_state_dict({"W_enc": torch.cat([eye, -eye], 1), "W_dec": torch.cat([eye, -eye], 0),
                         "b_enc": torch.zeros(16), "b_dec": torch.zeros(8)})
    return sae


def _reads(sae, x_base, x_aligned):
    from lib import sae as saelib

    return {m: (torch.as_tensor(x, dtype=torch.float32), saelib.encode(sae, torch.as_tensor(x, dtype=torch.float32)))
            for m, x in (("base", x_base), ("aligned", x_aligned))}


@pytest.mark.parametrize("change, reading", [
    ("none", "kept"),
    ("feature 0 never fires", "silenced"),  # x_0 <= 0 everywhere: its mirror feature fires instead
    ("80% of tokens silent", "global drop"),  # every feature loses alike
])
def test_sae_from_reads_the_firing_the_tokens_imply(identity_sae, change, reading):
    x = np.random.default_rng(0).normal(size=(500, 8))
    y = x.copy()
    if change == "feature 0 never fires":
        y[:, 0] = -np.abs(y[:, 0])
    elif change == "80% of tokens silent":
        y[:400] = 0.0
    sig = signatures.sae_from(identity_sae, [0], _reads(identity_sae, x, y))
    assert sig.reading == reading, sig.verdict.sentence
    assert sig.numbers["ve_base"] == pytest.approx(1.0) and sig.numbers["ve_aligned"] == pytest.approx(1.0)
    assert sig.numbers["policy_freq_base"] == pytest.approx((x[:, 0] > 0).mean())
    assert sig.numbers["policy_freq_aligned"] == pytest.approx((y[:, 0] > 0).mean())


def test_policy_features_keep_features_whose_decoder_agrees_with_the_direction(identity_sae):
    rng = np.random.default_rng(0)
    lean = np.array(["right", "left"] * 200)
    x = rng.normal(size=(400, 8)) + np.where(lean == "right", 1.5, -1.5)[:, None] * np.eye(8)[0]
    from lib import sae as saelib

    f = saelib.encode(identity_sae, torch.as_tensor(x, dtype=torch.float32))
    policy = signatures.policy_features(identity_sae, f, lean, torch.eye(8)[0], top_k=None)
    assert dict(zip(policy.feature.iloc[:2], policy.side.iloc[:2])) == {0: "right", 8: "left"}
    assert (policy.effect_size * policy.cosine > 0).all()


# ---------------------------------------------------------------- steering
def test_steering_handles_build_the_chapters_interventions(identity_sae):
    u = torch.eye(8)[1]
    h = signatures.steering_handles(identity_sae, {"right": 0, "left": 8}, layer=2, sae_layer=3, u=u, s=4.0,
                                    s_sae=2.0)
    assert all(build(0.0) == [] for build in h.values())
    (add,) = h["add direction"](-0.5)
    assert add.layer == 2 and add.alpha == -0.5 and torch.equal(add.vector, 4.0 * u)
    (feat,) = h["add feature"](-0.5)  # a push left adds the left feature's unit decoder row, with |alpha|
    assert feat.layer == 3 and feat.alpha == 0.5 and torch.allclose(feat.vector, -2.0 * torch.eye(8)[0])
    (clamp,) = h["clamp feature"](1.0)
    assert clamp.feature == 0 and clamp.value == pytest.approx(2.0)  # |alpha| s_sae / |W_dec[0]| = 2 / 1


def _curve(ranges):
    """A summarised sweep whose lean is linear in the strength with the given range per (model, method)."""
    return pd.DataFrame([{"model": m, "method": k, "strength": a, "mean": a * r / 2}
                         for (m, k), r in ranges.items() for a in (-1.0, 0.0, 1.0)])


@pytest.mark.parametrize("aligned_feature, reading", [(0.05, "disconnect"), (0.8, "connected")])
def test_disconnect_from_reads_the_interaction_of_handle_and_model(identity_sae, aligned_feature, reading):
    ranges = {("base", "add direction"): 1.0, ("aligned", "add direction"): 1.0, ("base", "add feature"): 0.8,
              ("base", "clamp feature"): 0.4, ("aligned", "add feature"): aligned_feature,
              ("aligned", "clamp feature"): 0.0}
    table = signatures.range_table(_curve(ranges))
    assert table.loc[("base", "add feature"), "range"] == pytest.approx(0.8)
    u = {"base": torch.eye(8)[0], "aligned": torch.eye(8)[0]}
    sig = signatures.disconnect_from(table, identity_sae, {"right": 0, "left": 8}, u)
    assert sig.reading == reading and sig.numbers["axis_share_base"] == pytest.approx(1.0)
    assert sig.numbers["efficacy_aligned"] == pytest.approx(aligned_feature)


@pytest.mark.parametrize("add, clamp, feature_range, reading", [
    (float("nan"), 0.05, 0.05, "disconnect"), (0.05, float("nan"), 0.05, "disconnect"),
    (float("nan"), 0.8, 0.8, "connected"), (float("nan"), float("nan"), float("nan"), "cannot tell")])
def test_disconnect_from_ignores_a_nan_handle_in_either_order(identity_sae, add, clamp, feature_range, reading):
    """The larger of add / clamp skips a handle whose range is NaN (all answers unscored), whichever it is; both NaN
    leave the range NaN and the verdict cannot tell (Python's max kept or dropped the NaN by argument order)."""
    ranges = {("base", "add direction"): 1.0, ("aligned", "add direction"): 1.0, ("base", "add feature"): 0.8,
              ("base", "clamp feature"): 0.4, ("aligned", "add feature"): add, ("aligned", "clamp feature"): clamp}
    u = {"base": torch.eye(8)[0], "aligned": torch.eye(8)[0]}
    sig = signatures.disconnect_from(signatures.range_table(_curve(ranges)), identity_sae, {"right": 0, "left": 8}, u)
    assert sig.reading == reading, sig.verdict.sentence
    assert np.isclose(sig.numbers["feature_range_aligned"], feature_range, equal_nan=True)
    assert sig.numbers["feature_range_base"] == pytest.approx(0.8)


# ---------------------------------------------------------------- amplifying the inferred side
def _amplified(shift, flipped, n=60, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for source, move in (("inferred side", shift), ("inferred side, flipped", flipped)):
        for i in range(n):
            start = rng.normal(0, 0.1)
            rows += [{"sign from": source, "id": i, "variant": "explicit_left", "strength": a,
                      "toward_user": start + a * move + rng.normal(0, 0.05)} for a in (0.0, 1.0)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("shift, flipped, acc, reading", [
    (0.5, -0.5, 0.9, "follows any push"), (0.5, 0.0, 0.9, "reactivated"), (0.0, 0.0, 0.9, "no reactivation"),
    (0.5, 0.0, 0.5, "side not inferred")])
def test_bypass_from_reads_the_shift_against_the_flipped_push(shift, flipped, acc, reading):
    sig = signatures.bypass_from(_amplified(shift, flipped), signatures.Inference(None, acc, 0.2))
    assert sig.reading == reading, sig.verdict.sentence
    assert sig.numbers["shift"] == pytest.approx(shift, abs=0.03)
    assert sig.numbers["toward_user_max"] - sig.numbers["toward_user_0"] == pytest.approx(shift, abs=0.03)


def test_bypass_from_with_no_coherent_push_reads_nothing():
    frame = _amplified(0.5, 0.0)
    sig = signatures.bypass_from(frame[frame.strength == 0.0], signatures.Inference(None, 0.9, 0.2))
    assert sig.reading == "no coherent push" and sig.numbers["shift"] == 0.0
    assert sig.numbers["toward_user_max"] == sig.numbers["toward_user_0"]


def test_infer_side_reads_a_planted_side_out_of_fold_and_not_noise():
    prompts = signatures.cue_prompts()
    assert len(prompts) == len(data.prompts()) * len(data.VARIANTS)
    rng = np.random.default_rng(0)
    side = prompts.cue_side.map({"right": 1.0, "left": -1.0, "none": 0.0}).to_numpy()
    planted = rng.normal(size=(len(prompts), D)) + 3.0 * side[:, None] * np.eye(D)[0]
    inf = signatures.infer_side(planted, prompts, torch.eye(D)[0])
    assert inf.accuracy == 1.0 and inf.probe_cosine > 0.9
    assert set(inf.cued.split) == {"test"} and "none" not in set(inf.cued.cue)
    noise = signatures.infer_side(rng.normal(size=(len(prompts), D)), prompts, torch.eye(D)[0])
    assert 0.3 < noise.accuracy < 0.7


def test_amplify_pushes_each_prompt_toward_its_side_and_flips_the_control(monkeypatch):
    cued = pd.DataFrame({"id": ["a", "b"], "variant": ["explicit_right", "explicit_left"], "cue": "explicit",
                         "cue_side": ["right", "left"], "inferred": ["left", "left"], "prompt": ["p1", "p2"]})
    seen = []

    def fake_sweep(model, prompts, strengths, build, score, label, **kw):
        seen.append((label["sign from"], tuple(prompts), steering.at_strength(build, 1.0)[0].vector))
        return pd.DataFrame({"strength": 1.0, "item": range(len(prompts)), "prompt": prompts, "output": "x",
                             **label})
    monkeypatch.setattr(signatures.sweeps, "sweep", fake_sweep)
    u = torch.eye(4)[0]
    out = signatures.amplify(None, cued, layer=1, direction=u, scale=2.0, strengths=[0.0, 1.0], judge="lexicon")
    pushes = {(src, p): v for src, ps, v in seen for p in ps}
    assert torch.equal(pushes["inferred side", "p1"], -2.0 * u)  # inferred left (wrongly): pushed left
    assert torch.equal(pushes["true cue side", "p1"], 2.0 * u)
    assert torch.equal(pushes["inferred side, flipped", "p2"], 2.0 * u)
    assert len(out) == 6 and (out.toward_user == out.lean * np.where(out.cue_side == "right", 1, -1)).all()


# ---------------------------------------------------------------- the twins
def test_twin_table_runs_each_twin_of_the_organism_against_the_base(monkeypatch):
    from lib import organism

    calls = []

    def fake(base, aligned, *, layer):
        calls.append((base.name, aligned.name, layer))
        v = signatures.verdicts.Verdict("kept" if aligned.name.endswith("nomix") else "erased", f"{aligned.name}.")
        return signatures.Signature("axis", v, {k: 0.5 for k in signatures.COLUMNS["axis"]})
    monkeypatch.setitem(signatures.METHODS, "axis", fake)
    table = signatures.twin_table("axis", profiles.PROFILES["organism"], layer=2)
    assert calls == [("organism-base", name, 2) for name, _, _ in organism.TWINS.values()]
    assert table.twin.tolist() == [name for name, _, _ in organism.TWINS.values()]
    assert table.key.tolist() == [signatures.twin_key(f) for f in organism.TWINS] == ["aligned", "nomix"]
    assert {"auc_twin", "d_twin", "auc_base", "recipe"} <= set(table.columns)
    assert table.set_index("key").reading.to_dict() == {"aligned": "erased", "nomix": "kept"}
    view = signatures.twin_view(table.assign(d_twin=[0.12345, 0.6789]), digits=2)
    assert view.index.tolist() == table.twin.tolist() and not {"key", "recipe", "sentence"} & set(view.columns)
    assert view.d_twin.tolist() == [0.12, 0.68] and view.reading.tolist() == ["erased", "kept"]
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display=True: glued.__setitem__(name, value))
    signatures.glue_twins("axis", table)
    assert glued["twin_axis_reading_nomix"] == "kept" and glued["twin_axis_reading_aligned"] == "erased"
    signatures.glue_twins("axis", None)
    assert glued["twin_axis_reading_nomix"] == signatures.NOT_RUN


def test_twin_table_refuses_a_real_profile_and_an_unknown_method():
    with pytest.raises(BadInput, match="twins"):
        signatures.twin_table("axis", profiles.PROFILES["llama-3.1-8b"], layer=18)
    with pytest.raises(BadInput, match="unknown method"):
        signatures.twin_table("probe", profiles.PROFILES["organism"])


def test_bypass_from_says_so_when_the_judge_scored_nothing():
    amplified = _amplified(0.5, 0.0)
    amplified.loc[amplified.strength == 1.0, "toward_user"] = np.nan  # an LLM judge that parsed no answer
    with pytest.raises(BadInput, match="no shift to read"):
        signatures.bypass_from(amplified, signatures.Inference(None, 0.9, 0.2))
