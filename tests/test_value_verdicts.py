"""lib.value_verdicts: every reading of every Part II verdict on synthetic numbers with a known answer, boundary
cases, and the controls computed from planted data (lib.value_corpus's shuffles and PVQ-under-prompts tables too)."""
import numpy as np
import pandas as pd
import pytest
import torch

from lib import data, value_corpus, value_verdicts as vv
from lib.errors import BadInput
from lib.value_verdicts import READINGS

NULL = np.random.default_rng(0).normal(0.1, 0.02, size=200)   # a control centred at 0.1: q95 about 0.13
ZERO = np.random.default_rng(1).normal(0.0, 0.01, size=200)   # a null difference: central 95% about +-0.02
PC = np.random.default_rng(2).normal(0.25, 0.02, size=200)    # random directions' PC1+PC2 share: q95 about 0.28
RHO = np.random.default_rng(3).normal(0.0, 0.05, size=1000)   # shuffled-order Spearman rho: q05 about -0.08
COUNTS = {"shared": np.full(100, 8.0) + np.arange(100) % 3, "intrinsic": np.full(100, 8.0),
          "prompted": np.full(100, 8.0)}

DEFAULTS = {
    "prompt_following": dict(on_target=0.6, intrinsic=0.1, control_on_target=NULL, kappa=0.9),
    "vector_agreement": dict(same_cos=0.6, other_cos=0.2, control_same=NULL, control_gap=NULL, within_half=0.9,
                             across_half=0.5),
    "pvq_prompt_response": dict(own_gain=2.5, other_gain=0.1, parsed=1.0, n_items=20),
    "steering_comparison": dict(intrinsic=(0.5, 0.2, 0.8), prompted=(1.5, 1.1, 1.9), control=(0.0, -0.2, 0.2),
                                diff_ci=(0.5, 1.5), testable=True, alpha=1.0),
    "neuron_groups": dict(counts={"shared": 20, "intrinsic": 8, "prompted": 9}, control=COUNTS),
    "neuron_scaling": dict(lifts={"shared": (0.4, 0.2, 0.6), "intrinsic": (0.0, -0.1, 0.1)},
                           control=(0.0, -0.1, 0.1), beta=4.0),
    "diversity_gap": dict(intrinsic=0.40, prompted=0.30, null=ZERO),
    "retrieval_transfer": dict(auc={"en": 0.9, "zh": 0.8, "es": 0.6, "ko": 0.6, "fr": 0.8},
                               null95={k: 0.7 for k in ("en", "zh", "es", "ko", "fr")}),
    "steering_transfer": dict(gain={"en": (1.0, 0.6, 1.4), "zh": (0.8, 0.4, 1.2), "fr": (0.7, 0.3, 1.1)},
                              control={k: (0.0, -0.2, 0.2) for k in ("en", "zh", "fr")}, testable=True),
    "circle": dict(r2=0.8, null=NULL, pc12=0.7, random_pc12=PC, r2_int=0.3, r2_prompt=0.4),
    "rating_circle": dict(rho=-0.4, null=RHO, parsed=1.0),
}
FR_NO = {"en": 0.9, "zh": 0.8, "es": 0.6, "ko": 0.6, "fr": 0.6}

CASES = [  # (function, changes to its defaults, the reading it must give, why)
    ("prompt_following", {}, "follows prompts", "far above shuffles and the unprompted rate"),
    ("prompt_following", dict(kappa=0.5), "cannot tell", "the judge disagrees with known labels"),
    ("prompt_following", dict(on_target=0.11), "no following", "within the shuffled-prompt control"),
    ("prompt_following", dict(on_target=float(np.quantile(NULL, 0.95))), "no following",
     "boundary: equal to the control's 95th percentile is not above it"),
    ("prompt_following", dict(on_target=0.3, intrinsic=0.25), "no lift over intrinsic", "beats shuffles, +5 points"),
    ("prompt_following", dict(on_target=0.408, intrinsic=0.087), "follows prompts", "the interim organism's numbers"),
    ("vector_agreement", {}, "shared and unique", "value-specific, differs beyond split-half noise"),
    ("vector_agreement", dict(same_cos=0.12, other_cos=0.1), "no shared component", "within shuffled labels"),
    ("vector_agreement", dict(same_cos=0.6, other_cos=0.55), "not value-specific", "all values share it"),
    ("vector_agreement", dict(across_half=0.85), "same vector", "across-condition halves agree like within"),
    ("vector_agreement", dict(across_half=vv.SAME * 0.9), "same vector", "boundary: exactly SAME x within"),
    ("pvq_prompt_response", {}, "responds", "own +2.5, others +0.1"),
    ("pvq_prompt_response", dict(parsed=0.5), "unparseable", "half the answers are no rating"),
    ("pvq_prompt_response", dict(own_gain=0.9, other_gain=0.0), "no response",
     "the interim organism: 3.0 prompted against 2.1 unprompted"),
    ("pvq_prompt_response", dict(own_gain=1.5, other_gain=0.0), "responds", "boundary: exactly 1.5 points"),
    ("pvq_prompt_response", dict(own_gain=2.0, other_gain=1.2), "not specific", "every item rises"),
    ("steering_comparison", {}, "prompted steers more", "paired difference above 0"),
    ("steering_comparison", dict(testable=False), "cannot test", "the ratings do not follow prompts"),
    ("steering_comparison", dict(alpha=0.0), "cannot test", "no coherent push: nothing was steered"),
    ("steering_comparison", dict(intrinsic=(0.1, -0.1, 0.3), prompted=(0.2, 0.0, 0.4)), "neither beats control",
     "both CIs reach into the random direction's"),
    ("steering_comparison", dict(diff_ci=(-1.5, -0.2)), "intrinsic steers more", "paired difference below 0"),
    ("steering_comparison", dict(diff_ci=(-0.3, 0.4)), "alike", "paired difference spans 0"),
    ("neuron_groups", {}, "value neurons", "20 shared neurons against at most 10 on random planes"),
    ("neuron_groups", dict(counts={"shared": 10, "intrinsic": 8, "prompted": 8}), "no more than random planes",
     "boundary: equal to the random planes' 95th percentile"),
    ("neuron_scaling", {}, "steers", "the shared group's CI is above random neurons'"),
    ("neuron_scaling", dict(lifts={}), "cannot tell", "no value was scaled"),
    ("neuron_scaling", dict(beta=1.0), "cannot tell", "no coherent gain: nothing was scaled"),
    ("neuron_scaling", dict(lifts={"shared": (0.05, -0.05, 0.15)}), "no group steers", "overlaps the control"),
    ("neuron_scaling", dict(lifts={"prompted": (-0.4, -0.6, -0.2)}), "steers", "a group that lowers expression"),
    ("diversity_gap", {}, "intrinsic more diverse", "0.10 beyond a null of +-0.02"),
    ("diversity_gap", dict(guard_ok=False), "model broken", "every strength broke the loss budget"),
    ("diversity_gap", dict(intrinsic=0.31, prompted=0.30), "no difference", "0.01 within the null"),
    ("diversity_gap", dict(intrinsic=0.30, prompted=0.40), "prompted more diverse", "the opposite direction"),
    ("retrieval_transfer", {}, "transfers to held-out language", "fr beyond its null"),
    ("retrieval_transfer", dict(auc={**FR_NO, "en": 0.6}), "no signal in English", "en within its null"),
    ("retrieval_transfer", dict(auc=FR_NO), "trained languages only", "zh beyond, fr not"),
    ("retrieval_transfer", dict(auc={**FR_NO, "zh": 0.7}), "does not transfer",
     "boundary: zh equal to its null's 95th percentile"),
    ("steering_transfer", {}, "transfers to held-out language", "fr's CI above the random direction's"),
    ("steering_transfer", dict(testable=False), "cannot test", "the ratings do not follow prompts"),
    ("steering_transfer", dict(alpha=0.0), "cannot test", "no coherent push: nothing was steered"),
    ("steering_transfer", dict(gain={"en": (0.1, -0.1, 0.3), "zh": (0.8, 0.4, 1.2), "fr": (0.7, 0.3, 1.1)}),
     "no signal in English", "English within the control"),
    ("steering_transfer", dict(gain={"en": (1.0, 0.6, 1.4), "zh": (0.8, 0.4, 1.2), "fr": (0.1, -0.2, 0.4)}),
     "trained languages only", "zh transfers, fr not"),
    ("steering_transfer", dict(gain={"en": (1.0, 0.6, 1.4), "zh": (0.1, -0.2, 0.4), "fr": (0.1, -0.2, 0.4)}),
     "does not transfer", "English only"),
    ("circle", {}, "circle found", "R2 0.8 beyond the null, planar"),
    ("circle", dict(r2=0.11), "no circle", "within the shuffled orders"),
    ("circle", dict(r2=0.3), "weak circle", "beyond the null, under MIN_R2"),
    ("circle", dict(pc12=0.26), "circle, not planar", "PC1+PC2 like random directions"),
    ("circle", dict(r2=vv.MIN_R2), "circle found", "boundary: exactly MIN_R2 is not weak"),
    ("rating_circle", {}, "circle in ratings", "rho -0.4 far below the null"),
    ("rating_circle", dict(parsed=0.3), "cannot test", "few ratings"),
    ("rating_circle", dict(rho=0.0), "no circle in ratings", "rho like the shuffles"),
    ("rating_circle", dict(rho=0.4), "no circle in ratings", "ratings rising with distance are no circle"),
]


@pytest.mark.parametrize("name, changes, reading, why", CASES, ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_each_reading_on_synthetic_numbers(name, changes, reading, why):
    v = getattr(vv, name)(**{**DEFAULTS[name], **changes}, where="layer 2")
    assert isinstance(v, vv.Verdict)
    assert v.reading == reading, why
    assert v.reading in READINGS[name]
    assert v.sentence.startswith("On this model, layer 2, ") and v.sentence.endswith(".") and str(v) == v.sentence
    assert "\n" not in v.sentence and v.evidence and "nan" not in v.sentence


def test_every_documented_reading_has_a_known_answer_case():
    covered = {(name, reading) for name, _, reading, _ in CASES}
    assert covered == {(name, r) for name, rs in READINGS.items() for r in rs}


def test_testable_reading_and_sentences_without_where():
    assert vv.pvq_prompt_response(**DEFAULTS["pvq_prompt_response"]).reading == vv.TESTABLE
    no = vv.pvq_prompt_response(**{**DEFAULTS["pvq_prompt_response"], "own_gain": 0.9})
    assert "cannot be run" in no.sentence and no.sentence.startswith("On this model, a value system prompt")
    assert "fr" in vv.retrieval_transfer(**{**DEFAULTS["retrieval_transfer"], "auc": FR_NO}).sentence


def test_bad_inputs_are_clear():
    with pytest.raises(BadInput, match="at least 10"):
        vv.prompt_following(**{**DEFAULTS["prompt_following"], "control_on_target": [0.1, 0.2]})
    with pytest.raises(BadInput, match="triple"):
        vv.steering_comparison(**{**DEFAULTS["steering_comparison"], "control": 0.1})
    with pytest.raises(BadInput, match="lo <= hi"):
        vv.steering_comparison(**{**DEFAULTS["steering_comparison"], "diff_ci": (1.0, 0.0)})
    # an untestable model reads nothing, so an undefined difference is no error there
    assert vv.steering_comparison(**{**DEFAULTS["steering_comparison"], "diff_ci": (np.nan, np.nan),
                                     "testable": False}).reading == "cannot test"
    with pytest.raises(BadInput, match="same languages"):
        vv.retrieval_transfer(auc={"en": 0.9, "fr": 0.8}, null95={"en": 0.7})
    with pytest.raises(BadInput, match="same languages"):
        vv.steering_transfer(gain={"en": (1, 0, 2)}, control={"en": (0, -1, 1)}, testable=True)


# ---------------------------------------------------------------- controls on planted data

def _corpus(n_queries=30, follow=True, shared=1.0, unique=0.0, d=24, seed=0):
    """A corpus whose prompted responses express the asked-for value (follow) and whose activations carry value
    direction shared[s] + unique * own_condition[s] when a response expresses s."""
    rng = np.random.default_rng(seed)
    base = torch.from_numpy(rng.normal(size=(10, d))).float()
    own = {c: torch.from_numpy(rng.normal(size=(10, d))).float() for c in ("intrinsic", "prompted")}
    rows, acts = [], []
    for q in range(n_queries):
        for cond, asked in [("intrinsic", None)] * 3 + [("prompted", v) for v in data.VALUE_KEYS]:
            k = data.VALUE_KEYS.index(asked) if follow and asked else int(rng.integers(10))
            rows.append(dict(query_id=f"q{q}", condition=cond, prompted_value=asked,
                             **{f"expr_{v}": j == k for j, v in enumerate(data.VALUE_KEYS)}))
            acts.append(shared * base[k] + unique * own[cond][k] + 0.3 * torch.randn(d))
    return pd.DataFrame(rows), torch.stack(acts)[:, None]


def test_shuffled_on_target_is_chance_and_real_following_beats_it():
    frame, _ = _corpus()
    null = value_corpus.shuffled_on_target(frame, n=50)
    assert 0.0 < null.mean() < 0.25 and len(null) == 50
    prompted = frame[frame.condition == "prompted"]
    on_target = np.mean([prompted[prompted.prompted_value == v][f"expr_{v}"].mean() for v in data.VALUE_KEYS])
    assert on_target == 1.0 and vv.prompt_following(on_target=on_target, intrinsic=0.1, control_on_target=null,
                                                    kappa=1.0).reading == "follows prompts"


@pytest.mark.parametrize("unique, reading", [(0.0, "same vector"), (1.5, "shared and unique")])
def test_cosine_controls_tell_one_vector_from_shared_plus_unique(unique, reading):
    frame, acts = _corpus(unique=unique)
    same, gap = value_corpus.shuffled_cosines(frame, acts, 0, n=30)
    within, across = value_corpus.half_cosines(frame, acts, 0)
    vecs = {k: v[:, 0] for k, v in value_corpus.condition_vectors(frame, acts).items()}
    s, o = value_corpus._cosines(vecs)
    v = vv.vector_agreement(same_cos=s, other_cos=o, control_same=same, control_gap=gap, within_half=within,
                            across_half=across)
    assert v.reading == reading and abs(np.mean(same)) < 0.3


def test_pvq_under_prompts_and_prompt_gains(tiny, monkeypatch):
    import lib.generations

    def fake(model, prompts, *, system=None, **kw):  # own value's prompt: 6, any other: 3, unprompted: 2
        if system is None:
            return ["2"] * len(prompts)
        return ["6" if system == f"SYS {v}" else "3" for v in items.value]

    items = data.pvq(split="test")
    items = items[items.lang.isin(["en", "fr"])].reset_index(drop=True)
    monkeypatch.setattr(lib.generations, "generate_cached", fake)
    monkeypatch.setattr(data, "system_prompt", lambda v, rng=None: f"SYS {v}")
    frame = value_corpus.pvq_under_prompts(tiny, langs=["en", "fr"])
    assert len(frame) == 11 * len(items) and set(frame.lang) == {"en", "fr"}
    assert (frame[frame.prompted_value == ""].change == 0).all()
    g = value_corpus.prompt_gains(frame).loc["all"]
    assert g.own_gain == 4 and g.other_gain == 1 and g.parsed == 1 and g.n_items == len(items) == 60
    assert value_corpus.prompt_gains(frame, by="lang").n_items.to_dict() == {"en": 20, "fr": 40}
    assert (data.pvq(split="test").split == "test").all()


def test_rating_circle_rho_finds_a_planted_circle_and_not_a_flat_one():
    from lib import circumplex
    order = list(circumplex.VALUE_ORDER)
    rows = [dict(value=v, prompted_value=p, change=-min(abs(i - j), 10 - abs(i - j)) + 0.1 * k)
            for i, v in enumerate(order) for j, p in enumerate(order) for k in range(2) if i != j]
    rho, null = vv.rating_circle_rho(pd.DataFrame(rows), n_perm=200)
    assert rho < -0.9 and vv.rating_circle(rho=rho, null=null, parsed=1.0).reading == "circle in ratings"
    flat = pd.DataFrame(rows).assign(change=0.0)
    rho, null = vv.rating_circle_rho(flat, n_perm=50)
    assert rho == 0 and vv.rating_circle(rho=rho, null=null, parsed=1.0).reading == "no circle in ratings"


def test_random_plane_counts_label_about_a_sixth_per_group_on_isotropic_weights():
    w = torch.randn(2000, 32, generator=torch.Generator().manual_seed(0))
    out = vv.random_plane_counts(w, 2, n=20, top_frac=0.1)
    assert set(out) == {"shared", "intrinsic", "prompted"}
    for counts in out.values():  # 2 planes x 200 kept neurons x 1/6 per 60-degree cone
        assert 40 < counts.mean() < 95


def test_shuffled_gap_tells_varied_from_repeated_text():
    from lib import diversity
    varied = [f"word{i} token{i * 7} thing{i * 3}" for i in range(40)]
    repeated = ["the same three words"] * 40
    metric = lambda t: diversity.distinct_n(t, 2)  # noqa: E731
    out = vv.shuffled_gap(varied, repeated, metric, n_perm=40, draws=3)
    assert out["a"] == 1.0 and out["b"] < 0.2 and out["n"] == 40
    assert vv.diversity_gap(intrinsic=out["a"], prompted=out["b"], null=out["null"]).reading == "intrinsic more diverse"
    same = vv.shuffled_gap(varied[:20], varied[20:], metric, n_perm=40, draws=3)
    assert vv.diversity_gap(intrinsic=same["a"], prompted=same["b"], null=same["null"]).reading == "no difference"


def test_gap_from_reads_the_tables_means_against_shuffled_labels():
    from lib import diversity
    varied = [f"word{i} token{i * 7} thing{i * 3}" for i in range(40)]
    repeated = ["the same three words"] * 40
    items = {"int": varied, "prompt": repeated, "other": varied[:30]}
    metric = lambda t: diversity.distinct_n(t, 2)  # noqa: E731
    # planted means, unlike what the metric gives on the items (1.0 and ~0.03): the table's are the ones read
    table = pd.DataFrame({"set": ["int", "prompt", "other"], "metric": "Distinct-2", "mean": [0.7, 0.4, 0.9]})
    gap = vv.gap_from(table, items, "int", "prompt", metric, draws=3, n_perm=40, where="in the corpus")
    assert (gap.a, gap.b, gap.names, gap.metric) == (0.7, 0.4, ("the int set", "the prompt set"), "Distinct-2")
    null = vv.shuffled_gap(varied, repeated, metric, n_perm=40, draws=3, seed=0)["null"]
    expected = vv.diversity_gap(intrinsic=0.7, prompted=0.4, null=null, names=gap.names, where="in the corpus")
    assert gap.verdict == expected and gap.verdict.reading == "intrinsic more diverse"
    assert gap.verdict.sentence.startswith("On this model, in the corpus, the int set is more diverse than the prompt "
                                           "set beyond shuffled labels (Distinct-2 0.700 (the int set) vs 0.400")
    # the other way round, named sets and another metric name; a failed guard reads "model broken"
    swapped = vv.gap_from(table, items, "prompt", "int", metric, draws=3, n_perm=40, names=("P", "I"),
                          metric_name="embedding diversity")
    assert swapped.verdict.reading == "prompted more diverse" and "embedding diversity 0.400 (P)" in str(swapped.verdict)
    broken = vv.gap_from(table, items, "int", "prompt", metric, draws=3, n_perm=40, guard_ok=False)
    assert (broken.a, broken.verdict.reading) == (0.7, "model broken")
    same = vv.gap_from(table.assign(mean=[0.9, 0.5, 0.9]), items, "int", "other", metric, draws=3, n_perm=40)
    assert same.verdict.reading == "no difference"  # 0.9 vs 0.9: within any null


def test_gap_from_bad_input():
    items = {"x": ["a b c"] * 4, "y": ["d e f"] * 4}
    table = pd.DataFrame({"set": ["x", "y"], "metric": "m", "mean": [0.5, 0.5]})
    with pytest.raises(BadInput, match="lib.diversity.compare"):
        vv.gap_from(table.drop(columns="mean"), items, "x", "y", len)
    with pytest.raises(BadInput, match="2 rows for set 'x'.*table.metric == name"):
        vv.gap_from(pd.concat([table, table]), items, "x", "y", len)
    with pytest.raises(BadInput, match="0 rows for set 'z'"):
        vv.gap_from(table, items, "x", "z", len)
    with pytest.raises(BadInput, match="items has no set 'y'"):
        vv.gap_from(table, {"x": items["x"]}, "x", "y", len)
    with pytest.raises(BadInput, match="items must be a dict"):
        vv.gap_from(table, [items["x"], items["y"]], "x", "y", len)
