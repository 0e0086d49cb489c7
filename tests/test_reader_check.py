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


def _acts(scales, n_texts=3, d=4):
    """[n_texts, n_layers, d] activations whose layer l has largest |value| scales[l]."""
    acts = torch.zeros(n_texts, len(scales), d)
    for layer, s in enumerate(scales):
        acts[:, layer, 0], acts[1, layer, 1] = s / 2, -s  # the largest |value| is negative in one text
    return acts


def test_by_layer_fails_an_early_error_that_one_global_bound_would_pass():
    acts = _acts([1.0, 10.0, 300.0])  # an early layer near 1, a late one in the hundreds, as on real models
    errors = torch.zeros(3, 3)
    errors[2, 0] = 0.8  # as large as layer 0's activations themselves
    global_bound = reader_check.tolerance(torch.bfloat16, float(acts.abs().amax()))
    assert global_bound == pytest.approx(6.0) and errors.max() < global_bound  # the old check passed this
    check = reader_check.by_layer(errors, acts, torch.bfloat16, layers=[4, 9, 17])
    assert check == reader_check.LayerCheck(layer=4, max_error=pytest.approx(0.8), bound=pytest.approx(0.02),
                                            ok=False)
    assert reader_check.agreement_sentence(check.max_error, check.bound, torch.bfloat16, check.layer).startswith(
        "The largest difference at layer 4, 8.00e-01, is above the bound for bfloat16 (2.0e-02, 2% of layer 4's "
        "largest activation): the reader does not return what the hooks see")


def test_by_layer_names_the_worst_layer_against_its_own_bound():
    acts = _acts([1.0, 10.0, 300.0])
    errors = torch.tensor([[0.005, 0.15, 3.0], [0.01, 0.0, 1.0], [0.0, 0.02, 0.0]])
    # each layer's largest error over its bound (0.02, 0.2, 6.0): 0.5, 0.75, 0.5 -> layer 1 is the worst
    check = reader_check.by_layer(errors, acts, torch.float16)
    assert (check.layer, check.ok) == (1, True)
    assert (check.max_error, check.bound) == (pytest.approx(0.15), pytest.approx(0.2))
    # the largest absolute difference (3.0, layer 2) is not the worst against its bound
    sentence = reader_check.agreement_sentence(check.max_error, check.bound, torch.float16, check.layer)
    assert sentence == ("The largest difference at layer 1, 1.50e-01, the worst layer against its own bound, is within "
                        "the float16 bound (2.0e-01, 2% of layer 1's largest activation): batched and single-text "
                        "kernels round 16-bit numbers differently, so the reader agrees with the hooks up to 16-bit "
                        "rounding, not exactly.")
    # one row of errors per layer ([n_layers]) reads the same
    assert reader_check.by_layer(errors.amax(0), acts, torch.float16) == check


def test_by_layer_full_precision_keeps_the_absolute_bound():
    acts = _acts([1.0, 10.0, 300.0])
    errors = torch.tensor([[2e-6, 5e-6, 3e-5]])
    check = reader_check.by_layer(errors, acts, torch.float32, layers=[0, 1, 2])
    assert check == reader_check.LayerCheck(2, pytest.approx(3e-5), 1e-4, True)
    assert reader_check.agreement_sentence(check.max_error, check.bound, torch.float32, check.layer) == (
        "The largest difference at layer 2, 3.00e-05, the worst layer against its own bound, is at the level of "
        "float32 rounding (bound 1e-04): the reader returns what the hooks see.")
    assert not reader_check.by_layer(torch.tensor([[0.0, 2e-4, 0.0]]), acts, torch.float32).ok  # 1e-4 everywhere
    assert reader_check.by_layer(torch.zeros(3, 3), acts, torch.float32).max_error == 0.0


def test_by_layer_bad_input():
    acts = _acts([1.0, 10.0])
    with pytest.raises(BadInput, match="same n_layers"):
        reader_check.by_layer(torch.zeros(3, 3), acts, torch.float32)
    with pytest.raises(BadInput, match="layers names 3 layers"):
        reader_check.by_layer(torch.zeros(3, 2), acts, torch.float32, layers=[0, 1, 2])
    with pytest.raises(BadInput, match="NaN or inf"):
        reader_check.by_layer(torch.tensor([[0.0, float("nan")]]), acts, torch.float32)
    acts[:, 1] = 0
    with pytest.raises(BadInput, match="layer 1 reads all zeros"):
        reader_check.by_layer(torch.zeros(3, 2), acts, torch.bfloat16)
