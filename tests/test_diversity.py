import math

import numpy as np
import pytest
import torch

from lib.diversity import (compare, distinct_n, ead_n, embedding_diversity, logit_lens_entropy, ngram_counts,
                           tokenize)
from lib.errors import BadInput

TEXTS = ["The cat sat.", "the cat ran"]
# tokens: [the, cat, sat] and [the, cat, ran]
# bigrams: (the,cat) (cat,sat) | (the,cat) (cat,ran)  -> total 4, unique 3: {the cat, cat sat, cat ran}
# unigrams: the, cat, sat, the, cat, ran                -> total 6, unique 4: {the, cat, sat, ran}


def test_tokenize_lowercases_and_keeps_apostrophes():
    assert tokenize("Don't STOP, now!") == ["don't", "stop", "now"]
    assert tokenize("a b", tokenizer=lambda t: list(t)) == ["a", " ", "b"]


def test_distinct_hand_counted():
    assert distinct_n(TEXTS, n=2) == pytest.approx(3 / 4)
    assert distinct_n(TEXTS, n=1) == pytest.approx(4 / 6)
    # n-grams do not cross texts: ("sat", "the") is not counted
    assert ("sat", "the") not in ngram_counts(TEXTS, 2)


def test_identical_texts_give_minimum_diversity():
    # one text of 3 distinct bigrams repeated 5 times: 3 unique / 15 total, the minimum for 5 copies
    texts = ["a b c d"] * 5
    assert distinct_n(texts, 2) == pytest.approx(3 / 15)
    assert distinct_n(texts, 2) < distinct_n(["a b c d", "e f g h", "i j k l", "m n o p", "q r s t"], 2) == 1.0
    # one bigram repeated: distinct = 1 / C
    assert distinct_n(["x y"] * 4, 2) == pytest.approx(1 / 4)


def test_ead_known_values():
    # TEXTS, n=2: unique 3, C = 4, default V = 4 unique unigrams ** 2 = 16
    expected = 3 / (16 * (1 - (15 / 16) ** 4))
    assert ead_n(TEXTS, n=2) == pytest.approx(expected)
    # explicit V=3, C=4, unique 3: 3 / (3 * (1 - (2/3)**4)) = 1 / (65/81) = 81/65
    assert ead_n(TEXTS, n=2, vocab_size=3) == pytest.approx(81 / 65)


def test_ead_single_bigram():
    # ["x y"] * 4: unique 1, C 4, default V = 2 ** 2 = 4 -> 1 / (4 * (1 - (3/4)**4)) = 1 / 2.734375
    assert ead_n(["x y"] * 4, 2) == pytest.approx(1 / (4 * (1 - 0.75 ** 4)))
    # EAD of a long uniform random corpus is ~1 regardless of its length (unlike Distinct)
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(30)]
    short = [" ".join(rng.choice(words, 200))]
    long = [" ".join(rng.choice(words, 3000))]
    v = 30 ** 2
    assert ead_n(short, 2, vocab_size=v) == pytest.approx(1.0, abs=0.08)
    assert ead_n(long, 2, vocab_size=v) == pytest.approx(1.0, abs=0.08)
    assert distinct_n(long, 2) < distinct_n(short, 2) - 0.3


def test_errors():
    with pytest.raises(BadInput, match="no 2-grams"):
        distinct_n(["one", ""], 2)
    with pytest.raises(BadInput, match="list of strings"):
        distinct_n("a single string", 2)
    with pytest.raises(BadInput, match="smaller than"):
        ead_n(TEXTS, 2, vocab_size=2)
    with pytest.raises(BadInput, match="all zeros"):
        embedding_diversity(np.array([[1.0, 0], [0, 0]]))
    with pytest.raises(BadInput, match="transposed"):
        logit_lens_entropy(torch.zeros(3, 4), torch.zeros(4, 7))


def test_embedding_diversity():
    x = np.tile([[1.0, 2.0, 3.0]], (5, 1))
    assert embedding_diversity(x) == pytest.approx(0.0, abs=1e-12)
    assert embedding_diversity(3 * x) == pytest.approx(0.0, abs=1e-12)  # scale-free
    # orthonormal rows: every pair has cos 0 -> distance 1; opposite pair: 2
    assert embedding_diversity(torch.eye(4)) == pytest.approx(1.0)
    assert embedding_diversity([[1.0, 0.0], [-1.0, 0.0]]) == pytest.approx(2.0)
    # three rows: pairs (0,1) cos 1, (0,2) cos 0, (1,2) cos 0 -> mean distance (0 + 1 + 1) / 3
    assert embedding_diversity([[1.0, 0.0], [2.0, 0.0], [0.0, 1.0]]) == pytest.approx(2 / 3)


def test_logit_lens_entropy():
    V, d = 50, 8
    W = torch.randn(V, d, generator=torch.Generator().manual_seed(0))
    # zero hidden -> uniform logits -> entropy log(V)
    ent = logit_lens_entropy(torch.zeros(2, 3, d), W)
    assert ent.shape == (2, 3)
    assert torch.allclose(ent, torch.full((2, 3), math.log(V)), atol=1e-5)
    # hand check against an explicit softmax, with a final norm and chunking
    h = torch.randn(7, d, generator=torch.Generator().manual_seed(1))
    norm = torch.nn.LayerNorm(d)
    p = torch.softmax(norm(h) @ W.T, -1)
    expected = -(p * p.log()).sum(-1)
    got = logit_lens_entropy(h, W, final_norm=norm, chunk=3)
    assert torch.allclose(got, expected.detach(), atol=1e-5)
    # a huge logit on one token -> entropy ~0
    W2 = torch.zeros(V, d)
    W2[5, 0] = 1.0
    assert logit_lens_entropy(torch.tensor([[1000.0] + [0.0] * (d - 1)]), W2)[0] < 1e-6


def test_embedding_diversity_matches_the_pairwise_definition():
    # the closed form (|sum u|^2 - n) / (n (n - 1)) equals the explicit mean over pairs i < j
    e = torch.randn(9, 5, generator=torch.Generator().manual_seed(3)).double()
    u = e / e.norm(dim=1, keepdim=True)
    pairs = [1 - float(u[i] @ u[j]) for i in range(9) for j in range(i + 1, 9)]
    assert embedding_diversity(e) == pytest.approx(sum(pairs) / len(pairs), abs=1e-12)


def test_compare_equal_size_draws_known_answers():
    mean = lambda xs: float(np.mean(xs))  # noqa: E731
    sets = {"ones": [1.0] * 4, "mixed": [0.0, 0.0, 1.0, 1.0, 1.0]}
    out = compare(sets, {"mean": mean}, draws=4000, seed=0).set_index("set")
    assert list(out.n) == [4, 4]  # both subsampled to the smaller set's size
    # a set of exactly n items gives the same subset every draw
    assert out.loc["ones", ["mean", "lo", "hi"]].tolist() == [1.0, 1.0, 1.0]
    # 4 of the 5 mixed items: dropping a 0 (p 2/5) gives 3/4, dropping a 1 (p 3/5) gives 2/4; expectation 0.6
    assert out.loc["mixed", "mean"] == pytest.approx(0.6, abs=0.01)
    assert (out.loc["mixed", "lo"], out.loc["mixed", "hi"]) == (0.5, 0.75)


def test_compare_same_subsets_for_every_metric():
    # a metric's numbers do not depend on which other metrics are passed (the subsets are drawn once per set)
    sets = {"a": [f"w{i} w{i % 3} x" for i in range(30)], "b": [f"w{i % 4} y w{i}" for i in range(12)]}
    d2 = {"Distinct-2": lambda t: distinct_n(t, 2)}
    alone = compare(sets, d2, draws=20, seed=1)
    both = compare(sets, {**d2, "Distinct-1": lambda t: distinct_n(t, 1)}, draws=20, seed=1)
    pd_both = both[both.metric == "Distinct-2"].reset_index(drop=True)
    assert np.allclose(alone[["mean", "lo", "hi"]].to_numpy(), pd_both[["mean", "lo", "hi"]].to_numpy())
    # and the same seed gives the same numbers
    assert np.allclose(alone["mean"], compare(sets, d2, draws=20, seed=1)["mean"])


def test_compare_errors():
    with pytest.raises(BadInput, match="at least one set and one metric"):
        compare({}, {"m": len})
    with pytest.raises(BadInput, match="at least one item"):
        compare({"a": ["x y"], "b": []}, {"m": len})
    with pytest.raises(BadInput, match="draws must be"):
        compare({"a": ["x y"]}, {"m": len}, draws=0)
    with pytest.raises(BadInput, match=r"compare's sets must be a dict naming each entry, .*; got a list\."):
        compare([["x y"], ["z w"]], {"m": len})
    with pytest.raises(BadInput, match=r"compare's metrics must be a dict .*; got a function\."):
        compare({"a": ["x y"]}, lambda t: len(t))


def test_embedding_diversity_refuses_non_finite_rows():
    rows = torch.eye(4)
    rows[2, 1] = float("nan")
    with pytest.raises(BadInput, match=r"1 of 4 embedding rows hold NaN or inf \(the first is row 2\)"):
        embedding_diversity(rows)
    rows[3, 0] = float("inf")
    with pytest.raises(BadInput, match=r"2 of 4 embedding rows .* \(the first is row 2\)"):
        embedding_diversity(rows)
