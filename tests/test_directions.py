"""lib.directions: planted directions recovered, probe AUCs, projections, SVD identities, errors."""
import numpy as np
import pytest
import torch
from sklearn.metrics import roc_auc_score

from lib.directions import (Axes, ProbeResult, diff_in_means, fit_probe, layer_cosines, orthogonalize,
                            probe_transfer, project, rank2_axes, remove_direction)
from lib.errors import BadInput

N, L, D, PLANT = 400, 4, 32, 2


def planted(seed=0, strength=3.0, layer=PLANT, n=N):
    """Isotropic Gaussian acts [n, L, D]; class 1 shifted by `strength` along a random unit u at `layer`."""
    g = torch.Generator().manual_seed(seed)
    u = torch.randn(D, generator=g)
    u = u / u.norm()
    y = torch.arange(n) % 2
    acts = torch.randn(n, L, D, generator=g)
    acts[:, layer] += (y[:, None].float() - 0.5) * strength * u
    return acts, y.numpy(), u


def cos(a, b):
    return float(torch.nn.functional.cosine_similarity(torch.as_tensor(a), torch.as_tensor(b), dim=-1))


def test_diff_in_means_recovers_planted_direction():
    acts, y, u = planted()
    d = diff_in_means(acts, y)
    assert d.shape == (L, D) and d.dtype == torch.float32
    assert torch.allclose(d.norm(dim=-1), torch.ones(L), atol=1e-5)
    assert cos(d[PLANT], u) > 0.95
    assert all(abs(cos(d[k], u)) < 0.6 for k in range(L) if k != PLANT)
    # sign follows `positive`; strings work; numpy input and one layer give [d_model]
    assert torch.allclose(diff_in_means(acts, y, positive=0), -d, atol=1e-6)
    names = np.where(y == 1, "right", "left")
    assert torch.allclose(diff_in_means(acts, names, positive="right"), d, atol=1e-6)
    one = diff_in_means(acts[:, PLANT].numpy(), y)
    assert one.shape == (D,) and torch.allclose(one, d[PLANT], atol=1e-6)


def test_diff_in_means_unnormalised_is_hand_computed():
    acts = torch.tensor([[1.0, 2.0], [3.0, 4.0], [10.0, 0.0], [20.0, 2.0]])
    y = [0, 0, 1, 1]
    torch.testing.assert_close(diff_in_means(acts, y, normalize=False), torch.tensor([13.0, -2.0]))


def test_project_equals_dot_products():
    acts, _, u = planted(seed=1)
    direction = 5.0 * torch.randn(L, D, generator=torch.Generator().manual_seed(9))
    p = project(acts, direction)
    unit = direction / direction.norm(dim=-1, keepdim=True)
    want = torch.stack([acts[:, k] @ unit[k] for k in range(L)], dim=1)
    assert p.shape == (N, L)
    torch.testing.assert_close(p, want, rtol=1e-5, atol=1e-5)
    # one direction broadcast to all layers; one layer
    torch.testing.assert_close(project(acts, 2 * u), acts @ u, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(project(acts[:, 0].numpy(), u.numpy()), acts[:, 0] @ u, rtol=1e-5, atol=1e-5)
    x = torch.tensor([[3.0, 4.0]])
    assert project(x, torch.tensor([0.0, 2.0])).item() == pytest.approx(4.0)


def test_remove_direction_and_orthogonalize():
    acts, _, u = planted(seed=2)
    dirs = torch.randn(L, D, generator=torch.Generator().manual_seed(3))
    r = remove_direction(acts, dirs)
    assert r.shape == acts.shape
    assert project(r, dirs).abs().max() < 1e-5
    # what was removed is exactly the projection times the unit direction
    unit = dirs / dirs.norm(dim=-1, keepdim=True)
    torch.testing.assert_close(acts - r, project(acts, dirs)[..., None] * unit, rtol=1e-4, atol=1e-5)
    assert project(remove_direction(acts, u), u).abs().max() < 1e-5
    v = torch.tensor([1.0, 1.0, 0.0])
    torch.testing.assert_close(orthogonalize(v, torch.tensor([2.0, 0.0, 0.0])), torch.tensor([0.0, 1.0, 0.0]))
    o = orthogonalize(dirs, u)  # per-layer v against one vector
    assert o.shape == (L, D) and (o @ u).abs().max() < 1e-5
    o2 = orthogonalize(dirs, unit.flip(0))  # per layer against per layer
    assert (o2 * unit.flip(0)).sum(-1).abs().max() < 1e-5


def test_layer_cosines():
    a = torch.randn(L, D, generator=torch.Generator().manual_seed(4))
    b = torch.randn(L, D, generator=torch.Generator().manual_seed(5))
    c = layer_cosines(a, b)
    assert isinstance(c, np.ndarray) and c.shape == (L,)
    want = [float(a[k] @ b[k] / (a[k].norm() * b[k].norm())) for k in range(L)]
    np.testing.assert_allclose(c, want, rtol=1e-5, atol=1e-6)  # reference is float32
    np.testing.assert_allclose(layer_cosines(a, 3 * a), np.ones(L), rtol=1e-9)
    np.testing.assert_allclose(layer_cosines(a, -a), -np.ones(L), rtol=1e-9)


def test_probe_recovers_direction_and_layer():
    acts, y, u = planted(n=1000)  # the probe needs more texts than diff-in-means for the same cosine
    res = fit_probe(acts, y, n_boot=300)
    assert isinstance(res, ProbeResult)
    assert res.best_layer == PLANT
    assert res.layer_auc.shape == (L,) and res.layer_auc_ci.shape == (L, 2) and res.layer_acc_ci.shape == (L, 2)
    assert res.oof_scores.shape == (1000, L) and res.weights.shape == (L, D)
    assert cos(res.weights[PLANT], u) > 0.95
    torch.testing.assert_close(res.weights.norm(dim=-1), torch.ones(L))
    assert res.layer_auc[PLANT] > 0.9 and max(np.delete(res.layer_auc, PLANT)) < 0.65
    # reported AUC and accuracy are those of the out-of-fold scores, and sit inside their CIs
    for k in range(L):
        assert res.layer_auc[k] == pytest.approx(roc_auc_score(y, res.oof_scores[:, k]))
        assert res.layer_acc[k] == pytest.approx(np.mean((res.oof_scores[:, k] > 0) == y))
        assert res.layer_auc_ci[k, 0] <= res.layer_auc[k] <= res.layer_auc_ci[k, 1]
        assert res.layer_acc_ci[k, 0] <= res.layer_acc[k] <= res.layer_acc_ci[k, 1]
    assert res.positive == 1
    # deterministic
    again = fit_probe(acts, y, n_boot=300)
    np.testing.assert_array_equal(again.oof_scores, res.oof_scores)
    np.testing.assert_array_equal(again.layer_auc_ci, res.layer_auc_ci)


def test_probe_separable_and_shuffled():
    acts, y, _ = planted(seed=6, strength=8.0)
    sep = fit_probe(acts[:, PLANT], y, n_boot=200)  # one layer -> n_layers = 1
    assert sep.layer_auc.shape == (1,) and sep.best_layer == 0
    assert sep.layer_auc[0] > 0.99 and sep.layer_acc[0] > 0.95
    shuffled = np.random.default_rng(0).permutation(y)
    res = fit_probe(acts, shuffled, n_boot=200)
    assert np.all(np.abs(res.layer_auc - 0.5) < 0.1)
    assert np.mean((res.layer_auc_ci[:, 0] < 0.5) & (0.5 < res.layer_auc_ci[:, 1])) >= 0.75


def test_probe_string_labels_weights_point_to_positive():
    acts, y, u = planted(seed=7, n=1000)
    names = np.where(y == 1, "rep", "dem")
    res = fit_probe(acts[:, PLANT], names, folds=3, n_boot=100)
    assert res.positive == "rep" and cos(res.weights[0], u) > 0.95
    res_dem = fit_probe(acts[:, PLANT], names, folds=3, n_boot=100, positive="dem")
    assert cos(res_dem.weights[0], u) < -0.95


def test_probe_transfer():
    base, y, u = planted(seed=8)
    # "aligned": same direction at the same layer but compressed 3x, plus fresh noise
    aligned, y2, _ = planted(seed=9, strength=0.0)
    aligned[:, PLANT] += (torch.as_tensor(y2)[:, None].float() - 0.5) * 1.0 * u
    t = probe_transfer(base, y, aligned, y2)
    assert t.shape == (L,)
    assert t[PLANT] > 0.6 and t[PLANT] == t.max()
    assert np.all(np.abs(np.delete(t, PLANT) - 0.5) < 0.12)
    # the transferred probe's AUC is the AUC of projecting on its weights
    res = fit_probe(base[:, PLANT], y, n_boot=50)
    want = roc_auc_score(y2, aligned[:, PLANT].double().numpy() @ res.weights[0].double().numpy())
    assert probe_transfer(base[:, PLANT], y, aligned[:, PLANT], y2)[0] == pytest.approx(want, abs=1e-6)


def check_axes(ax: Axes, a, b):
    m = torch.stack([a, b], -1).double()
    basis = torch.stack([ax.shared, ax.diff], -1).double()
    rec = basis @ torch.diag_embed(ax.singular_values.double()) @ ax.right.double()
    torch.testing.assert_close(rec, m, rtol=1e-4, atol=1e-4)  # U S V^T reconstructs [v_a, v_b]
    eye = torch.eye(2, dtype=torch.float64).expand(basis.shape[:-2] + (2, 2))
    torch.testing.assert_close(basis.transpose(-1, -2) @ basis, eye, rtol=1e-5, atol=1e-5)  # orthonormal
    rt = ax.right.double()
    torch.testing.assert_close(rt @ rt.transpose(-1, -2), eye, rtol=1e-5, atol=1e-5)
    assert ((ax.shared * (a + b)).sum(-1) > 0).all()
    assert ((ax.diff * (a - b)).sum(-1) >= 0).all()
    torch.testing.assert_close(ax.a_unique, ax.diff)
    torch.testing.assert_close(ax.b_unique, -ax.diff)
    assert (ax.singular_values[..., 0] >= ax.singular_values[..., 1]).all()
    torch.testing.assert_close(ax.explained.sum(-1), torch.ones(ax.explained.shape[:-1]))
    torch.testing.assert_close(ax.coords[..., 0, :], torch.stack([a @ ax.shared, a @ ax.diff]) if a.ndim == 1
                               else torch.stack([(a * ax.shared).sum(-1), (a * ax.diff).sum(-1)], -1),
                               rtol=1e-4, atol=1e-4)


def test_rank2_axes_identities_and_swap():
    g = torch.Generator().manual_seed(10)
    a, b = torch.randn(L, D, generator=g), torch.randn(L, D, generator=g)
    ax = rank2_axes(a, b)
    assert ax.shared.shape == (L, D) and ax.singular_values.shape == (L, 2) and ax.right.shape == (L, 2, 2)
    check_axes(ax, a, b)
    ref = torch.linalg.svdvals(torch.stack([a, b], -1).double())
    torch.testing.assert_close(ax.singular_values.double(), ref, rtol=1e-5, atol=1e-5)
    sw = rank2_axes(b, a)
    check_axes(sw, b, a)
    torch.testing.assert_close(sw.shared, ax.shared, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(sw.a_unique, ax.b_unique, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(sw.b_unique, ax.a_unique, rtol=1e-4, atol=1e-5)
    one = rank2_axes(a[1].numpy(), b[1].numpy())  # single layer, numpy
    torch.testing.assert_close(one.shared, ax.shared[1], rtol=1e-4, atol=1e-5)


def test_rank2_axes_known_geometry():
    # shared component s, unique parts +-e: a = 3s + e, b = 3s - e  ->  shared = s, diff = e
    s, e = torch.zeros(D), torch.zeros(D)
    s[0], e[1] = 1.0, 1.0
    ax = rank2_axes(3 * s + e, 3 * s - e)
    torch.testing.assert_close(ax.shared, s)
    torch.testing.assert_close(ax.diff, e)
    torch.testing.assert_close(ax.singular_values, torch.tensor([np.sqrt(18.0), np.sqrt(2.0)]).float())
    torch.testing.assert_close(ax.explained, torch.tensor([0.9, 0.1]))
    # tie: equal norms and orthogonal -> the symmetric choice (a + b, a - b)
    tie = rank2_axes(s, e)
    torch.testing.assert_close(tie.shared, (s + e) / np.sqrt(2))
    torch.testing.assert_close(tie.diff, (s - e) / np.sqrt(2))
    check_axes(tie, s, e)
    # parallel: rank 1, shared along the common direction, second singular value 0
    par = rank2_axes(2 * s, s)
    torch.testing.assert_close(par.shared, s)
    assert par.singular_values[1].abs() < 1e-6 and abs(float(par.diff @ s)) < 1e-6
    torch.testing.assert_close(par.explained, torch.tensor([1.0, 0.0]))
    check_axes(par, 2 * s, s)


def test_errors():
    acts, y, _ = planted(n=40)
    with pytest.raises(BadInput, match="exactly two classes"):
        diff_in_means(acts, np.ones(40))
    with pytest.raises(BadInput, match="30 labels for 40 texts"):
        diff_in_means(acts, y[:30])
    with pytest.raises(BadInput, match="positive=1 is not one of the labels"):
        diff_in_means(acts, np.where(y == 1, "a", "b"))
    with pytest.raises(BadInput, match="2-D or 3-D"):
        diff_in_means(acts[0, 0], y)
    with pytest.raises(BadInput, match="NaN"):
        diff_in_means(acts * float("nan"), y)
    with pytest.raises(BadInput, match="width 5"):
        project(acts, torch.ones(5))
    with pytest.raises(BadInput, match="pass direction\\[layer\\]"):
        project(acts[:, 0], torch.ones(L, D))
    with pytest.raises(BadInput, match="zero-length"):
        project(acts, torch.zeros(D))
    with pytest.raises(BadInput, match="folds must be"):
        fit_probe(acts, y, folds=30)
    with pytest.raises(BadInput, match="exactly two classes"):
        fit_probe(acts, np.zeros(40))
    with pytest.raises(BadInput, match="same layers"):
        probe_transfer(acts, y, acts[:, :2], y)
    with pytest.raises(BadInput, match="dirs_b has shape"):
        layer_cosines(torch.ones(L, D), torch.ones(D))
    with pytest.raises(BadInput, match="must match"):
        rank2_axes(torch.ones(D), torch.ones(D + 1))
    with pytest.raises(BadInput, match="zero-length"):
        rank2_axes(torch.zeros(D), torch.ones(D))
    with pytest.raises(BadInput, match="numeric"):
        project(acts, ["x"] * D)
    with pytest.raises(BadInput, match="3 layers but against has 4"):
        orthogonalize(torch.ones(3, D), torch.ones(L, D))
