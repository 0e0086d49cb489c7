"""Part I pipeline on a tiny random model and the real statements: shapes, sign convention, cue bookkeeping."""
import numpy as np
import pytest
import torch

from lib import data, partisan
from lib.errors import BadInput


@pytest.fixture(scope="module")
def stacts(tiny):
    return partisan.statement_activations(tiny, layers=[0, 2], cache=False, progress=False)


def test_statement_activations_cover_every_statement(tiny, stacts):
    n = len(data.statements())
    assert stacts.acts.shape == (n, 2, tiny.d_model) and stacts.layers == [0, 2]
    assert set(stacts.frame.label) == {-1, 0, 1}
    assert (stacts.frame.label[stacts.frame.lean == "right"] == 1).all()
    test = stacts.select(split="test")
    assert set(test.frame.lean) == {"left", "right"} and (test.frame.split == "test").all()
    with pytest.raises(BadInput, match="collected layers: \\[0, 2\\]"):
        stacts.at(1)


def test_direction_is_unit_right_minus_left_on_train(stacts):
    train = stacts.select(split="train")
    right = train.at(2)[torch.from_numpy(train.frame.lean.eq("right").to_numpy().copy())].mean(0)
    left = train.at(2)[torch.from_numpy(train.frame.lean.eq("left").to_numpy().copy())].mean(0)
    expected = (right - left) / (right - left).norm()
    torch.testing.assert_close(partisan.partisan_direction(stacts, 2), expected, atol=1e-5, rtol=1e-5)
    assert partisan.partisan_direction(stacts).shape == (2, stacts.acts.shape[-1])


def test_score_lean_dispatch():
    texts = ["we need universal background checks", "protect the second amendment"]
    lex = data.lexicon("partisan")
    assert any("universal background checks" in p for p in lex["left"]["guns"])
    assert partisan.score_lean(texts).tolist() == [-1.0, 1.0]
    with pytest.raises(BadInput, match="judge_model"):
        partisan.score_lean(texts, "llm")
    # an unknown judge: tests/test_bad_inputs.py


def test_policy_answers_bookkeeping(tiny, tmp_path):
    table = partisan.policy_answers(tiny, variants=("none", "implicit_right"), n=2, max_new_tokens=3, cache=tmp_path,
                                    progress=False)
    assert len(table) == 4 and table.variant.tolist() == ["none", "none", "implicit_right", "implicit_right"]
    assert table.cue.tolist() == ["none", "none", "implicit", "implicit"]
    assert table.cue_side.tolist()[2:] == ["right", "right"] and table.cue_side.isna().tolist()[:2] == [True, True]
    q = data.prompts(split="test").head(2)
    assert table.prompt.tolist()[2:] == q.variant_implicit_right.tolist()
    assert np.isfinite(table.lean).all() and set(table.label) <= {"left", "right", "balanced"}
    with pytest.raises(BadInput, match="unknown variant"):
        partisan.policy_answers(tiny, variants=("sideways",), n=1)


def test_real_text_separation_is_the_auc_and_d_of_the_projections(tiny):
    from lib import activations, corpora, directions, partisan, stats
    from lib.errors import BadInput

    tweets = corpora.load_senator_tweets(split="test", fixture=True)
    acts = activations.collect(tiny, tweets.text.tolist(), [1], position="mean")[:, 0]
    right = (tweets.lean == "right").to_numpy()
    direction = directions.diff_in_means(acts, right.astype(int), positive=1)  # planted: separates by construction
    out = partisan.real_text_separation(tiny, direction, 1, tweets)
    p = directions.project(acts, direction).numpy()
    assert out == {"n": len(tweets), "auc": stats.auc(p, right), "d": stats.cohens_d(p[right], p[~right])}
    assert out["auc"] > 0.5 and out["d"] > 0
    flipped = partisan.real_text_separation(tiny, -direction, 1, tweets)
    assert flipped["auc"] == pytest.approx(1 - out["auc"]) and flipped["d"] == pytest.approx(-out["d"])
    with pytest.raises(BadInput, match="must hold both 'left' and 'right'"):
        partisan.real_text_separation(tiny, direction, 1, tweets[tweets.lean == "left"])
