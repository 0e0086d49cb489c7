"""Value vectors and their intrinsic / prompted decomposition (Part II, Han et al.).

A *value vector* is a diff-in-means in the residual stream: responses that express value s minus responses that do
not. Computed once from responses the model gave on its own (intrinsic, ``v_int``) and once from responses to a
prompt asking for the value (prompted, ``v_prompt``), the two are split into a shared axis and the axes unique to
each mechanism (``value_axes``); MLP neurons are then sorted by which axis they write along (``classify_neurons``);
and the prompted-minus-intrinsic deltas are compared across values (``delta_directions``).

Pure tensor math; the rank-2 decomposition itself lives in ``lib.directions``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from lib.directions import orthogonalize, rank2_axes
from lib.errors import BadInput

GROUPS = ("shared", "intrinsic", "prompted")


def _float(t) -> torch.Tensor:
    t = torch.as_tensor(t)
    return t.to(torch.promote_types(t.dtype, torch.float32))


def value_vectors(acts, labels, values: Sequence[str], *, on_missing: str = "raise") -> torch.Tensor:
    """Diff-in-means value vectors: v_s = mean(acts[expresses s]) - mean(acts[does not express s]).

    acts: [n_responses, n_layers, d_model] (mean residual over each response's tokens);
    labels: bool [n_responses, n_values] (response r expresses value s); values: the n_values names.
    Returns [n_values, n_layers, d_model] (float32, or float64 if acts are float64).
    A value with no positive or no negative response raises BadInput naming it; ``on_missing="nan"`` gives it a
    NaN row instead (value_axes and delta_directions carry NaN rows through).
    """
    acts = _float(acts)
    labels = torch.as_tensor(np.array(labels))  # a copy: pandas may hand over a read-only array
    values = list(values)
    if acts.ndim != 3:
        raise BadInput(f"acts must be [n_responses, n_layers, d_model]; got shape {tuple(acts.shape)}. "
                       "For a single layer use acts[:, None, :].")
    if labels.ndim != 2 or labels.shape[0] != acts.shape[0]:
        raise BadInput(f"labels must be [n_responses={acts.shape[0]}, n_values]; got shape {tuple(labels.shape)}.")
    if labels.shape[1] != len(values):
        raise BadInput(f"labels has {labels.shape[1]} value columns but {len(values)} value names were given; "
                       "pass one name per column.")
    if labels.dtype != torch.bool:
        if not bool(((labels == 0) | (labels == 1)).all()):
            raise BadInput("labels must be boolean (or 0/1): True where the response expresses the value.")
        labels = labels.bool()
    if on_missing not in ("raise", "nan"):
        raise BadInput(f"on_missing must be 'raise' or 'nan'; got {on_missing!r}.")
    out = torch.empty((len(values),) + tuple(acts.shape[1:]), dtype=acts.dtype)
    n = acts.shape[0]
    for s, name in enumerate(values):
        pos = labels[:, s]
        n_pos = int(pos.sum())
        if n_pos == 0 or n_pos == n:
            if on_missing == "nan":
                out[s] = float("nan")
                continue
            which = "no responses expressing it" if n_pos == 0 else "no responses that do not express it"
            raise BadInput(f"value {name!r} has {which} ({n_pos} of {n} positive); a diff-in-means needs both. "
                           "Collect or label more responses, drop the value, or pass on_missing='nan'.")
        out[s] = acts[pos].mean(0) - acts[~pos].mean(0)
    return out


@dataclass
class PlaneAxes:
    """The three unit axes of one value at one layer, all in span(v_int, v_prompt). Each [d_model]."""
    u_shared: torch.Tensor
    u_int: torch.Tensor
    u_prompt: torch.Tensor


@dataclass
class ValueAxes:
    """Per value and layer (leading dims ``[...]`` = those of the inputs, usually [n_values, n_layers]).

    u_shared, u_int, u_prompt: [..., d_model] unit axes from ``directions.rank2_axes``; u_shared is the top singular
        direction of [v_int; v_prompt] signed toward v_int + v_prompt, u_int the second one signed toward
        v_int - v_prompt, u_prompt = -u_int.
    v_int_perp = orthogonalize(v_int, v_prompt), v_prompt_perp = orthogonalize(v_prompt, v_int): [..., d_model].
    cos: [...] cosine(v_int, v_prompt). singular_values, explained: [..., 2] from rank2_axes.
    values: optional names of the first leading dim, so ``at("hedonism", 12)`` works.
    """
    u_shared: torch.Tensor
    u_int: torch.Tensor
    u_prompt: torch.Tensor
    v_int_perp: torch.Tensor
    v_prompt_perp: torch.Tensor
    cos: torch.Tensor
    singular_values: torch.Tensor
    explained: torch.Tensor
    values: list | None = None

    def at(self, value, layer: int | None = None) -> PlaneAxes:
        """The axes of one value (index or name) at one layer (omit layer if the inputs had no layer dim)."""
        if isinstance(value, str):
            if not self.values or value not in self.values:
                raise BadInput(f"unknown value {value!r}; known: {self.values}. Pass values= to value_axes "
                               "or index by position.")
            value = self.values.index(value)
        idx = (value,) if layer is None else (value, layer)
        sel = [t[idx] for t in (self.u_shared, self.u_int, self.u_prompt)]
        if sel[0].ndim != 1:
            raise BadInput(f"at{idx} leaves shape {tuple(sel[0].shape)}; give both a value and a layer.")
        return PlaneAxes(*sel)


def value_axes(v_int, v_prompt, *, values: Sequence[str] | None = None) -> ValueAxes:
    """Split intrinsic and prompted value vectors into shared / intrinsic-only / prompted-only axes.

    v_int, v_prompt: [..., d_model], same shape (usually [n_values, n_layers, d_model] from value_vectors).
    All (value, layer) pairs go through ``directions.rank2_axes`` in one batch (which signs u_shared toward
    v_int + v_prompt and u_int toward v_int - v_prompt); rows containing NaN give NaN outputs.
    """
    v_int, v_prompt = _float(v_int), _float(v_prompt)
    if v_int.shape != v_prompt.shape or v_int.ndim < 1:
        raise BadInput(f"v_int and v_prompt must have the same shape [..., d_model]; got {tuple(v_int.shape)} "
                       f"and {tuple(v_prompt.shape)}.")
    lead, d = tuple(v_int.shape[:-1]), v_int.shape[-1]
    a, b = v_int.reshape(-1, d), v_prompt.reshape(-1, d)
    m = a.shape[0]
    nan = float("nan")
    us, ui, ap, bp = (torch.full((m, d), nan, dtype=a.dtype) for _ in range(4))
    cos = torch.full((m,), nan, dtype=a.dtype)
    sv, ex = torch.full((m, 2), nan, dtype=a.dtype), torch.full((m, 2), nan, dtype=a.dtype)
    ok = ~(torch.isnan(a).any(-1) | torch.isnan(b).any(-1))
    zero = ok & ((a.norm(dim=-1) == 0) | (b.norm(dim=-1) == 0))
    if zero.any():
        where = tuple(int(i) for i in np.unravel_index(int(zero.nonzero()[0]), lead)) if lead else ()
        raise BadInput(f"index {where} has a zero value vector, so its axes are undefined. "
                       "Drop that value/layer or check its labels.")
    if ok.any():
        x, y = a[ok], b[ok]
        ax = rank2_axes(x, y)  # signs: shared . (x + y) >= 0, diff . (x - y) >= 0
        us[ok], ui[ok] = ax.shared.to(a.dtype), ax.diff.to(a.dtype)
        sv[ok], ex[ok] = ax.singular_values.to(a.dtype), ax.explained.to(a.dtype)
        ap[ok] = orthogonalize(x, y).to(a.dtype)
        bp[ok] = orthogonalize(y, x).to(a.dtype)
        cos[ok] = (x * y).sum(-1) / (x.norm(dim=-1) * y.norm(dim=-1))
    shape = lambda t, *tail: t.reshape(*lead, *tail)  # noqa: E731
    return ValueAxes(u_shared=shape(us, d), u_int=shape(ui, d), u_prompt=shape(-ui, d),
                     v_int_perp=shape(ap, d), v_prompt_perp=shape(bp, d), cos=shape(cos),
                     singular_values=shape(sv, 2), explained=shape(ex, 2),
                     values=list(values) if values is not None else None)


@dataclass
class NeuronGroups:
    """MLP neurons of one layer sorted by the axis their output weight writes along.

    shared, intrinsic, prompted: [n_in_group] neuron indices, largest projected norm first.
    kept: [k] indices of the top-``top_frac`` neurons by projected norm (largest first); label: [k] their group
        ("shared" / "intrinsic" / "prompted", or "" if no axis is within max_angle_deg).
    angles: [n_neurons, 3] degrees (0..180) between each neuron's in-plane projection and u_shared, u_int, u_prompt.
    proj_norm: [n_neurons] norm of each neuron's projection onto the plane.
    """
    shared: torch.Tensor
    intrinsic: torch.Tensor
    prompted: torch.Tensor
    kept: torch.Tensor
    label: list
    angles: torch.Tensor
    proj_norm: torch.Tensor

    def counts(self) -> dict:
        return {g: int(getattr(self, g).numel()) for g in GROUPS}


def output_weights(model, layer: int) -> torch.Tensor:
    """Each MLP neuron's output weight at block `layer`: ``mlp.down_proj.weight.T``, [n_neurons, d_model] float32,
    on the model's device. A model loaded in 4 or 8 bits (bitsandbytes) stores that weight packed; it is
    dequantised here, so every profile hands ``classify_neurons`` the same matrix."""
    proj = model.layers[model.layer_index(layer)].mlp.down_proj
    w = proj.weight
    if getattr(w, "quant_state", None) is not None:  # bitsandbytes NF4 / FP4: packed uint8 + quantisation state
        import bitsandbytes.functional as bnb_f

        w = bnb_f.dequantize_4bit(w.data, w.quant_state)
    elif getattr(w, "SCB", None) is not None:  # bitsandbytes int8: one scale per output row
        w = w.data.float() * (w.SCB.float()[:, None] / 127.0)
    w = w.detach().float()
    if tuple(w.shape) != (proj.out_features, proj.in_features):
        raise BadInput(f"down_proj of layer {layer} holds a weight of shape {tuple(w.shape)}, not "
                       f"[{proj.out_features}, {proj.in_features}]: a quantisation lib cannot unpack")
    return w.T


def classify_neurons(w_out, axes, *, top_frac: float = 0.01, max_angle_deg: float = 30.0) -> NeuronGroups:
    """Label MLP neurons as shared / intrinsic / prompted by where their output weight points in the value plane.

    w_out: [n_neurons, d_model], each neuron's output weight (``output_weights(model, layer)``, i.e.
        ``mlp.down_proj.weight.T``, dequantised for a 4-/8-bit model).
    axes: one value at one layer, e.g. ``value_axes(...).at(value, layer)``: u_shared, u_int, u_prompt [d_model].
    Each weight is projected onto span(u_shared, u_int); the k = max(1, round(top_frac * n_neurons)) neurons with
    the largest projected norm are kept, and each kept neuron takes the axis with the smallest in-plane angle, if
    that angle is below ``max_angle_deg``; otherwise it stays unlabelled.
    Angles use the sign of every axis: a weight along -u_shared is 180 deg from u_shared and 90 deg from u_int and
    u_prompt, so it is NOT "shared". The sign fixes the line a neuron writes along, not which way: in a gated
    (SwiGLU) MLP the neuron's activation silu(gate) * up takes both signs, so the same neuron can write +w or -w;
    the scaling test, not this label, measures what a group does. u_int and u_prompt = -u_int are opposite, so the
    signed angle is what tells them apart.
    The projection runs where w_out lies (the axes are moved there: on a GPU the weight never leaves it); every
    tensor of the result is on the CPU.
    """
    w = _float(w_out)
    if w.ndim != 2:
        raise BadInput(f"w_out must be [n_neurons, d_model] (down_proj.weight.T); got shape {tuple(w.shape)}.")
    u = [_float(getattr(axes, k)) for k in ("u_shared", "u_int", "u_prompt")]
    if any(t.ndim != 1 for t in u):
        raise BadInput("axes must hold ONE value at ONE layer (1-D u_shared/u_int/u_prompt); "
                       "use value_axes(...).at(value, layer).")
    if u[0].shape[0] != w.shape[1]:
        if u[0].shape[0] == w.shape[0]:
            raise BadInput(f"w_out looks transposed ({tuple(w.shape)}); pass down_proj.weight.T, "
                           "i.e. [n_neurons, d_model].")
        raise BadInput(f"w_out has d_model={w.shape[1]} but the axes have {u[0].shape[0]}.")
    if not 0 < top_frac <= 1:
        raise BadInput(f"top_frac must be in (0, 1]; got {top_frac}.")
    u = [t.to(device=w.device, dtype=w.dtype) for t in u]
    e1 = u[0] / u[0].norm()
    e2 = u[1] - torch.dot(u[1], e1) * e1
    if e2.norm() < 1e-6 * u[1].norm():
        raise BadInput("u_shared and u_int are parallel, so they do not span a plane; check the axes.")
    e2 = e2 / e2.norm()
    coords = torch.stack([w @ e1, w @ e2], 1)  # [n_neurons, 2]
    proj_norm = coords.norm(dim=1)
    ax2 = torch.stack([torch.stack([t @ e1, t @ e2]) for t in u])  # [3, 2]
    ax2 = ax2 / ax2.norm(dim=1, keepdim=True)
    cosang = (coords @ ax2.T) / proj_norm.clamp_min(1e-30)[:, None]
    angles = torch.rad2deg(torch.arccos(cosang.clamp(-1, 1))).cpu()
    proj_norm = proj_norm.cpu()
    angles[proj_norm == 0] = float("nan")
    n = w.shape[0]
    k = max(1, int(round(top_frac * n)))
    kept = torch.argsort(proj_norm, descending=True, stable=True)[:k]
    best_angle, best = torch.nan_to_num(angles[kept], nan=math.inf).min(dim=1)
    label = [GROUPS[int(j)] if a < max_angle_deg else "" for a, j in zip(best_angle.tolist(), best.tolist())]
    groups = {g: kept[torch.tensor([lab == g for lab in label], dtype=torch.bool)] for g in GROUPS}
    return NeuronGroups(**groups, kept=kept, label=label, angles=angles, proj_norm=proj_norm)


@dataclass
class Deltas:
    """Prompted-minus-intrinsic value vectors and how much they share one direction.

    deltas: [n_values, ..., d_model], d_s = v_prompt_s - v_int_s.
    cosines: [..., n_values, n_values] pairwise cosines between deltas (per layer when there is a layer dim).
    mean_cosine: [...] mean over the off-diagonal pairs s < t.
    mean_delta: [..., d_model] the mean delta over values (the "compliance direction").
    explained: [...] sum_s (d_s . m_hat)^2 / sum_s |d_s|^2, m_hat the unit mean delta (uncentred: the total sum
        of squares is about the origin). NaN where the mean delta is zero.
    """
    deltas: torch.Tensor
    cosines: torch.Tensor
    mean_cosine: torch.Tensor
    mean_delta: torch.Tensor
    explained: torch.Tensor


def delta_directions(v_int, v_prompt) -> Deltas:
    """Compare the per-value deltas v_prompt - v_int: do all values move along one shared direction?

    v_int, v_prompt: [n_values, d_model] or [n_values, n_layers, d_model]; NaN value rows are left out.
    """
    v_int, v_prompt = _float(v_int), _float(v_prompt)
    if v_int.shape != v_prompt.shape or v_int.ndim not in (2, 3):
        raise BadInput(f"v_int and v_prompt must be the same shape, [n_values, d_model] or "
                       f"[n_values, n_layers, d_model]; got {tuple(v_int.shape)} and {tuple(v_prompt.shape)}.")
    deltas = v_prompt - v_int
    dl = deltas if deltas.ndim == 3 else deltas[:, None]  # [n_values, n_layers, d]
    dl = dl.transpose(0, 1)  # [n_layers, n_values, d]
    ok = ~torch.isnan(dl).any(-1).any(0)  # values usable on every layer
    if int(ok.sum()) < 2:
        raise BadInput(f"need at least 2 values with finite deltas to compare; got {int(ok.sum())}.")
    norms = dl.norm(dim=-1)  # [n_layers, n_values]
    zero = (norms[:, ok] == 0).nonzero()
    if len(zero):
        raise BadInput(f"value {int(ok.nonzero()[zero[0, 1]])} has v_prompt == v_int (zero delta) at layer index "
                       f"{int(zero[0, 0])}; its cosine is undefined. Drop it before comparing deltas.")
    unit = dl / norms[..., None]
    cosines = unit @ unit.transpose(1, 2)  # [n_layers, n_values, n_values]
    okn = ok.nonzero().flatten()
    iu = torch.triu_indices(len(okn), len(okn), offset=1)
    sub = cosines[:, okn][:, :, okn]
    mean_cosine = sub[:, iu[0], iu[1]].mean(-1)
    good = dl[:, ok]
    mean_delta = good.mean(1)  # [n_layers, d]
    mnorm = mean_delta.norm(dim=-1, keepdim=True)
    m_hat = mean_delta / mnorm
    explained = ((good @ m_hat[..., None]).squeeze(-1) ** 2).sum(1) / (good ** 2).sum((1, 2))
    explained = torch.where(mnorm.squeeze(-1) > 0, explained, torch.full_like(explained, float("nan")))
    if deltas.ndim == 2:
        cosines, mean_cosine, mean_delta, explained = cosines[0], mean_cosine[0], mean_delta[0], explained[0]
    return Deltas(deltas=deltas, cosines=cosines, mean_cosine=mean_cosine, mean_delta=mean_delta,
                  explained=explained)
