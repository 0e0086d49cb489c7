import math

import numpy as np
import pytest
import torch

from lib.errors import BadInput
from lib.values import PlaneAxes, classify_neurons, delta_directions, value_axes, value_vectors


def _orthonormal(d, k, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.linalg.qr(torch.randn(d, k, generator=g, dtype=torch.float64))[0].T  # [k, d]


# ------------------------------------------------------------------------------------------ value_vectors
def test_value_vectors_hand_computed():
    # 4 responses, 2 layers, d_model 2
    acts = torch.tensor([[[1., 0.], [0., 2.]],
                         [[3., 0.], [0., 4.]],
                         [[0., 1.], [5., 0.]],
                         [[0., 3.], [7., 0.]]], dtype=torch.float64)
    labels = np.array([[1, 0], [1, 0], [0, 1], [0, 0]], dtype=bool)
    v = value_vectors(acts, labels, ["a", "b"])
    assert v.shape == (2, 2, 2) and v.dtype == torch.float64
    # value a: mean(rows 0,1) - mean(rows 2,3); layer 0: (2, 0) - (0, 2) = (2, -2); layer 1: (0, 3) - (6, 0)
    assert torch.equal(v[0], torch.tensor([[2., -2.], [-6., 3.]], dtype=torch.float64))
    # value b: row 2 - mean(rows 0,1,3); layer 0: (0,1) - (4/3, 1); layer 1: (5,0) - (7/3, 2)
    assert torch.allclose(v[1], torch.tensor([[-4 / 3, 0.], [8 / 3, -2.]], dtype=torch.float64))
    # 0/1 integer labels are accepted and give the same result
    assert torch.equal(value_vectors(acts, labels.astype(int), ["a", "b"]), v)


def test_value_vectors_missing_value():
    acts = torch.randn(4, 1, 3)
    labels = np.array([[1, 0], [0, 0], [1, 0], [0, 0]], dtype=bool)
    with pytest.raises(BadInput, match="'hedonism' has no responses expressing it"):
        value_vectors(acts, labels, ["power", "hedonism"])
    with pytest.raises(BadInput, match="'power' has no responses that do not"):
        value_vectors(acts, np.ones((4, 2), bool), ["power", "hedonism"])
    v = value_vectors(acts, labels, ["power", "hedonism"], on_missing="nan")
    assert torch.isnan(v[1]).all() and torch.isfinite(v[0]).all()
    with pytest.raises(BadInput, match="2 value columns but 1"):
        value_vectors(acts, labels, ["power"])
    with pytest.raises(BadInput, match="n_layers"):
        value_vectors(torch.randn(4, 3), labels, ["power", "hedonism"])


# ------------------------------------------------------------------------------------------ value_axes
def test_value_axes_recovers_planted_axes():
    n_values, n_layers, d = 3, 2, 64
    g = torch.Generator().manual_seed(0)
    s_true = torch.zeros(n_values, n_layers, d, dtype=torch.float64)
    u_true = torch.zeros_like(s_true)
    for i in range(n_values):
        for l in range(n_layers):
            s_true[i, l], u_true[i, l] = _orthonormal(d, 2, seed=10 * i + l)
    alpha, beta = 3.0, 1.5  # shared strength, unique strength: v_int = a s + b u, v_prompt = a s - b u
    noise = lambda: 0.02 * torch.randn(n_values, n_layers, d, generator=g, dtype=torch.float64)  # noqa: E731
    v_int = alpha * s_true + beta * u_true + noise()
    v_prompt = alpha * s_true - beta * u_true + noise()
    ax = value_axes(v_int, v_prompt, values=["x", "y", "z"])
    cos = lambda p, q: (p * q).sum(-1) / (p.norm(dim=-1) * q.norm(dim=-1))  # noqa: E731
    assert (cos(ax.u_shared, s_true) > 0.95).all()
    assert (cos(ax.u_int, u_true) > 0.95).all()
    assert (cos(ax.u_prompt, -u_true) > 0.95).all()
    assert torch.allclose(ax.u_prompt, -ax.u_int)
    # cos(v_int, v_prompt) = (a^2 - b^2) / (a^2 + b^2) = 0.6 for the noiseless vectors
    assert torch.allclose(ax.cos, torch.full((n_values, n_layers), 0.6, dtype=ax.cos.dtype), atol=0.02)
    # orthogonalised variants: v_int minus its projection on v_prompt, by hand
    p_hat = v_prompt / v_prompt.norm(dim=-1, keepdim=True)
    hand = v_int - (v_int * p_hat).sum(-1, keepdim=True) * p_hat
    assert torch.allclose(ax.v_int_perp, hand, atol=1e-5)
    assert (ax.v_prompt_perp * v_int).sum(-1).abs().max() < 1e-4
    # explained: singular values^2 are 2a^2 and 2b^2 -> 0.8 / 0.2
    assert torch.allclose(ax.explained[..., 0], torch.full((3, 2), 0.8, dtype=ax.explained.dtype), atol=0.02)
    plane = ax.at("y", 1)
    assert torch.equal(plane.u_int, ax.u_int[1, 1]) and plane.u_shared.shape == (d,)


def test_value_axes_sign_and_nan_rows():
    e = torch.eye(4, dtype=torch.float64)
    # v_int has the larger unique part along -e1; u_int must still point toward v_int - v_prompt
    v_int = torch.stack([2 * e[0] - e[1], torch.full((4,), float("nan"), dtype=torch.float64)])
    v_prompt = torch.stack([2 * e[0] + e[1], e[2]])
    ax = value_axes(v_int, v_prompt)
    assert torch.allclose(ax.u_int[0], -e[1].to(ax.u_int.dtype), atol=1e-6)
    assert torch.allclose(ax.u_shared[0], e[0].to(ax.u_shared.dtype), atol=1e-6)
    assert torch.isnan(ax.u_shared[1]).all() and torch.isnan(ax.cos[1])
    with pytest.raises(BadInput, match="zero value vector"):
        value_axes(torch.zeros(2, 4), torch.ones(2, 4))
    with pytest.raises(BadInput, match="same shape"):
        value_axes(torch.ones(2, 4), torch.ones(3, 4))


# ------------------------------------------------------------------------------------------ classify_neurons
def _plane_neuron(basis, phi_deg, r, out_of_plane):
    """A weight with in-plane angle phi from u_shared (toward u_int), in-plane norm r, plus out-of-plane part."""
    phi = math.radians(phi_deg)
    return r * (math.cos(phi) * basis[0] + math.sin(phi) * basis[1]) + out_of_plane


def test_classify_neurons_known_angles():
    d, n = 32, 500
    basis = _orthonormal(d, d, seed=1)  # rows: u_shared, u_int, then out-of-plane directions
    axes = PlaneAxes(u_shared=basis[0], u_int=basis[1], u_prompt=-basis[1])
    g = torch.Generator().manual_seed(2)
    w = 0.1 * torch.randn(n, d, generator=g, dtype=torch.float64)  # small background neurons
    w += 10 * basis[5]  # a large out-of-plane part on every neuron must not matter
    planted = {  # index: (angle from u_shared toward u_int, in-plane norm, expected label)
        7: (80.0, 9.0, "intrinsic"),    # 10 deg from u_int
        40: (45.0, 8.0, ""),            # 45 deg from both u_shared and u_int
        123: (-85.0, 7.0, "prompted"),  # 5 deg from u_prompt = -u_int
        300: (15.0, 6.0, "shared"),
        499: (180.0, 5.0, ""),          # along -u_shared: 180 deg from u_shared, 90 from the others
    }
    for i, (phi, r, _) in planted.items():
        w[i] = _plane_neuron(basis, phi, r, 10 * basis[5] + 3 * basis[7])
    res = classify_neurons(w, axes, top_frac=0.01)  # k = 5
    assert res.kept.tolist() == [7, 40, 123, 300, 499]  # sorted by projected norm
    assert res.label == [planted[i][2] for i in res.kept.tolist()]
    assert res.intrinsic.tolist() == [7] and res.prompted.tolist() == [123] and res.shared.tolist() == [300]
    assert res.counts() == {"shared": 1, "intrinsic": 1, "prompted": 1}
    assert res.angles[7].tolist() == pytest.approx([80.0, 10.0, 170.0], abs=1e-6)
    assert res.angles[499].tolist() == pytest.approx([180.0, 90.0, 90.0], abs=1e-4)
    assert res.proj_norm[123].item() == pytest.approx(7.0)
    # top_frac respected: 0.004 * 500 = 2 neurons kept
    res2 = classify_neurons(w, axes, top_frac=0.004)
    assert res2.kept.tolist() == [7, 40] and res2.intrinsic.tolist() == [7] and res2.shared.numel() == 0
    # a wider angle threshold labels the 45-degree neuron (tie between shared and intrinsic -> either)
    res3 = classify_neurons(w, axes, top_frac=0.01, max_angle_deg=46.0)
    assert res3.label[1] in ("shared", "intrinsic")


def test_classify_neurons_with_value_axes():
    d = 16
    e = torch.eye(d, dtype=torch.float64)
    v_int, v_prompt = 2 * e[0] + e[1], 2 * e[0] - e[1]
    plane = value_axes(v_int[None], v_prompt[None]).at(0)
    w = torch.zeros(100, d, dtype=torch.float64)
    w[3] = (v_int - v_prompt) + 0.1 * e[4]   # along u_int
    w[8] = -(v_int - v_prompt)               # along u_prompt
    res = classify_neurons(w, plane, top_frac=0.02)
    assert res.intrinsic.tolist() == [3] and res.prompted.tolist() == [8]


def test_classify_neurons_errors():
    axes = PlaneAxes(torch.eye(8)[0], torch.eye(8)[1], -torch.eye(8)[1])
    with pytest.raises(BadInput, match="transposed"):
        classify_neurons(torch.randn(8, 20), axes)
    with pytest.raises(BadInput, match="ONE value at ONE layer"):
        classify_neurons(torch.randn(20, 8), PlaneAxes(torch.ones(2, 8), torch.ones(2, 8), torch.ones(2, 8)))
    with pytest.raises(BadInput, match="top_frac"):
        classify_neurons(torch.randn(20, 8), axes, top_frac=0.0)


# ------------------------------------------------------------------------------------------ delta_directions
def test_deltas_collinear():
    g = torch.Generator().manual_seed(3)
    n_values, n_layers, d = 10, 3, 48
    v_int = torch.randn(n_values, n_layers, d, generator=g, dtype=torch.float64)
    m = torch.randn(n_layers, d, generator=g, dtype=torch.float64)
    scale = torch.linspace(0.5, 3.0, n_values, dtype=torch.float64)
    v_prompt = v_int + scale[:, None, None] * m
    res = delta_directions(v_int, v_prompt)
    assert torch.allclose(res.deltas, scale[:, None, None] * m)
    assert torch.allclose(res.mean_cosine, torch.ones(n_layers, dtype=res.mean_cosine.dtype))
    assert torch.allclose(res.explained, torch.ones(n_layers, dtype=res.explained.dtype))
    assert torch.allclose(res.mean_delta, scale.mean() * m)
    assert res.cosines.shape == (n_layers, n_values, n_values)


def test_deltas_orthogonal_hand_computed():
    # d_s = e_s: all pairwise cosines 0; unit mean = sum e_s / sqrt(n); each squared projection 1/n, sum 1;
    # total sum of squares n -> explained 1/n
    n = 5
    v_int = torch.zeros(n, 8, dtype=torch.float64)
    v_prompt = torch.eye(n, 8, dtype=torch.float64)
    res = delta_directions(v_int, v_prompt)
    assert res.mean_cosine.item() == pytest.approx(0.0)
    assert res.explained.item() == pytest.approx(1 / n)
    assert torch.allclose(res.cosines, torch.eye(n, dtype=res.cosines.dtype))
    # a NaN value row is left out of the comparison
    v_int_nan = torch.cat([v_int, torch.full((1, 8), float("nan"), dtype=torch.float64)])
    v_prompt_nan = torch.cat([v_prompt, torch.zeros(1, 8, dtype=torch.float64)])
    res2 = delta_directions(v_int_nan, v_prompt_nan)
    assert res2.explained.item() == pytest.approx(1 / n) and res2.mean_cosine.item() == pytest.approx(0.0)


def test_deltas_errors():
    v = torch.randn(4, 8)
    with pytest.raises(BadInput, match="zero delta"):
        delta_directions(v, v.clone().index_add_(0, torch.tensor([0]), torch.ones(1, 8)))
    with pytest.raises(BadInput, match="same shape"):
        delta_directions(v, torch.randn(3, 8))
    with pytest.raises(BadInput, match="at least 2 values"):
        delta_directions(v[:1], v[:1] + 1)
