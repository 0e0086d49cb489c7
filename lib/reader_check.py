"""Does `lib.activations.collect` return what hand-written hooks see? The bound a check allows for a number format,
and the sentence that reads the largest difference against it (the residual-stream chapter prints it).

Full precision (float32, float64): batched and single-text forwards agree to rounding, so the bound is 1e-4.
16-bit (bfloat16, float16, and 4- / 8-bit models computing in them): batched and single-text kernels round differently,
so the bound is 2% of the largest activation read, and agreement means "up to 16-bit rounding", not "exact".
"""
from __future__ import annotations

import math

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


def agreement_sentence(max_error: float, bound: float, dtype: torch.dtype) -> str:
    """One sentence reading the largest difference between `collect` and the hooks against `bound` (`tolerance`)."""
    if not (math.isfinite(max_error) and max_error >= 0 and math.isfinite(bound) and bound > 0):
        raise BadInput(f"max_error must be >= 0 and bound > 0, both finite; got {max_error} and {bound}: pass the "
                       "largest absolute difference and tolerance(dtype, largest_activation)")
    name = str(dtype).removeprefix("torch.")
    if max_error >= bound:
        return (f"The largest difference, {max_error:.2e}, is above the bound for {name} ({bound:.1e}): the reader "
                "does not return what the hooks see, and no chapter's numbers should be trusted until it does.")
    if max_error == 0:
        return f"The reader and the hooks agree exactly in {name}: the largest difference is 0."
    if dtype in FULL_PRECISION:
        return (f"The largest difference, {max_error:.2e}, is at the level of {name} rounding (bound {bound:.0e}): "
                "the reader returns what the hooks see.")
    return (f"The largest difference, {max_error:.2e}, is within the {name} bound ({bound:.1e}, "
            f"{HALF_SHARE:.0%} of the largest activation): batched and single-text kernels round 16-bit numbers "
            "differently, so the reader agrees with the hooks up to 16-bit rounding, not exactly.")
