"""Cross-lingual transfer of value vectors: retrieval scores with planted directions, its null, steered PVQ rows."""
import numpy as np
import pytest
import torch

from lib import crosslingual, data, steering
from lib.errors import BadInput
from lib.stats import auc

VALUES = list(data.VALUE_KEYS)


def _planted(seed=0, d=48, per_value=4, signal=3.0, noise=0.3):
    """Items = a shared offset + signal * their value's direction + noise; the vectors are those directions."""
    rng = np.random.default_rng(seed)
    dirs = np.linalg.qr(rng.normal(size=(d, 10)))[0].T * rng.uniform(0.5, 5, size=(10, 1))  # orthogonal, any length
    labels = np.repeat(VALUES, per_value)
    unit = dirs / np.linalg.norm(dirs, axis=1, keepdims=True)
    acts = 50 + signal * unit[[VALUES.index(v) for v in labels]] + noise * rng.normal(size=(len(labels), d))
    return acts, labels, dirs


def test_planted_directions_are_retrieved_perfectly():
    acts, labels, dirs = _planted()
    r = crosslingual.value_retrieval(torch.tensor(acts), labels, torch.tensor(dirs))
    assert r.top1 == 1.0 and r.auc == pytest.approx(1.0)
    assert r.chance_top1 == pytest.approx(0.1) and r.values == VALUES and r.dropped == []
    assert r.scores.shape == (40, 10) and r.own.all()
    assert np.allclose(r.scores.mean(0), 0)  # centred items


def test_unrelated_vectors_score_near_chance_and_auc_matches_sklearn():
    acts, labels, _ = _planted(seed=1)
    rng = np.random.default_rng(5)
    runs = [crosslingual.value_retrieval(acts, labels, rng.normal(size=(10, acts.shape[1]))) for _ in range(40)]
    assert abs(np.mean([r.auc for r in runs]) - 0.5) < 0.05
    assert abs(np.mean([r.top1 for r in runs]) - 0.1) < 0.05
    r = runs[0]
    for j, v in enumerate(r.values):
        assert r.per_value_auc[j] == pytest.approx(auc(r.scores[:, j], labels == v))


def test_ties_count_half():
    scores = np.array([[1.0], [1.0], [0.0], [1.0]])
    positive = np.array([[True], [False], [False], [False]])
    assert crosslingual._aucs(scores, positive)[0] == pytest.approx((0.5 + 1 + 0.5) / 3)


def test_nan_vectors_are_dropped():
    acts, labels, dirs = _planted(seed=2)
    dirs[[3, 7]] = np.nan
    r = crosslingual.value_retrieval(acts, labels, dirs)
    assert r.dropped == [VALUES[3], VALUES[7]] and len(r.values) == 8
    assert r.chance_top1 == pytest.approx(1 / 8) and r.own.sum() == 32
    assert r.top1 == 1.0 and r.auc == pytest.approx(1.0)


def test_uncentred_projection_is_biased_by_the_shared_offset():
    acts, labels, dirs = _planted(seed=3)
    offset_dir = dirs[0] / np.linalg.norm(dirs[0])
    acts = acts + 100 * offset_dir  # every item leans toward value 0
    assert crosslingual.value_retrieval(acts, labels, dirs).top1 == 1.0
    assert crosslingual.value_retrieval(acts, labels, dirs, centre=False).top1 == pytest.approx(0.1)


def test_null_is_centred_on_chance_and_seeded():
    acts, labels, dirs = _planted(seed=4)
    r = crosslingual.value_retrieval(acts, labels, dirs)
    top1, aucs = crosslingual.retrieval_null(r, n_perm=400, seed=1)
    assert top1.shape == aucs.shape == (400,)
    assert abs(top1.mean() - 0.1) < 0.02 and abs(aucs.mean() - 0.5) < 0.02
    assert (aucs < r.auc).all()
    t2, a2 = crosslingual.retrieval_null(r, n_perm=400, seed=1)
    assert np.array_equal(top1, t2) and np.array_equal(aucs, a2)


def test_bad_input():
    acts, labels, dirs = _planted()
    with pytest.raises(BadInput, match="same d"):
        crosslingual.project_items(acts[:, :5], dirs)
    with pytest.raises(BadInput, match="one value name per item"):
        crosslingual.value_retrieval(acts, labels[:-1], dirs)
    with pytest.raises(BadInput, match="not among"):
        crosslingual.value_retrieval(acts, ["nonsense"] * 40, dirs)
    with pytest.raises(BadInput, match="at least 2"):
        crosslingual.value_retrieval(acts, labels, np.full_like(dirs, np.nan))


def test_steered_pvq_rows_gains_and_interventions(tiny, monkeypatch):
    import lib.generations
    seen = []

    def fake(model, prompts, *, interventions=(), **kw):
        seen.append(list(interventions))
        return ["Answer: 5" if interventions else "2"] * len(prompts)

    monkeypatch.setattr(lib.generations, "generate_cached", fake)
    d = 32
    w = np.random.default_rng(0).normal(size=(10, d))
    w[2] = np.nan  # hedonism has no vector: skipped
    out = crosslingual.steered_pvq(tiny, {"v": w, "twice": 2 * w}, layer=1, scale=3.0, alpha=0.5,
                                   langs=["en", "ko"], split=None)
    assert len(out) == 2 * 2 * 9 * 4 and "hedonism" not in set(out.value)
    assert (out.rating_base == 2).all() and (out.rating == 5).all() and (out.gain == 3).all()
    assert set(out.lang) == {"en", "ko"} and out.groupby(["lang", "vector", "value"]).size().eq(4).all()
    steered = [ivs[0] for ivs in seen if ivs]
    assert len(steered) == 2 * 2 * 9 and all(isinstance(iv, steering.AddVector) and iv.layer == 1 for iv in steered)
    assert all(iv.alpha == 0.5 and float(iv.vector.norm()) == pytest.approx(3.0) for iv in steered)
    assert torch.allclose(steered[0].vector, torch.tensor(3 * w[0] / np.linalg.norm(w[0]), dtype=torch.float32))
    # the same item's text in both languages sits under the same item id
    assert set(out[out.lang == "en"].item) == set(out[out.lang == "ko"].item)


def test_steered_pvq_unparseable_answers_are_missing(tiny, monkeypatch):
    import lib.generations
    monkeypatch.setattr(lib.generations, "generate_cached", lambda model, prompts, *, interventions=(), **kw:
                        ["???" if interventions else "4"] * len(prompts))
    out = crosslingual.steered_pvq(tiny, {"v": np.ones((10, 32))}, layer=0, scale=1.0, alpha=1.0, langs=["zh"])
    assert out.rating.isna().all() and out.gain.isna().all() and (out.rating_base == 4).all()
    # the default split rates only held-out items: items -2 and -4 of a trained language, every item of French
    assert len(out) == 20 and {i.rsplit("-", 1)[1] for i in out.item} == {"2", "4"}
    fr = crosslingual.steered_pvq(tiny, {"v": np.ones((10, 32))}, layer=0, scale=1.0, alpha=1.0, langs=["fr"])
    assert len(fr) == 40 and set(fr.item) == set(data.pvq(lang="fr").item)
    with pytest.raises(BadInput, match="n_values"):
        crosslingual.steered_pvq(tiny, {"v": np.ones((9, 32))}, layer=0, scale=1.0, alpha=1.0)
