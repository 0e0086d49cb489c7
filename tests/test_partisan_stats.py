"""Part I tables on synthetic statement activations with a planted partisan direction (known ground truth)."""
import numpy as np
import pandas as pd
import pytest
import torch

from lib import activations, partisan_stats as ps, stats
from lib.errors import BadInput
from lib.partisan import StatementActs

D = 16
LAYERS = [0, 3, 5, 7]
SHIFT = {0: 0.0, 3: 0.4, 5: 3.0, 7: 6.0}  # half the right-minus-left gap along the planted direction, per layer


def _frame(seed=0):
    rows = []
    for split, n in (("train", 60), ("test", 25)):
        for lean in ("left", "right", "neutral"):
            rows += [dict(lean=lean, split=split, topic="taxes") for _ in range(n if lean != "neutral" else 10)]
    frame = pd.DataFrame(rows)
    frame["id"] = [f"st-{i:04d}" for i in range(len(frame))]
    frame["label"] = frame.lean.map({"right": 1, "left": 0, "neutral": -1})
    return frame


def _planted(seed=0, scale=1.0, shifts=SHIFT):
    gen = torch.Generator().manual_seed(seed)
    frame = _frame()
    v = torch.zeros(D)
    v[2] = 1.0
    sign = torch.tensor(frame.lean.map({"right": 1.0, "left": -1.0, "neutral": 0.0}).to_numpy(), dtype=torch.float32)
    acts = torch.randn(len(frame), len(LAYERS), D, generator=gen)
    for j, layer in enumerate(LAYERS):
        acts[:, j] += shifts[layer] * sign[:, None] * v
    return StatementActs(acts * scale, frame, list(LAYERS)), v


@pytest.fixture(scope="module")
def planted():
    return _planted()


def test_choose_layer_picks_the_strongest_separating_layer(planted):
    st, _ = planted
    choice = ps.choose_layer(st)
    # layers 5 and 7 both separate perfectly (AUC 1): the tie goes to the larger Cohen's d, i.e. the larger shift
    assert choice.rule == "best_cv_auc" and choice.layer == 7
    assert choice.cv_auc[LAYERS.index(5)] >= choice.cv_auc.max() - 0.01
    assert choice.train_d[LAYERS.index(7)] > choice.train_d[LAYERS.index(5)] > 2
    assert choice.cv_auc[LAYERS.index(0)] < 0.75  # no signal planted at layer 0


def test_choose_layer_never_reads_the_test_split(planted):
    st, _ = planted
    spoiled = st.acts.clone()
    test = torch.from_numpy((st.frame.split == "test").to_numpy().copy())
    spoiled[test, 0, 2] = torch.tensor(st.frame.label[test.numpy()].to_numpy(), dtype=torch.float32) * 100
    again, first = ps.choose_layer(StatementActs(spoiled, st.frame, st.layers)), ps.choose_layer(st)
    assert again.layer == first.layer
    np.testing.assert_array_equal(again.cv_auc, first.cv_auc)


def test_choose_layer_fixed(planted):
    st, _ = planted
    choice = ps.choose_layer(st, fixed=3)
    assert (choice.layer, choice.rule, choice.cv_auc) == (3, "fixed", None)
    with pytest.raises(BadInput, match="fixed layer 18 was not collected"):
        ps.choose_layer(st, fixed=18)


def test_probe_table_matches_choice_and_hand_computed_heldout_d(planted):
    st, v = planted
    table = ps.probe_table({"base": st, "aligned": st}, n_boot=50)
    assert len(table) == 2 * len(LAYERS) and set(table.model) == {"base", "aligned"}
    aligned = table[table.model == "aligned"].set_index("layer")
    np.testing.assert_allclose(aligned.auc.to_numpy(), ps.choose_layer(st).cv_auc)
    assert (aligned.auc_lo <= aligned.auc).all() and (aligned.auc <= aligned.auc_hi).all()
    # held-out d by hand at layer 7: train diff-in-means direction, test projections, right minus left
    j = LAYERS.index(7)
    tr = (st.frame.split == "train").to_numpy()
    te = (st.frame.split == "test").to_numpy()
    r, lft = st.frame.lean.eq("right").to_numpy(), st.frame.lean.eq("left").to_numpy()
    x = st.acts[:, j].double()
    u = x[tr & r].mean(0) - x[tr & lft].mean(0)
    proj = (x @ (u / u.norm())).numpy()
    assert aligned.heldout_d[7] == pytest.approx(stats.cohens_d(proj[te & r], proj[te & lft]), rel=1e-5)
    assert aligned.heldout_auc[7] == pytest.approx(1.0) and aligned.heldout_auc[0] < 0.8


def test_transfer_is_exact_for_a_rescaled_copy(planted):
    st, _ = planted
    scaled = StatementActs(st.acts * 0.3, st.frame, st.layers)
    table = ps.transfer_table(st, scaled).pivot(index="layer", columns="transfer", values="auc")
    # a rescaled copy ranks texts the same way, so every probe scores it exactly as it scores the original
    for col in ("base -> aligned", "aligned -> aligned", "aligned -> base"):
        np.testing.assert_allclose(table[col], table["base -> base"], atol=1e-9)
    assert table.loc[7, "base -> aligned"] == 1.0
    with pytest.raises(BadInput, match="same layers"):
        ps.transfer_table(st, StatementActs(st.acts[:, :2], st.frame, [0, 3]))


def test_projection_rows_values_and_shape(planted):
    st, v = planted
    test = st.select(split="test", leans=("left", "right", "neutral"))
    rows = ps.projection_rows(test.frame, test.at(7), {"planted": v * 5, "other": torch.ones(D)}, model="base")
    assert len(rows) == 2 * len(test.frame) and set(rows.model) == {"base"}
    mine = rows[rows.direction == "planted"].projection.to_numpy()
    np.testing.assert_allclose(mine, test.at(7)[:, 2].numpy(), rtol=1e-6)
    np.testing.assert_allclose(rows[rows.direction == "other"].projection, test.at(7).sum(1).numpy() / 4, rtol=1e-5)
    with pytest.raises(BadInput, match="one layer"):
        ps.projection_rows(test.frame, test.acts, {"planted": v})


def test_spread_table_per_group():
    frame = pd.DataFrame({"model": ["a"] * 4 + ["b"] * 3, "projection": [1.0, 2, 3, 4, 0, 0, 3]})
    table = ps.spread_table(frame, n_boot=50).set_index("model")
    assert table.loc["a", "sd"] == pytest.approx(np.std([1, 2, 3, 4], ddof=1))
    assert table.loc["b", "range"] == 3 and table.loc["b", "n"] == 3 and table.loc["a", "iqr"] == pytest.approx(1.5)


def _compressed(factor=0.3, erase=False):
    rng = np.random.default_rng(0)
    n = 200
    lean = np.where(np.arange(n) % 2 == 0, "right", "left")
    base = rng.normal(size=n) + np.where(lean == "right", 1.0, -1.0)
    aligned = factor * (rng.normal(size=n) if erase else base)
    frame = pd.DataFrame({"id": np.tile(np.arange(n), 2), "lean": np.tile(lean, 2), "source": "statements",
                          "direction": "shared", "model": ["base"] * n + ["aligned"] * n,
                          "projection": np.concatenate([base, aligned])})
    return frame.sample(frac=1.0, random_state=1)  # row order must not matter


def test_compression_table_uniform_shrink_keeps_d():
    row = ps.compression_table(_compressed(0.3), pair="id", n_boot=200).iloc[0]
    assert row.sd_ratio == pytest.approx(0.3) and row.sd_ratio_lo == pytest.approx(0.3)
    assert row.sd_ratio_hi == pytest.approx(0.3)
    assert row.d_aligned == pytest.approx(row.d_base) and row.d_base > 1.5
    assert row.gap_aligned == pytest.approx(0.3 * row.gap_base)
    assert row.gap_over_sd_aligned == pytest.approx(row.gap_over_sd_base)
    assert row.bf_p < 1e-6 and (row.n_base, row.n_aligned) == (200, 200)
    unpaired = ps.compression_table(_compressed(0.3), n_boot=200).iloc[0]
    assert unpaired.sd_ratio_lo < 0.3 < unpaired.sd_ratio_hi  # independent resampling: a real interval


def test_compression_table_erased_direction_has_no_d():
    row = ps.compression_table(_compressed(0.3, erase=True), pair="id", n_boot=200).iloc[0]
    assert abs(row.d_aligned) < 0.3 < row.d_base and row.d_aligned_lo < 0 < row.d_aligned_hi


def test_compression_table_errors():
    frame = _compressed()
    with pytest.raises(BadInput, match="at least 2 rows"):
        ps.compression_table(frame[frame.model == "base"])
    with pytest.raises(BadInput, match="lean='right'"):
        ps.compression_table(frame[frame.lean == "left"])


def test_answer_activations_drop_empty_and_match_collect(tiny):
    answers = pd.DataFrame({"prompt": ["the tax rate", "gun", "a union vote"], "answer": ["free market", " ", "wage"]})
    acts, kept = ps.answer_activations(tiny, answers, [1, 3], cache=False, progress=False)
    assert kept.answer.tolist() == ["free market", "wage"] and acts.shape == (2, 2, tiny.d_model)
    ref = activations.collect(tiny, [activations.Exchange("a union vote", "wage")], [1, 3], "response_mean")
    torch.testing.assert_close(acts[1:], ref)
    with pytest.raises(BadInput, match="every answer is empty"):
        ps.answer_activations(tiny, answers.assign(answer=""), [1], cache=False)
    with pytest.raises(BadInput, match="missing"):
        ps.answer_activations(tiny, answers[["prompt"]], [1], cache=False)
