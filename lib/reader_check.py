"""Does `lib.activations.collect` return what hand-written hooks see? The bound a check allows for a number format,
and the sentence that reads the largest difference against it (the residual-stream chapter prints it).

Full precision (float32, float64): batched and single-text forwards agree to rounding, so the bound is 1e-4.
16-bit (bfloat16, float16, and 4- / 8-bit models computing in them): batched and single-text kernels round differently,
so the bound is 2% of the largest activation read, and agreement means "up to 16-bit rounding", not "exact". The bound
is set per layer (`by_layer`): late layers of real models reach hundreds while early ones stay near 1, so one bound
from the largest activation of all layers would pass an early-layer error as large as the early activations.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from lib.errors import BadInput

FULL_PRECISION = (torch.float32, torch.float64)
FULL_BOUND = 1e-4  # absolute, full precision
HALF_SHARE = 2e-2  # of the largest activation, 16-bit


def tolerance(dtype: torch.dtype, largest_activation: float) -> float:
    """The largest |collect - hooks| the check accepts for a model computing in `dtype` whose largest activation read
    is `largest_activation` (absolute value)."""
    if not math.isfinite(largest_activation) or largest_activation < 0:
        raise BadInput(f"largest_activation must be a finite absolute value, got {largest_activation}: pass "
                       "float(acts.abs().amax())")
    return FULL_BOUND if dtype in FULL_PRECISION else HALF_SHARE * largest_activation


@dataclass(frozen=True)
class LayerCheck:
    """The layer whose largest difference is the largest share of its own bound (`by_layer`), and whether every
    layer's largest difference is under its bound."""
    layer: int        # that layer (the model's layer index, as passed in `layers`)
    max_error: float  # its largest |collect - hooks|
    bound: float      # its bound: tolerance(dtype, its largest |activation|)
    ok: bool          # every layer's largest difference < its own bound


def by_layer(errors, acts, dtype: torch.dtype, layers=None) -> LayerCheck:
    """Read each layer's largest |collect - hooks| against that layer's own bound; return the worst layer.

    errors: [n_texts, n_layers] (or [n_layers]) largest absolute difference per text and layer; acts:
    [n_texts, n_layers, d_model] (or [n_texts, n_layers]) what `collect` returned, for each layer's largest
    |activation|; layers: the model's layer index of each column (default 0, 1, ...). Full precision: every bound is
    1e-4, so the worst layer is the one with the largest difference. 16-bit: layer l's bound is 2% of layer l's
    largest |activation|, and the worst layer is the one with the largest difference / bound."""
    err, act = torch.as_tensor(errors).detach().double(), torch.as_tensor(acts).detach().double()
    err = err.reshape(-1, err.shape[-1]) if err.ndim else err
    if err.ndim != 2 or act.ndim < 2 or act.shape[1] != err.shape[1]:
        raise BadInput(f"errors must be [n_texts, n_layers] and acts [n_texts, n_layers, d_model] with the same "
                       f"n_layers; got {tuple(err.shape)} and {tuple(act.shape)}")
    layers = list(range(err.shape[1])) if layers is None else [int(x) for x in layers]
    if len(layers) != err.shape[1]:
        raise BadInput(f"layers names {len(layers)} layers but errors has {err.shape[1]} columns: pass the layers "
                       "read, in the order collect returned them")
    if not (torch.isfinite(err).all() and torch.isfinite(act).all()):
        raise BadInput("errors or acts hold NaN or inf: the reader or the hooks returned non-finite activations; "
                       "check the model's dtype (float16 overflows on some models: use bfloat16)")
    worst_err = err.amax(0)
    largest = act.abs().transpose(0, 1).reshape(err.shape[1], -1).amax(1)
    bounds = [tolerance(dtype, float(a)) for a in largest]
    if min(bounds) <= 0:
        zero = layers[bounds.index(min(bounds))]
        raise BadInput(f"layer {zero} reads all zeros, so a bound relative to its largest activation is 0: check "
                       "that the texts reach that layer")
    share = [float(e) / b for e, b in zip(worst_err, bounds)]
    i = max(range(len(share)), key=share.__getitem__)
    return LayerCheck(layers[i], float(worst_err[i]), bounds[i], max(share) < 1)


def agreement_sentence(max_error: float, bound: float, dtype: torch.dtype, layer: int | None = None) -> str:
    """One sentence reading the largest difference between `collect` and the hooks against `bound` (`tolerance`).
    With `layer` (from `by_layer`): the difference and bound are that layer's, the worst against its own bound."""
    if not (math.isfinite(max_error) and max_error >= 0 and math.isfinite(bound) and bound > 0):
        raise BadInput(f"max_error must be >= 0 and bound > 0, both finite; got {max_error} and {bound}: pass the "
                       "largest absolute difference and tolerance(dtype, largest_activation)")
    name = str(dtype).removeprefix("torch.")
    at = "" if layer is None else f" at layer {layer}"
    whose = "the largest activation" if layer is None else f"layer {layer}'s largest activation"
    worst = "" if layer is None else ", the worst layer against its own bound"
    if max_error >= bound:
        share = "" if dtype in FULL_PRECISION else f", {HALF_SHARE:.0%} of {whose}"
        return (f"The largest difference{at}, {max_error:.2e}, is above the bound for {name} ({bound:.1e}{share}): "
                "the reader does not return what the hooks see, and no chapter's numbers should be trusted until it "
                "does.")
    if max_error == 0:
        return f"The reader and the hooks agree exactly in {name}: the largest difference is 0."
    if dtype in FULL_PRECISION:
        return (f"The largest difference{at}, {max_error:.2e}{worst}, is at the level of {name} rounding (bound "
                f"{bound:.0e}): the reader returns what the hooks see.")
    return (f"The largest difference{at}, {max_error:.2e}{worst}, is within the {name} bound ({bound:.1e}, "
            f"{HALF_SHARE:.0%} of {whose}): batched and single-text kernels round 16-bit numbers "
            "differently, so the reader agrees with the hooks up to 16-bit rounding, not exactly.")
