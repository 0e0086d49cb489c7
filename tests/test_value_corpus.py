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


def test_prepare_gives_the_chapters_copied_preamble_from_the_same_cache(monkeypatch):
    """On the organism (tiny): prepare equals the preamble chapters used to copy, and reads every generation and
    activation from the cache that preamble filled (same keys)."""
    import lib.activations
    import lib.steering
    from lib import profiles
    profile = profiles.for_chapter("03_value_vectors", "organism")
    model = profile.load("aligned")
    small = dict(n_queries=8, max_new_tokens=24)
    # the copied preamble, with the same two arguments changed
    judge_model = profile.judge_model()
    CORPUS = dict(split="test", n_queries=40 if profile.is_organism else None, intrinsic_samples=3,
                  max_new_tokens=40, seed=0, judge=profile.scorer, judge_model=judge_model)
    CORPUS.update(small)
    corpus = value_corpus.value_corpus(model, **CORPUS)
    layers = list(range(model.n_layers))
    acts = value_corpus.response_activations(model, corpus, layers)
    vecs = value_corpus.condition_vectors(corpus, acts)
    LAYER = value_corpus.stable_layer(corpus, acts, None)

    def cache_miss(*args, **kwargs):
        raise AssertionError("prepare missed the cache the copied preamble filled")
    monkeypatch.setattr(lib.steering, "generate", cache_miss)
    monkeypatch.setattr(lib.activations, "_run_batches", cache_miss)
    prep = value_corpus.prepare(model, profile, **small)
    assert prep.args == CORPUS and prep.layers == layers and prep.layer == LAYER
    pd.testing.assert_frame_equal(prep.corpus, corpus)
    assert torch.equal(prep.acts, acts)
    for condition in ("intrinsic", "prompted"):
        torch.testing.assert_close(prep.vecs[condition], vecs[condition], equal_nan=True, rtol=0, atol=0)
    assert prep.v_int is prep.vecs["intrinsic"] and prep.v_prompt is prep.vecs["prompted"]
    # layer= overrides the stable layer (checked against the range); vectors=False stops after the corpus
    assert value_corpus.prepare(model, profile, layer=1, **small).layer == 1
    only = value_corpus.prepare(model, profile, vectors=False, **small)
    pd.testing.assert_frame_equal(only.corpus, corpus)
    assert only.acts is None and only.vecs is None and only.layer is None
    with pytest.raises(BadInput, match="out of range"):
        value_corpus.prepare(model, profile, layer=model.n_layers, **small)
    with pytest.raises(BadInput, match="unknown corpus argument"):
        value_corpus.prepare(model, profile, n_query=8)


def test_prepare_defaults_are_the_books_corpus_arguments(monkeypatch):
    from lib import profiles
    seen = {}

    def stop(model, **kwargs):
        seen.update(kwargs)
        raise RuntimeError("stop")
    monkeypatch.setattr(value_corpus, "value_corpus", stop)
    profile = profiles.for_chapter("03_value_vectors", "organism")
    with pytest.raises(RuntimeError, match="stop"):
        value_corpus.prepare(object(), profile)
    assert seen == dict(split="test", n_queries=40, intrinsic_samples=3, max_new_tokens=40, seed=0, judge="lexicon",
                        judge_model=None)


def test_one_pvq_question_builder_for_chapters_and_the_organism_corpus():
    stem = "How much is this person like you? Answer with a number from 1 to 6."  # data/values/pvq_format.json, en
    item = "It is important to her to be free."
    assert data.pvq_question(item) == f"{stem}\n{item}\nAnswer:" == value_corpus.pvq_prompt(item, "en")
    assert data.pvq_question(item, "en", "stem_item") == f"{stem}\n{item}"
    assert data.pvq_question(item, "en", "item_stem") == f"{item}\n{stem}"
    with pytest.raises(BadInput, match="form must be one of"):
        data.pvq_question(item, "en", "cue_first")
    # the organism's training text draws one of the three layouts per item, one rng draw each, in PVQ_FORMS order
    import random

    from lib.organism import corpus
    builder = corpus._Builder(seed=0)
    builder.rng, draws = random.Random(7), random.Random(7)
    rows = builder.pvq_rows[:12]
    got = [builder.pvq_prompt(r) for r in rows]
    assert got == [data.pvq_question(r.text, r.lang, data.PVQ_FORMS[draws.randrange(3)]) for r in rows]
    assert {g.count("\n") for g in got} == {1, 2}  # both two-line layouts and the three-line one occur
