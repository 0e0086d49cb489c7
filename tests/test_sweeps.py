"""Dose-response sweeps: a planted steering vector drives a known score to 1; summaries match hand computations."""
import numpy as np
import pandas as pd
import pytest
import torch

from lib import activations, steering, sweeps
from lib.errors import BadInput
from lib.stats import bootstrap_ci

PROMPTS = ["gun law", "the tax rate", "church farm", "a union vote"]


def tax_share(outputs):
    """Fraction of output words that are "tax" (NaN for an empty output)."""
    return [np.mean([w == "tax" for w in o.split()]) if o.split() else np.nan for o in outputs]


@pytest.fixture(scope="module")
def tax_vector(tiny):
    """A residual direction the unembedding reads as 'tax': W_U v = e_tax (W_U is 32 x 32, invertible)."""
    tax = tiny.tokenizer.convert_tokens_to_ids("tax")
    w_u = tiny.hf.lm_head.weight.detach().double()
    target = torch.zeros(w_u.shape[0], dtype=torch.float64)
    target[tax] = 1.0
    v = torch.linalg.solve(w_u, target)
    return (v / v.norm()).float()


def test_planted_direction_drives_score_to_one(tiny, tax_vector, tmp_path):
    last = tiny.n_layers - 1
    build = steering.AddVector(last, tax_vector)  # a template: the sweep sets its alpha to each strength
    frame = sweeps.sweep(tiny, PROMPTS, [0, 1000], build, tax_share, max_new_tokens=5, cache=tmp_path,
                         progress=False, label={"model": "tiny", "method": "add"})
    assert list(frame.columns) == ["strength", "item", "prompt", "output", "score", "model", "method"]
    assert len(frame) == 2 * len(PROMPTS) and (frame.model == "tiny").all()
    # strength 0 is the unsteered model; each strength equals steering.generate with build(strength)
    base = frame[frame.strength == 0].output.tolist()
    assert base == steering.generate(tiny, PROMPTS, max_new_tokens=5)
    steered = frame[frame.strength == 1000]
    at_1000 = [steering.AddVector(last, tax_vector, 1000.0)]
    assert steered.output.tolist() == steering.generate(tiny, PROMPTS, max_new_tokens=5, interventions=at_1000)
    assert steered.output.tolist() == ["tax tax tax tax tax"] * len(PROMPTS)
    summary = sweeps.summarize(frame, by=["strength", "model"])
    assert summary.loc[summary.strength == 1000, "mean"].item() == 1.0
    assert summary.loc[summary.strength == 1000, ["lo", "hi"]].to_numpy().tolist() == [[1.0, 1.0]]
    assert summary.loc[summary.strength == 0, "mean"].item() == pytest.approx(np.nanmean(tax_share(base)))


def test_dose_response_is_summarize_of_sweep_and_dict_scores(tiny, tax_vector, tmp_path):
    build = lambda a: [steering.AddVector(2, tax_vector, a)]  # noqa: E731
    scores = {"share": tax_share, "length": lambda outs: [len(o.split()) for o in outs]}
    frame = sweeps.sweep(tiny, PROMPTS, [-3.0, 3.0], build, scores, max_new_tokens=4, cache=tmp_path, progress=False)
    assert {"share", "length"} <= set(frame.columns) and "score" not in frame.columns
    assert frame.length.tolist() == [len(o.split()) for o in frame.output]
    dr = sweeps.dose_response(tiny, PROMPTS, [-3.0, 3.0], build, scores, value="length", max_new_tokens=4,
                              cache=tmp_path, progress=False)
    pd.testing.assert_frame_equal(dr, sweeps.summarize(frame, "length"))


def test_a_template_sweep_sets_each_interventions_strength_field():
    v = torch.ones(4)
    add, clamp = steering.AddVector(1, v), steering.ClampFeature(2, sae=None, feature=3, value=0.0)
    neurons, out = steering.ScaleNeurons(0, [1, 2], beta=1.0), steering.ProjectOut(1, v)
    assert steering.at_strength(add, 0) == [] and steering.at_strength([add, out], 0.0) == [out]
    assert steering.at_strength(neurons, 1) == [] and len(steering.at_strength(clamp, 0.0)) == 1  # identities only
    got = steering.at_strength([add, clamp, neurons, out], 2.5)
    assert [g.alpha if isinstance(g, steering.AddVector) else g.value if isinstance(g, steering.ClampFeature)
            else g.beta if isinstance(g, steering.ScaleNeurons) else None for g in got] == [2.5, 2.5, 2.5, None]
    assert got[0].vector is v and got[2].neurons == (1, 2) and got[3] is out and add.alpha == 1.0  # template unchanged
    with pytest.raises(BadInput, match="interventions"):
        steering.at_strength(["not an intervention"], 1.0)


def test_summarize_by_hand():
    frame = pd.DataFrame({"strength": [0, 0, 0, 1, 1, 1, 2], "score": [1.0, 2.0, np.nan, 0.0, 0.0, 3.0, 5.0],
                          "model": ["a"] * 7})
    out = sweeps.summarize(frame, n_boot=500, seed=3)
    assert out.strength.tolist() == [0, 1, 2]
    assert out["mean"].tolist() == [1.5, 1.0, 5.0]
    assert out.n.tolist() == [2, 3, 1] and out.n_missing.tolist() == [1, 0, 0]
    assert (out.lo[1], out.hi[1]) == bootstrap_ci([0.0, 0.0, 3.0], np.mean, n_boot=500, seed=3)
    assert np.isnan(out.lo[2]) and np.isnan(out.hi[2])  # one row: no interval
    assert out.lo[0] >= 1.0 and out.hi[0] <= 2.0


def test_none_scores_become_missing(tiny, tmp_path):
    frame = sweeps.sweep(tiny, PROMPTS[:2], [0], lambda a: [], lambda outs: [None, 1], max_new_tokens=2,
                         cache=tmp_path, progress=False)
    assert np.isnan(frame.score[0]) and frame.score[1] == 1.0
    assert sweeps.summarize(frame).n_missing.item() == 1


def test_loss_curve_matches_steering_loss(tiny):
    texts = ["the tax rate", "a union vote in the city school"]
    vec = torch.ones(tiny.d_model) / tiny.d_model ** 0.5
    build = lambda a: [steering.AddVector(1, vec, a)]  # noqa: E731
    table = sweeps.loss_curve(tiny, texts, [0, 5.0], build, n_boot=100, label={"method": "add"})
    by_hand = [np.mean([steering.loss(tiny, [t], build(a)) for t in texts]) for a in (0, 5.0)]
    assert table.loss.tolist() == pytest.approx(by_hand, rel=1e-5)
    assert table.delta.tolist() == pytest.approx([0.0, by_hand[1] - by_hand[0]], abs=1e-5)
    assert table.n.tolist() == [2, 2] and (table.method == "add").all()
    assert np.isnan(sweeps.loss_curve(tiny, texts, [5.0], build, n_boot=100).delta.item())  # no strength 0


def test_text_losses_match_steering_loss_one_by_one(tiny, texts):
    vec = torch.ones(tiny.d_model)
    for ivs in ([], [steering.AddVector(2, vec, 2.0)]):
        got = sweeps.text_losses(tiny, texts, ivs, batch_size=3)  # mixed lengths, right padding, two batches
        assert got == pytest.approx([steering.loss(tiny, [t], ivs) for t in texts], rel=1e-5)
    assert sweeps.text_losses(tiny, ["gun"]).shape == (1,)  # BOS + one token: one prediction
    with pytest.raises(BadInput, match="fewer than two tokens"):
        sweeps.text_losses(tiny, ["<bos>"])  # BOS alone: nothing to predict


def test_residual_scale_is_median_token_norm(tiny, texts):
    norms = torch.cat([activations.reference(tiny, t, [2])[0, 1:].norm(dim=-1) for t in texts])  # BOS dropped
    assert sweeps.residual_scale(tiny, texts, 2) == pytest.approx(float(norms.median()), rel=1e-5)
    assert sweeps.residual_scale(tiny, texts, 2, stat="mean") == pytest.approx(float(norms.mean()), rel=1e-5)


def test_strongest_answering_is_the_largest_strength_that_still_parses():
    frame = pd.DataFrame({"strength": [0, 0, 0.5, 0.5, 1, 1, 2, 2, 3, 3],
                          "rating": [1, 2, 3, np.nan, 4, 5, np.nan, np.nan, 6, 6]})
    assert sweeps.strongest_answering(frame, "rating", max_missing=0.5) == 1.0  # 2 fails: 3 is beyond a failure
    assert sweeps.strongest_answering(frame.query("strength != 2"), "rating", max_missing=0.5) == 3.0
    assert sweeps.strongest_answering(frame, "rating", max_missing=0.0) == 0.5  # even the weakest fails: smallest
    assert sweeps.strongest_answering(frame.query("strength in (0, 2)"), "rating") == 2.0
    with pytest.raises(BadInput, match="positive strength"):
        sweeps.strongest_answering(frame.query("strength == 0"), "rating")
    with pytest.raises(BadInput, match="columns"):
        sweeps.strongest_answering(frame, "score")
    with pytest.raises(BadInput, match="share"):
        sweeps.strongest_answering(frame, "rating", max_missing=20)


def test_unit():
    assert sweeps.unit([3.0, 4.0]).tolist() == pytest.approx([0.6, 0.8])
    with pytest.raises(BadInput, match="zero"):
        sweeps.unit([0.0, 0.0])


@pytest.mark.parametrize("strengths, match", [([], "empty"), ([1, 1], "distinct"), (["a"], "finite numbers"),
                                              (3, "list of numbers"), ([np.nan], "finite")])
def test_bad_strengths(tiny, strengths, match):
    with pytest.raises(BadInput, match=match):
        sweeps.sweep(tiny, PROMPTS, strengths, lambda a: [], tax_share, progress=False)


def test_bad_inputs(tiny, tmp_path):
    with pytest.raises(BadInput, match="must return a list"):
        sweeps.sweep(tiny, PROMPTS, [1], lambda a: None, tax_share, progress=False)
    with pytest.raises(BadInput, match="list of strings"):
        sweeps.sweep(tiny, "gun law", [1], lambda a: [], tax_share, progress=False)
    with pytest.raises(BadInput, match="one number per output"):
        sweeps.sweep(tiny, PROMPTS, [0], lambda a: [], lambda outs: [1.0], max_new_tokens=2, cache=tmp_path,
                     progress=False)
    with pytest.raises(BadInput, match="callable"):
        sweeps.sweep(tiny, PROMPTS, [0], lambda a: [], "lean", max_new_tokens=2, cache=tmp_path, progress=False)
    with pytest.raises(BadInput, match="no column"):
        sweeps.summarize(pd.DataFrame({"strength": [0]}), "lean")
    with pytest.raises(BadInput, match="median"):
        sweeps.residual_scale(tiny, PROMPTS, 1, stat="max")


def test_every_strength_is_generated_before_any_scoring_and_scored_in_prompt_order(tiny, tax_vector, tmp_path,
                                                                                   monkeypatch):
    from lib import generations

    events = []
    real_generate = generations.generate_cached
    monkeypatch.setattr(generations, "generate_cached",
                        lambda *a, **k: events.append("generate") or real_generate(*a, **k))

    def by_prompt(outputs):  # a judge that needs the requests: it closes over the prompts, in order
        events.append("score")
        assert len(outputs) == len(PROMPTS)
        return [float(len(p)) for p in PROMPTS]

    build = lambda a: [steering.AddVector(2, tax_vector, a)] if a else []  # noqa: E731
    frame = sweeps.sweep(tiny, PROMPTS, [0.0, 2.0, 4.0], build, by_prompt, max_new_tokens=3, cache=tmp_path,
                         progress=False)
    assert events == ["generate"] * 3 + ["score"] * 3  # a judge model would be loaded once, after the generations
    assert frame.score.tolist() == [float(len(p)) for p in PROMPTS] * 3
    unscored = sweeps.sweep(tiny, PROMPTS, [0.0, 2.0], build, None, max_new_tokens=3, cache=tmp_path, progress=False)
    assert "score" not in unscored.columns
    scored = sweeps.score_frame(unscored.copy(), {"n": by_prompt}, "strength")
    assert scored.n.tolist() == [float(len(p)) for p in PROMPTS] * 2
