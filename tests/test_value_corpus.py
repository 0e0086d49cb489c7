"""Part II pipeline on a tiny random model: corpus bookkeeping, labels, activations and condition vectors."""
import numpy as np
import pandas as pd
import pytest
import torch

from lib import data, value_corpus
from lib.errors import BadInput


@pytest.fixture(scope="module")
def corpus(tiny):
    return value_corpus.value_corpus(tiny, n_queries=3, intrinsic_samples=2, max_new_tokens=3)


def test_corpus_rows_and_conditions(corpus):
    assert len(corpus) == 3 * 2 + 3 * 10
    intrinsic, prompted = corpus[corpus.condition == "intrinsic"], corpus[corpus.condition == "prompted"]
    assert intrinsic.system.isna().all() and intrinsic["sample"].tolist() == [0, 0, 0, 1, 1, 1]
    assert prompted.prompted_value.tolist() == [v for v in data.VALUE_KEYS for _ in range(3)]
    assert all(isinstance(s, str) and s for s in prompted.system)
    assert value_corpus.expression_labels(corpus).shape == (36, 10)


def test_intrinsic_prompts_have_no_system_turn(tiny, monkeypatch):
    import lib.steering
    seen = []
    real = lib.steering.generate
    monkeypatch.setattr(lib.steering, "generate", lambda m, p, system=None, **k: seen.extend(system) or real(m, p, system=system, **k))
    value_corpus.value_corpus(tiny, n_queries=2, intrinsic_samples=1, max_new_tokens=2, seed=7)
    assert seen[:2] == [None, None] and all(isinstance(s, str) for s in seen[2:])
    rows = pd.DataFrame({"query": ["gun"], "response": ["tax"], "system": [float("nan")]})
    torch.testing.assert_close(value_corpus.response_activations(tiny, rows, [1], cache=False, progress=False),
                               value_corpus.response_activations(tiny, rows.assign(system=None), [1], cache=False,
                                                                 progress=False))


def test_labels_follow_the_lexicon():
    texts = [data.advice("security").text.iloc[0], data.advice("hedonism").text.iloc[0], "nothing here"]
    labels = value_corpus.label_expression(texts)
    sec, hed = data.VALUE_KEYS.index("security"), data.VALUE_KEYS.index("hedonism")
    assert labels[0, sec] and not labels[0, hed] and labels[1, hed] and not labels[2].any()
    with pytest.raises(BadInput, match="judge_model"):
        value_corpus.label_expression(texts, judge="llm")


def test_condition_vectors_are_expressing_minus_not(corpus):
    rng = np.random.default_rng(0)
    frame = corpus.copy()
    for v in data.VALUE_KEYS:  # plant labels so every value has both classes in both conditions
        frame[f"expr_{v}"] = rng.random(len(frame)) < 0.5
        frame.loc[frame.index[:2], f"expr_{v}"] = [True, False]
        frame.loc[frame.index[6:8], f"expr_{v}"] = [True, False]
    acts = torch.randn(len(frame), 2, 8)
    vecs = value_corpus.condition_vectors(frame, acts)
    assert vecs["intrinsic"].shape == (10, 2, 8)
    keep = (frame.condition == "prompted").to_numpy().copy()  # pandas may hand back a read-only view
    lab = frame[keep]["expr_power"].to_numpy().copy()
    a = acts[torch.from_numpy(keep)]
    expected = a[torch.from_numpy(lab)].mean(0) - a[torch.from_numpy(~lab)].mean(0)
    torch.testing.assert_close(vecs["prompted"][data.VALUE_KEYS.index("power")], expected)


def test_response_activations_use_the_system_prompt(tiny, corpus):
    rows = corpus[corpus.condition == "prompted"].head(2)
    rows = rows.assign(response=["tax rate", "gun law"])
    acts = value_corpus.response_activations(tiny, rows, [1], cache=False, progress=False)
    without = value_corpus.response_activations(tiny, rows.assign(system=None), [1], cache=False, progress=False)
    assert acts.shape == (2, 1, tiny.d_model) and not torch.allclose(acts, without)
    with pytest.raises(BadInput, match="empty"):
        value_corpus.response_activations(tiny, rows.assign(response=""), [1], cache=False)


def test_pvq_prompt_and_ratings(tiny):
    fmt = data.pvq_format("fr")
    assert value_corpus.pvq_prompt("Elle aime X.", "fr") == f"{fmt['stem']}\nElle aime X.\n{fmt['answer_cue']}"
    table = value_corpus.pvq_ratings(tiny, lang="en", max_new_tokens=2)  # held-out items by default
    assert len(table) == len(data.pvq(lang="en", split="test")) == 20 and set(table.value) == set(data.VALUE_KEYS)
    every = value_corpus.pvq_ratings(tiny, lang="en", split=None, max_new_tokens=2)
    assert len(every) == len(data.pvq(lang="en")) == 40
    profile = value_corpus.pvq_profile(table.assign(rating=[float(data.VALUE_KEYS.index(v)) for v in table.value]))
    assert profile.tolist() == list(range(10))


def _planted_frame(n_queries=40, layers=4, d=16, stable=2, seed=0):
    """Responses whose value vectors are the same planted direction on both halves at layer `stable`, noise elsewhere."""
    rng = np.random.default_rng(seed)
    rows, acts = [], []
    direction = torch.from_numpy(rng.normal(size=(len(data.VALUE_KEYS), d))).float()
    for q in range(n_queries):
        for condition in ("intrinsic", "prompted"):
            for k, value in enumerate(data.VALUE_KEYS):
                expressed = rng.random() < 0.5
                row = dict(query_id=f"q{q}", condition=condition, **{f"expr_{v}": False for v in data.VALUE_KEYS})
                row[f"expr_{value}"] = expressed
                rows.append(row)
                a = torch.from_numpy(rng.normal(size=(layers, d))).float() * 3
                a[stable] = 0.1 * a[stable] + (direction[k] if expressed else 0)
                acts.append(a)
    return pd.DataFrame(rows), torch.stack(acts)


def test_stable_layer_finds_the_planted_layer_and_checks_overrides():
    frame, acts = _planted_frame(stable=2)
    stability = value_corpus.split_half_stability(frame, acts)
    assert stability.shape == (4,) and stability[2] > 0.9 and np.all(np.delete(stability, 2) < 0.5)
    assert value_corpus.stable_layer(frame, acts) == 2
    assert value_corpus.stable_layer(frame, acts, 1) == 1
    with pytest.raises(BadInput, match="out of range"):
        value_corpus.stable_layer(frame, acts, 4)
    # the planted layer at an end is skipped unless asked for
    frame, acts = _planted_frame(stable=3)
    assert value_corpus.stable_layer(frame, acts) != 3
    assert value_corpus.stable_layer(frame, acts, skip_ends=False) == 3
    with pytest.raises(BadInput, match="two different queries"):
        q0 = (frame.query_id == "q0").to_numpy().copy()
        value_corpus.split_half_stability(frame[q0], acts[torch.from_numpy(q0)])
