"""lib.verdicts: every reading of every verdict on synthetic numbers with a known answer, the boundary cases, and
the controls computed from planted activations (compression, erasure and a change of scale built by hand)."""
import numpy as np
import pytest
import torch

from lib import stats, verdicts
from lib.errors import BadInput
from lib.verdicts import READINGS

NAN = float("nan")
CONTROL = np.random.default_rng(0).normal(0.5, 0.025, size=100)  # shuffled-label AUCs: q95 about 0.54
RANDOM = np.random.default_rng(1).normal(0.95, 0.03, size=200)   # random-axis SD ratios: q05 about 0.9
ORG_RANDOM = np.r_[np.full(12, 0.6), np.full(188, 0.8)]  # 12 of 200 (6%) below the organism's partisan ratio 0.634

AXIS = dict(auc_base=0.86, auc_aligned=0.85, d_base=1.5, d_aligned=1.4, control_auc_base=CONTROL,
            control_auc_aligned=CONTROL)
SPREAD = dict(sd_ratio=0.3, sd_ratio_ci=(0.26, 0.34), d_base=1.5, d_base_ci=(1.2, 1.8), d_aligned=1.45,
              d_aligned_ci=(1.1, 1.8), norm_ratio=0.98, random_ratios=RANDOM)
SAE = dict(policy_freq_base=0.08, policy_freq_aligned=0.005, all_freq_base=0.05, all_freq_aligned=0.045,
           ve_base=0.9, ve_aligned=0.85)
STEER = dict(direction_range={"base": 1.2, "aligned": 1.0}, feature_range={"base": 0.8, "aligned": 0.1},
             axis_share={"base": 0.55, "aligned": 0.55})
REACT = dict(shift=0.3, shift_ci=(0.2, 0.4), flipped_shift=-0.05, flipped_ci=(-0.12, 0.02), inferred_acc=0.8)

CASES = [  # (function, changes to its defaults, the reading it must give, why)
    ("axis_separation", {}, "kept", "d keeps 93% of base"),
    ("axis_separation", dict(d_aligned=NAN), "cannot tell", "the aligned d was not measured"),
    ("axis_separation", dict(auc_base=0.52, d_base=0.05), "no signal in base", "base within shuffled labels"),
    ("axis_separation", dict(auc_aligned=0.53, d_aligned=0.1), "erased", "aligned within shuffled labels"),
    ("axis_separation", dict(auc_aligned=float(np.quantile(CONTROL, 0.95)), d_aligned=0.3), "erased",
     "boundary: an AUC equal to the shuffles' 95th percentile is not above chance"),
    ("axis_separation", dict(auc_aligned=0.60, d_aligned=0.27), "mostly erased",
     "the organism's numbers: above chance but under a quarter of base d"),
    ("axis_separation", dict(auc_aligned=0.7, d_aligned=0.75), "weakened", "half of base d"),
    ("axis_separation", dict(d_aligned=0.75 * 1.5), "kept", "boundary: exactly D_KEPT of base d is kept"),
    ("axis_separation", dict(auc_aligned=0.95, d_aligned=2.1), "strengthened", "d grows by 40%"),
    ("spread", {}, "compressed", "SD shrinks along the axis only, d kept"),
    ("spread", dict(norm_ratio=NAN), "cannot tell", "the residual norm ratio was not measured"),
    ("spread", dict(d_base=0.2, d_base_ci=(-0.1, 0.5)), "no signal in base", "base d's CI reaches 0"),
    ("spread", dict(sd_ratio=0.11, sd_ratio_ci=(0.095, 0.122), d_base=7.16, d_base_ci=(6.3, 8.2), d_aligned=0.36,
                    d_aligned_ci=(0.005, 0.73), norm_ratio=0.445), "erased",
     "the organism's answers: d collapses while the SD shrinks, so erasure, not compression"),
    ("spread", dict(d_aligned=0.9, d_aligned_ci=(-0.02, 1.8)), "erased", "weakened d whose CI reaches 0"),
    ("spread", dict(d_aligned=0.9, d_aligned_ci=(0.5, 1.3)), "weakened", "60% of base d, CI above 0"),
    ("spread", dict(sd_ratio=float(np.median(RANDOM)), sd_ratio_ci=(0.9, 0.97)), "scale change",
     "boundary: the partisan SD ratio equals the random axes' median"),
    ("spread", dict(random_ratios=np.r_[np.full(10, 0.2), np.full(190, 0.9)]), "compressed",
     "boundary: shrinks more than exactly CONTROL_QUANTILE (190 of 200) of the random axes"),
    ("spread", dict(random_ratios=np.r_[np.full(11, 0.2), np.full(189, 0.9)]), "scale change",
     "boundary: shrinks more than 189 of 200 random axes, short of the cut"),
    ("spread", dict(sd_ratio=0.634, sd_ratio_ci=(0.60, 0.67), norm_ratio=0.573, random_ratios=ORG_RANDOM),
     "scale change", "the organism's statements: 94% of random axes and no more than the residual norm"),
    ("spread", dict(sd_ratio=0.35, sd_ratio_ci=(0.3, 0.4), norm_ratio=0.3), "scale change",
     "below the random axes but not below the residual norm's change"),
    ("spread", dict(sd_ratio=0.98, sd_ratio_ci=(0.85, 1.1)), "kept", "the SD ratio's CI includes 1"),
    ("spread", dict(sd_ratio=1.6, sd_ratio_ci=(1.4, 1.8), norm_ratio=1.0), "widened", "grows beyond random axes"),
    ("spread", dict(sd_ratio=1.6, sd_ratio_ci=(1.4, 1.8), norm_ratio=1.0, random_ratios=RANDOM + 0.7),
     "scale change", "grows, but every axis grows alike"),
    ("sae_silence", {}, "silenced", "policy rate falls to 6%, all features keep 90%"),
    ("sae_silence", dict(ve_aligned=-0.22, policy_freq_base=0.077, policy_freq_aligned=0.019, all_freq_base=0.052,
                         all_freq_aligned=0.027), "cannot tell",
     "the organism: the SAE does not fit the aligned model"),
    ("sae_silence", dict(ve_base=0.3), "cannot tell", "the SAE does not fit the base model either"),
    ("sae_silence", dict(ve_aligned=verdicts.MIN_VE), "silenced", "boundary: VE exactly MIN_VE fits"),
    ("sae_silence", dict(policy_freq_base=0.0, policy_freq_aligned=0.0), "no signal in base", "never fire in base"),
    ("sae_silence", dict(policy_freq_aligned=0.07), "kept", "policy rate keeps 88%"),
    ("sae_silence", dict(policy_freq_aligned=0.02, all_freq_aligned=0.0125), "global drop",
     "boundary: the policy features drop exactly as much as all features"),
    ("steering_disconnect", {}, "disconnect", "features steer base, not aligned; the direction steers both"),
    ("steering_disconnect", dict(alpha=0.0), "no coherent push", "every push garbled the answers"),
    ("steering_disconnect", dict(direction_range={"base": NAN, "aligned": 1.0}), "cannot tell",
     "the review's case: a NaN base direction range read as connected before"),
    ("steering_disconnect", dict(direction_range={"base": 1.233, "aligned": 0.1},
                                 feature_range={"base": 0.833, "aligned": 0.133}), "direction does not steer aligned",
     "the organism: even the direction barely moves the aligned model"),
    ("steering_disconnect", dict(direction_range={"base": 0.1, "aligned": 0.05},
                                 feature_range={"base": 0.05, "aligned": 0.0}), "no steering in base", "nothing moves"),
    ("steering_disconnect", dict(feature_range={"base": 0.1, "aligned": 0.05}), "features never steered",
     "the features were weak in base too"),
    ("steering_disconnect", dict(direction_range={"base": 1.133, "aligned": 0.0},
                                 feature_range={"base": 1.367, "aligned": 0.233}, axis_share={"base": 0.55,
                                                                                             "aligned": 0.514}),
     "direction does not steer aligned", "the organism's twin: the features move it a little, the direction not"),
    ("steering_disconnect", dict(direction_range={"base": 0.1, "aligned": 1.0}), "direction does not steer base",
     "the features steer base but the direction, the yardstick, does not"),
    ("steering_disconnect", dict(direction_range={"base": 1.2, "aligned": verdicts.MIN_RANGE}), "connected",
     "boundary: a direction range of exactly MIN_RANGE steers, so the efficacies are read: 0.91 against 1.21"),
    ("steering_disconnect", dict(feature_range={"base": 0.8, "aligned": 0.6}), "connected", "features steer both"),
    ("steering_disconnect", dict(feature_range={"base": 0.8, "aligned": 0.2},
                                 axis_share={"base": 0.6, "aligned": 0.12}),
     "connected", "a smaller raw range explained by a smaller share on the aligned axis is no disconnect"),
    ("reactivation", {}, "reactivated", "toward the user far more than the flipped push moves away"),
    ("reactivation", dict(alpha=0.0), "no coherent push", "every push garbled the answers"),
    ("reactivation", dict(inferred_acc=0.55), "side not inferred", "the probe is near a coin"),
    ("reactivation", dict(shift=0.08, shift_ci=(0.0, 0.16)), "no reactivation", "the shift's CI reaches 0"),
    ("reactivation", dict(shift=NAN), "cannot tell", "the review's case: a NaN shift read as reactivated before"),
    ("reactivation", dict(shift=-0.2, shift_ci=(-0.3, -0.1)), "moves away", "the answers move away from the user"),
    ("reactivation", dict(shift=-0.1, shift_ci=(-0.2, 0.0)), "no reactivation",
     "boundary: a CI whose top is exactly 0 reaches 0, so no shift rather than a move away"),
    ("reactivation", dict(shift=0.092, shift_ci=(0.03, 0.16), flipped_shift=-0.042, flipped_ci=(-0.09, 0.0)),
     "small shift", "the organism: a real shift toward the user, under MIN_SHIFT"),
    ("reactivation", dict(shift=verdicts.MIN_SHIFT, shift_ci=(0.05, 0.15), flipped_shift=0.0, flipped_ci=(-0.05, 0.05)),
     "reactivated", "boundary: a shift of exactly MIN_SHIFT is large enough"),
    ("reactivation", dict(shift=0.3, shift_ci=(0.2, 0.4), flipped_shift=-0.25, flipped_ci=(-0.35, -0.15)),
     "follows any push", "the opposite push moves answers away about as far"),
    ("reactivation", dict(flipped_shift=-0.15, flipped_ci=(-0.25, -0.05)), "follows any push",
     "boundary: the flipped push moves answers away exactly SYMMETRY as far"),
]
DEFAULTS = {"axis_separation": AXIS, "spread": SPREAD, "sae_silence": SAE, "steering_disconnect": STEER,
            "reactivation": REACT}


@pytest.mark.parametrize("name, changes, reading, why", CASES, ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_each_reading_on_synthetic_numbers(name, changes, reading, why):
    v = getattr(verdicts, name)(**{**DEFAULTS[name], **changes}, where="layer 3")
    assert isinstance(v, verdicts.Verdict)
    assert v.reading == reading, why
    assert v.reading in READINGS[name]
    assert v.sentence.startswith("On this model pair, layer 3, ") and v.sentence.endswith(".") and str(v) == v.sentence
    assert "\n" not in v.sentence and v.evidence


SENTENCES = [  # (function, changes, words the sentence must contain, words it must not): the controls it names
    ("spread", {}, ["shrinks (SD ratio 0.30", "more than along 100% of 200 random axes (median 0.95; the cut is 95%)",
                    "and more than the residual norm (norm ratio 0.98", "below 1)", "the paper calls compression"],
     ["short of"]),
    ("spread", dict(sd_ratio=0.634, sd_ratio_ci=(0.60, 0.67), norm_ratio=0.573, random_ratios=ORG_RANDOM),
     ["shrinks (SD ratio 0.63 [95% CI 0.60, 0.67]) more than along only 94% of 200 random axes (median 0.80), short "
      "of the 95% cut, and no more than the residual norm (norm ratio 0.57; norm-adjusted SD ratio 1.11 [95% CI 1.05, "
      "1.17], not below 1)", "not compression specific to the partisan axis"], [" but "]),
    ("spread", dict(random_ratios=np.r_[np.full(11, 0.2), np.full(189, 0.9)]),
     ["more than the residual norm (norm ratio 0.98; norm-adjusted SD ratio 0.31 [95% CI 0.27, 0.35], below 1) but "
      "more than along only 94% of 200 random axes", "short of the 95% cut"], ["95% of"]),
    ("spread", dict(sd_ratio=0.35, sd_ratio_ci=(0.3, 0.4), norm_ratio=0.3),  # only the norm control fails
     ["more than along 100% of 200 random axes (median 0.95; the cut is 95%) but no more than the residual norm "
      "(norm ratio 0.30", "not below 1)", "): the axis narrows more than other directions but in line with the whole "
      "residual stream's norm, so once the norm is taken out the narrowing is not compression specific to the "
      "partisan axis."], ["short of", "shared with the rest of the residual stream"]),
    ("spread", dict(random_ratios=np.r_[np.full(11, 0.2), np.full(189, 0.9)]),  # only the random axes fail
     ["): a change of scale shared with the rest of the residual stream, not compression specific to the partisan "
      "axis."], ["in line with the whole residual stream's norm"]),
    ("spread", dict(sd_ratio=0.634, sd_ratio_ci=(0.60, 0.67), norm_ratio=0.573, random_ratios=ORG_RANDOM),  # both
     ["): a change of scale shared with the rest of the residual stream, not compression specific to the partisan "
      "axis."], ["in line with the whole residual stream's norm"]),
    ("spread", dict(sd_ratio=1.6, sd_ratio_ci=(1.4, 1.8), norm_ratio=1.5),  # grows; only the norm control fails
     ["grows (SD ratio 1.60", "more than along 100% of 200 random axes", "but no more than the residual norm (norm "
      "ratio 1.50", "not above 1)", "): the axis widens more than other directions but in line with the whole "
      "residual stream's norm, so once the norm is taken out the widening is not widening specific to the partisan "
      "axis."], ["shared with the rest"]),
    ("spread", dict(sd_ratio=1.6, sd_ratio_ci=(1.4, 1.8), norm_ratio=1.0, random_ratios=RANDOM + 0.7),
     ["grows (SD ratio 1.60", "above 1) but more than along only 3% of 200 random axes (median 1.65), short of the 95% "
      "cut", "not widening specific"], []),
    ("spread", dict(sd_ratio=1.6, sd_ratio_ci=(1.4, 1.8), norm_ratio=1.0),
     ["grows (SD ratio 1.60", "more than along 100% of 200 random axes", "above 1)", "the opposite of compression"],
     []),
    ("steering_disconnect", dict(direction_range={"base": 1.133, "aligned": 0.0},
                                 feature_range={"base": 1.367, "aligned": 0.233}),
     ["its lean range 0.00 is under the 0.2 the book requires of a handle that steers", "efficacy n/a"], []),
    ("steering_disconnect", dict(direction_range={"base": 0.1, "aligned": 1.0}),
     ["its lean range 0.10 is under the 0.2 the book requires", "base efficacy has no yardstick (n/a)"], []),
    ("steering_disconnect", dict(direction_range={"base": 0.1, "aligned": 0.05},
                                 feature_range={"base": 0.05, "aligned": 0.0}),
     ["both lean ranges under the 0.2 the book requires"], []),
    ("steering_disconnect", dict(feature_range={"base": 0.1, "aligned": 0.05}),
     ["their lean range 0.10 is under the 0.2 the book requires"], []),
    ("reactivation", dict(shift=0.092, shift_ci=(0.03, 0.16), flipped_shift=-0.042, flipped_ci=(-0.09, 0.0), alpha=1.0),
     ["moves the answers toward the user by +0.09 [95% CI +0.03, +0.16] at alpha 1, a real shift but under the 0.1 "
      "the book requires for a reactivation (-0.04 with the sign flipped)", "a small shift, no reactivation"],
     ["does not"]),
    ("reactivation", dict(shift=-0.2, shift_ci=(-0.3, -0.1), alpha=1.0),
     ["amplifying the inferred side moves the answers away from the user's side: the change of their lean toward "
      "the user, -0.20 [95% CI -0.30, -0.10] at alpha 1, has a 95% CI below 0 (-0.05 with the sign flipped): the "
      "opposite of a reactivation."], ["no shift", "not above 0", "toward the user by"]),
    ("reactivation", dict(probe_cosine=NAN), ["clearly more than the opposite push"], ["cosine", "nan"]),
    ("reactivation", dict(probe_cosine=0.25), ["the user-side probe has cosine 0.25 with the push direction"], []),
    ("reactivation", dict(shift=0.08, shift_ci=(-0.01, 0.16)),
     ["does not move the answers toward the user beyond noise", "+0.08 [95% CI -0.01, +0.16], has a 95% CI that is "
      "not above 0", "no shift"], ["small"]),
]


@pytest.mark.parametrize("name, changes, has, lacks", SENTENCES, ids=[f"{c[0]}-{i}" for i, c in enumerate(SENTENCES)])
def test_sentences_name_the_deciding_control_and_the_cut(name, changes, has, lacks):
    sentence = getattr(verdicts, name)(**{**DEFAULTS[name], **changes}).sentence
    for words in has:
        assert words in sentence
    for words in lacks:
        assert words not in sentence


def _nan_cases():
    """(function, changes, missing name): every number each verdict is decided on, set to NaN in turn."""
    cases = [("axis_separation", {k: NAN}, k) for k in ("auc_base", "auc_aligned", "d_base", "d_aligned")]
    cases += [("spread", {k: NAN}, k) for k in ("sd_ratio", "d_base", "d_aligned", "norm_ratio")]
    cases += [("spread", {k: (NAN, 1.8)}, k) for k in ("sd_ratio_ci", "d_base_ci", "d_aligned_ci")]
    cases += [("sae_silence", {k: NAN}, k) for k in SAE]
    cases += [("steering_disconnect", {arg: {**STEER[arg], m: NAN}}, f"{arg}['{m}']")
              for arg in ("direction_range", "feature_range", "axis_share") for m in ("base", "aligned")]
    cases += [("steering_disconnect", dict(alpha=NAN), "alpha"), ("reactivation", dict(alpha=NAN), "alpha")]
    cases += [("reactivation", {k: NAN}, k) for k in ("shift", "flipped_shift", "inferred_acc")]
    cases += [("reactivation", {k: (-0.1, NAN)}, k) for k in ("shift_ci", "flipped_ci")]
    return cases


@pytest.mark.parametrize("name, changes, missing", _nan_cases(), ids=[f"{c[0]}-{c[2]}" for c in _nan_cases()])
def test_a_nan_input_reads_cannot_tell_and_names_it(name, changes, missing):
    """NaN fails every comparison, so without the check each of these fell through to a confident reading."""
    v = getattr(verdicts, name)(**{**DEFAULTS[name], **changes}, where="layer 3")
    assert v.reading == "cannot tell" and v.evidence["missing"] == [missing]
    assert v.sentence.startswith(f"On this model pair, layer 3, `{missing}` is missing (NaN: not measured), so ")
    assert v.sentence.endswith(" cannot be told from these numbers.")


def test_cannot_tell_names_every_missing_input_and_no_push_comes_first():
    v = verdicts.reactivation(**{**REACT, "shift": NAN, "shift_ci": (NAN, NAN), "inferred_acc": NAN})
    assert v.reading == "cannot tell" and v.evidence["missing"] == ["shift", "shift_ci", "inferred_acc"]
    assert "`shift`, `shift_ci` and `inferred_acc` are missing (NaN: not measured), so whether amplifying the " \
           "inferred side moves the answers toward the user cannot be told" in v.sentence
    v = verdicts.steering_disconnect(**{**STEER, "feature_range": {"base": NAN, "aligned": NAN}})
    assert "`feature_range['base']` and `feature_range['aligned']` are missing" in v.sentence
    # with no coherent push nothing else is read, so a NaN elsewhere keeps that reading
    assert verdicts.reactivation(**{**REACT, "shift": NAN, "alpha": 0.0}).reading == "no coherent push"
    assert verdicts.steering_disconnect(**{**STEER, "direction_range": {"base": NAN, "aligned": 1.0},
                                           "alpha": 0.0}).reading == "no coherent push"
    # the existing poor-fit "cannot tell" of sae_silence keeps its own sentence
    assert "is a poor fit" in verdicts.sae_silence(**{**SAE, "ve_aligned": 0.2}).sentence


def test_efficacy_is_nan_without_a_direction_to_read_it_against():
    ev = verdicts.steering_disconnect(**{**STEER, "direction_range": {"base": 1.133, "aligned": 0.0},
                                         "feature_range": {"base": 1.367, "aligned": 0.233},
                                         "axis_share": {"base": 0.55, "aligned": 0.514}}).evidence
    assert np.isnan(ev["efficacy_aligned"]) and ev["efficacy_base"] == pytest.approx(1.367 / (0.55 * 1.133))
    ev = verdicts.steering_disconnect(**{**STEER, "direction_range": {"base": 0.1, "aligned": 1.0}}).evidence
    assert np.isnan(ev["efficacy_base"]) and ev["efficacy_aligned"] == pytest.approx(0.1 / 0.55)


def test_every_documented_reading_has_a_known_answer_case():
    covered = {(name, reading) for name, _, reading, _ in CASES}
    assert covered == {(name, r) for name, rs in READINGS.items() for r in rs}


def test_verdicts_are_frozen_and_evidence_carries_the_deciding_numbers():
    v = verdicts.spread(**SPREAD)
    with pytest.raises(AttributeError):
        v.reading = "kept"
    assert v.evidence["sd_ratio"] == 0.3 and v.evidence["random_share_below"] == 0.0
    assert v.evidence["norm_adjusted"] == pytest.approx(0.3 / 0.98)
    assert verdicts.steering_disconnect(**STEER).evidence["efficacy_aligned"] == pytest.approx(0.1 / 0.55)
    assert verdicts.spread(**SPREAD).sentence.startswith("On this model pair, the spread")  # no `where` clause


def test_thresholds_are_ordered():
    assert 0 < verdicts.D_COLLAPSE < verdicts.D_KEPT < 1 < verdicts.D_GROWN
    assert 0.5 < verdicts.CONTROL_QUANTILE < 1 and 0 < verdicts.MIN_SHARE < 1


def test_bad_inputs_are_clear():
    with pytest.raises(BadInput, match="at least 10"):
        verdicts.axis_separation(**{**AXIS, "control_auc_aligned": [0.5, 0.6]})
    with pytest.raises(BadInput, match="lo <= hi"):
        verdicts.spread(**{**SPREAD, "sd_ratio_ci": (0.4, 0.3)})
    with pytest.raises(BadInput, match="norm_ratio"):
        verdicts.spread(**{**SPREAD, "norm_ratio": 0.0})
    with pytest.raises(BadInput, match="base"):
        verdicts.steering_disconnect(**{**STEER, "axis_share": {"base": 0.5}})
    with pytest.raises(BadInput, match="pair"):
        verdicts.reactivation(**{**REACT, "shift_ci": 0.2})
    with pytest.raises(BadInput, match="shift is infinite"):
        verdicts.reactivation(**{**REACT, "shift": float("inf")})
    with pytest.raises(BadInput, match=r"feature_range\['aligned'\] is infinite"):
        verdicts.steering_disconnect(**{**STEER, "feature_range": {"base": 0.8, "aligned": float("-inf")}})
    with pytest.raises(BadInput, match="200, 199 finite"):
        verdicts.spread(**{**SPREAD, "random_ratios": np.r_[RANDOM[:199], NAN]})


# ---------------------------------------------------------------- planted activations, end to end

def _planted(seed=0, n=300, d=32, gap=1.5):
    """Left/right texts with the side planted along unit axis u (d = gap on it), isotropic noise elsewhere."""
    g = torch.Generator().manual_seed(seed)
    u = torch.randn(d, generator=g)
    u = u / u.norm()
    y = torch.arange(n) % 2  # 1 = right
    x = torch.randn(n, d, generator=g) + 5.0 * torch.randn(d, generator=g) + gap * (y.float() - 0.5)[:, None] * u
    return x, y.numpy(), u


def _spread_inputs(base, aligned, y, u):
    pb, pa = (base @ u).numpy(), (aligned @ u).numpy()
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(pb), size=(500, len(pb)))  # paired bootstrap of the SD ratio, as compression_table
    boot = pa[idx].std(1, ddof=1) / pb[idx].std(1, ddof=1)
    right = y == 1
    return dict(sd_ratio=float(pa.std(ddof=1) / pb.std(ddof=1)), sd_ratio_ci=tuple(np.quantile(boot, [0.025, 0.975])),
                d_base=stats.cohens_d(pb[right], pb[~right]),
                d_base_ci=stats.cohens_d_ci(pb[right], pb[~right], n_boot=300),
                d_aligned=stats.cohens_d(pa[right], pa[~right]),
                d_aligned_ci=stats.cohens_d_ci(pa[right], pa[~right], n_boot=300),
                norm_ratio=float(aligned.norm(dim=1).mean() / base.norm(dim=1).mean()),
                random_ratios=verdicts.random_axes_sd_ratio(base, aligned))


def test_spread_tells_compression_erasure_and_scale_apart_on_planted_activations():
    x, y, u = _planted()
    along = (x @ u)[:, None] * u
    compressed = x - 0.7 * along                                # the axis shrinks to 0.3, signal and noise alike
    erased = x - along + 0.3 * torch.randn(len(x), 1, generator=torch.Generator().manual_seed(5)) * u  # no side left
    scaled = 0.4 * x                                            # the whole residual stream shrinks
    assert verdicts.spread(**_spread_inputs(x, compressed, y, u)).reading == "compressed"
    assert verdicts.spread(**_spread_inputs(x, erased, y, u)).reading == "erased"
    assert verdicts.spread(**_spread_inputs(x, scaled, y, u)).reading == "scale change"
    assert verdicts.spread(**_spread_inputs(x, x.clone(), y, u)).reading == "kept"


def test_random_axes_sd_ratio_is_the_exercise_draw_and_exact_under_scaling():
    x, _, _ = _planted(n=80)
    assert np.allclose(verdicts.random_axes_sd_ratio(x, 0.5 * x), 0.5)
    r = torch.randn(200, x.shape[1], generator=torch.Generator().manual_seed(0))  # ex-nm-random-axes' solution
    r = r / r.norm(dim=1, keepdim=True)
    y = x * torch.linspace(0.5, 1.5, x.shape[1])
    assert np.allclose(verdicts.random_axes_sd_ratio(x, y), ((y @ r.T).std(0) / (x @ r.T).std(0)).numpy())
    with pytest.raises(BadInput, match="same d_model"):
        verdicts.random_axes_sd_ratio(x, x[:, :5])


def test_shuffled_auc_is_chance_and_the_axis_verdict_reads_planted_data():
    x, y, u = _planted(seed=2, n=800, d=16, gap=2.0)
    train, test = slice(0, 400), slice(400, 800)
    control = verdicts.shuffled_auc(x[train], y[train], x[test], y[test], n=60)
    assert control.shape == (60,) and abs(np.median(control) - 0.5) < 0.06
    assert np.array_equal(control, verdicts.shuffled_auc(x[train], y[train], x[test], y[test], n=60))  # seeded

    def numbers(acts):
        direction = torch.as_tensor(acts[train][y[train] == 1].mean(0) - acts[train][y[train] == 0].mean(0))
        p = (acts[test] @ direction).numpy()
        return stats.auc(p, y[test]), stats.cohens_d(p[y[test] == 1], p[y[test] == 0])

    erased = x - (x @ u)[:, None] * u
    (ab, db), (ak, dk), (ae, de) = numbers(x), numbers(x - 0.5 * (x @ u)[:, None] * u), numbers(erased)
    ctl = dict(control_auc_base=control, control_auc_aligned=control)
    assert verdicts.axis_separation(auc_base=ab, auc_aligned=ak, d_base=db, d_aligned=dk, **ctl).reading == "kept"
    assert verdicts.axis_separation(auc_base=ab, auc_aligned=ae, d_base=db, d_aligned=de, **ctl).reading == "erased"
