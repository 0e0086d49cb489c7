"""lib.reader_check: the bound per number format and every reading of the agreement sentence."""
import pytest
import torch

from lib import reader_check
from lib.errors import BadInput


def test_tolerance_is_absolute_in_full_precision_and_relative_in_16_bits():
    assert reader_check.tolerance(torch.float32, 250.0) == 1e-4
    assert reader_check.tolerance(torch.float64, 3.0) == 1e-4
    assert reader_check.tolerance(torch.bfloat16, 250.0) == pytest.approx(5.0)
    assert reader_check.tolerance(torch.float16, 10.0) == pytest.approx(0.2)
    with pytest.raises(BadInput, match="acts.abs"):
        reader_check.tolerance(torch.bfloat16, float("nan"))


def test_agreement_sentence_every_reading():
    full = reader_check.agreement_sentence(3.2e-6, 1e-4, torch.float32)
    assert full == ("The largest difference, 3.20e-06, is at the level of float32 rounding (bound 1e-04): the reader "
                    "returns what the hooks see.")
    half = reader_check.agreement_sentence(0.031, 5.0, torch.bfloat16)
    assert half.startswith("The largest difference, 3.10e-02, is within the bfloat16 bound (5.0e+00, 2% of the "
                           "largest activation)") and "not exactly" in half and "rounding (bound" not in half
    assert reader_check.agreement_sentence(0.0, 1e-4, torch.float32) == (
        "The reader and the hooks agree exactly in float32: the largest difference is 0.")
    above = reader_check.agreement_sentence(2e-3, 1e-4, torch.float32)
    assert above.startswith("The largest difference, 2.00e-03, is above the bound for float32 (1.0e-04)")
    assert "does not return what the hooks see" in reader_check.agreement_sentence(6.0, 5.0, torch.bfloat16)
    assert reader_check.agreement_sentence(1e-4, 1e-4, torch.float32).startswith("The largest difference, 1.00e-04, "
                                                                                 "is above")  # the bound is strict
    with pytest.raises(BadInput, match="tolerance"):
        reader_check.agreement_sentence(-1.0, 1e-4, torch.float32)
    with pytest.raises(BadInput, match="tolerance"):
        reader_check.agreement_sentence(1e-6, 0.0, torch.float32)
