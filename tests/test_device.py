"""Tensors on the wrong device: lib's functions run with the model (and SAE) on a simulated GPU, on the CPU.

On a CPU every tensor shares one device, so `weight_on_gpu @ vector_on_cpu` passes here and crashes on a reader's
GPU. `fake_gpu` (tests/fake_gpu.py) gives the model's parameters a device of cuda:0 and applies CUDA's rule (no op
mixes a cuda:0 tensor with a CPU one) while computing on the CPU. Each case below runs one lib function on the
same tiny model twice, on the CPU and on the simulated GPU, and asserts the same values (and, where lib promises
it, a result on the CPU).
"""
import copy
import dataclasses

import numpy as np
import pandas as pd
import pytest
import torch
from conftest import make_hf, make_tokenizer
from fake_gpu import SAME_DEVICE, OnGPU, fake_gpu, to_gpu

import lib.models
from lib import (activations, compliance, crosslingual, diversity, generations, llm_judge, sae as sae_mod, standin,
                 steering, sweeps, values)

TEXTS = ["the tax rate", "a union vote in the city school", "gun", "free market wage health climate energy court"]
VEC = torch.randn(32, generator=torch.Generator().manual_seed(0))
LAYER = 1


def _pair(arch: str):
    cpu = lib.models.wrap(make_hf(arch), make_tokenizer(), name=f"tiny-{arch}", system_role=arch != "gemma2")
    # another name, so no cache key of the CPU model's results (fingerprint) can serve the GPU model
    gpu = lib.models.wrap(to_gpu(make_hf(arch)), make_tokenizer(), name=f"tiny-{arch}-on-gpu",
                          system_role=arch != "gemma2")
    return cpu, gpu


@pytest.fixture(scope="module")
def llama():
    return _pair("llama")


@pytest.fixture(scope="module")
def saes():
    cpu = standin.sae("llama_scope_lxr_8x", f"l{LAYER}r_8x", 32, "tiny")
    return cpu, to_gpu(copy.deepcopy(cpu))


def _host(x) -> bool:
    """True when no tensor inside x reports a GPU."""
    if isinstance(x, torch.Tensor):
        return not isinstance(x, OnGPU)
    if dataclasses.is_dataclass(x):
        return all(_host(getattr(x, f.name)) for f in dataclasses.fields(x))
    if isinstance(x, (list, tuple)):
        return all(_host(v) for v in x)
    if isinstance(x, dict):
        return all(_host(v) for v in x.values())
    return True


def _same(got, want, where="result"):
    if isinstance(want, torch.Tensor):
        got = got.as_subclass(torch.Tensor) if isinstance(got, OnGPU) else got
        torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-5, equal_nan=True, msg=lambda m: f"{where}: {m}")
    elif dataclasses.is_dataclass(want):
        for f in dataclasses.fields(want):
            _same(getattr(got, f.name), getattr(want, f.name), f"{where}.{f.name}")
    elif isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-5)
    elif isinstance(want, np.ndarray):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=where)
    elif isinstance(want, (list, tuple)):
        assert len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want)):
            _same(g, w, f"{where}[{i}]")
    elif isinstance(want, dict):
        assert got.keys() == want.keys(), where
        for k in want:
            _same(got[k], want[k], f"{where}[{k!r}]")
    elif isinstance(want, float):
        assert got == pytest.approx(want, rel=1e-5, abs=1e-6, nan_ok=True), where
    else:
        assert got == want, where


def _on_both(pair, sae_pair, fn, *, host=True):
    """fn(model, sae) on the CPU, then on the simulated GPU: the same values; on the CPU if `host`."""
    (cpu, gpu), (sae_cpu, sae_gpu) = pair, sae_pair
    want = fn(cpu, sae_cpu)
    with fake_gpu():
        got = fn(gpu, sae_gpu)
    if host:
        assert _host(got), "lib promises this result on the CPU, but part of it is on the GPU"
    _same(got, want)
    return got


# ---------------------------------------------------------------- the simulation itself

def test_fake_gpu_fails_like_cuda_and_computes_like_the_cpu():
    with fake_gpu():
        hf = to_gpu(make_hf())
        w = hf.model.layers[0].mlp.down_proj.weight  # [d_model, d_mlp]
        assert w.device == torch.device("cuda", 0) and w.is_cuda and isinstance(w, torch.nn.Parameter)
        x = torch.ones(w.shape[1])
        with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
            w @ x
        with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
            torch.cat([w[0], x[:3]])
        with pytest.raises(TypeError, match="can't convert cuda:0 device type tensor to numpy"):
            w.detach().numpy()
        with pytest.raises(TypeError, match="to numpy"):
            np.asarray(w.detach())
        y = (w @ x.to(w.device)).detach()  # the fix: move to the weight's device
        assert isinstance(y, OnGPU) and not isinstance(y.cpu(), OnGPU) and not isinstance(y.to("cpu"), OnGPU)
        assert isinstance(torch.zeros(2, device="cuda"), OnGPU) and isinstance(torch.ones(2).cuda(), OnGPU)
        assert isinstance(torch.as_tensor([1.0], device=w.device), OnGPU)
        assert (w * torch.tensor(2.0)).shape == w.shape  # a 0-dim CPU tensor is a scalar, as on CUDA
        assert w[torch.tensor([0, 1])].shape == (2, w.shape[1])  # CUDA tensors accept CPU indices...
        with pytest.raises(RuntimeError, match="same device"):
            x[torch.tensor([0, 1]).cuda()]  # ...but CPU tensors refuse CUDA ones
        assert isinstance(y.tolist(), list) and isinstance(float(y[0]), float)
        plain = make_hf().model.layers[0].mlp.down_proj.weight
        torch.testing.assert_close((w @ x.cuda()).cpu(), plain @ x)  # same seed, same values
    assert SAME_DEVICE.startswith("Expected all tensors")


# ---------------------------------------------------------------- Part II: value vectors and diversity

def test_classify_neurons_on_the_weights_of_a_gpu_model(llama, saes):
    """05_neurons: w_out is read from the model (on the GPU); the axes come from collected activations (CPU)."""
    g = torch.Generator().manual_seed(1)
    axes = values.PlaneAxes(*(torch.randn(32, generator=g) for _ in range(3)))
    chapter = lambda m, s: values.classify_neurons(  # noqa: E731 - the chapter's own line
        m.layers[LAYER].mlp.down_proj.weight.detach().float().T, axes, top_frac=0.2)
    res = _on_both(llama, saes, chapter)
    assert res.counts() and len(res.kept) == round(0.2 * 64)
    _on_both(llama, saes, lambda m, s: values.classify_neurons(values.output_weights(m, LAYER), axes, top_frac=0.2))
    _on_both(llama, saes, lambda m, s: values.output_weights(m, LAYER), host=False)


def test_value_vectors_and_axes_from_gpu_activations(llama, saes):
    labels = np.array([[1, 0], [0, 1], [1, 1], [0, 0]], dtype=bool)
    def part_two(m, s):
        acts = activations.collect(m, TEXTS, [LAYER, 2], position="mean")
        v = values.value_vectors(acts, labels, ["a", "b"])
        return values.value_axes(v, 2 * v + 1, values=["a", "b"])
    _on_both(llama, saes, part_two)


@pytest.mark.parametrize("arch", ["llama", "qwen2", "gemma2"])
def test_logit_lens_entropy_with_the_gpu_model_unembedding(arch):
    """06_diversity: collected activations (CPU) through the model's final norm and lm_head (GPU)."""
    def chapter(m, s):
        acts = activations.collect(m, TEXTS, [0, LAYER, 3], position="mean")
        return diversity.logit_lens_entropy(acts, m.hf.lm_head.weight.detach(), m.hf.model.norm)
    H = _on_both(_pair(arch), (None, None), chapter)
    assert H.shape == (len(TEXTS), 3) and bool((H > 0).all() and (H <= np.log(32) + 1e-5).all())


# ---------------------------------------------------------------- reading activations

@pytest.mark.parametrize("kw", [dict(position="last"), dict(position="mean"), dict(site="mlp"),
                                dict(position="last", chat=True, system="the law")], ids=str)
def test_collect(llama, saes, kw):
    _on_both(llama, saes, lambda m, s: activations.collect(m, TEXTS, [0, LAYER, -1], **kw))


def test_collect_responses_tokens_reference_norms_and_cache(llama, saes, tmp_path):
    pairs = [activations.Exchange("the tax", "a vote in the city"), activations.Exchange("gun", "free market", "law")]
    _on_both(llama, saes, lambda m, s: activations.collect(m, pairs, [LAYER], position="response_mean"))
    _on_both(llama, saes, lambda m, s: activations.collect(m, TEXTS, [LAYER], cache=tmp_path / m.name))
    _on_both(llama, saes, lambda m, s: activations.tokens(m, TEXTS, LAYER))
    _on_both(llama, saes, lambda m, s: activations.reference(m, TEXTS[1], [0, LAYER]))
    _on_both(llama, saes, lambda m, s: activations.norms_by_position(m, TEXTS, [LAYER]))


# ---------------------------------------------------------------- steering and generation

INTERVENTIONS = {
    "add": lambda s: [steering.AddVector(LAYER, VEC, 2.0)],
    "project_out+neurons": lambda s: [steering.ProjectOut(2, VEC), steering.ScaleNeurons(LAYER, [0, 3], 0.0)],
    "clamp_feature": lambda s: [steering.ClampFeature(LAYER, s, 3, 2.0)],
    "sae_feature_vector": lambda s: [steering.AddVector(LAYER, steering.feature_vector(s, 3), 4.0)],
}


@pytest.mark.parametrize("name", list(INTERVENTIONS))
def test_steered_generation_and_scoring(llama, saes, name):
    ivs = INTERVENTIONS[name]
    _on_both(llama, saes, lambda m, s: steering.generate(m, TEXTS[:2], max_new_tokens=3, interventions=ivs(s)))
    _on_both(llama, saes, lambda m, s: steering.forward_logits(m, TEXTS, ivs(s)))
    _on_both(llama, saes, lambda m, s: steering.loss(m, TEXTS, ivs(s)))


def test_generation_paths(llama, saes):
    ivs = INTERVENTIONS["add"]
    _on_both(llama, saes, lambda m, s: steering.generate(m, TEXTS, max_new_tokens=4, cache="static",
                                                         interventions=ivs(s)))
    _on_both(llama, saes, lambda m, s: steering.generate_nnsight(m, TEXTS, max_new_tokens=4, interventions=ivs(s)))
    _on_both(llama, saes, lambda m, s: generations.generate_cached(m, TEXTS, max_new_tokens=4, interventions=ivs(s),
                                                            progress=False))
    _on_both(llama, saes, lambda m, s: llm_judge.judge(TEXTS[:2], "partisan_lean", m, max_new_tokens=3))


@pytest.mark.parametrize("arch", ["qwen2", "gemma2"])
def test_other_architectures_read_and_steer(arch):
    pair = _pair(arch)
    _on_both(pair, (None, None), lambda m, s: activations.collect(m, TEXTS, [LAYER], position="mean"))
    _on_both(pair, (None, None), lambda m, s: steering.generate(m, TEXTS[:2], max_new_tokens=3,
                                                                interventions=INTERVENTIONS["add"](s)))


def test_sweeps_and_their_controls(llama, saes):
    build = lambda a: [steering.AddVector(LAYER, VEC, a)] if a else []  # noqa: E731
    length = lambda outs: [len(o) for o in outs]  # noqa: E731
    _on_both(llama, saes, lambda m, s: sweeps.sweep(m, TEXTS, [0, 1], build, length, progress=False,
                                                    max_new_tokens=3))
    _on_both(llama, saes, lambda m, s: sweeps.text_losses(m, TEXTS, build(1.0)))
    _on_both(llama, saes, lambda m, s: sweeps.loss_curve(m, TEXTS, [0, 1], build, n_boot=20))
    _on_both(llama, saes, lambda m, s: sweeps.residual_scale(m, TEXTS, LAYER))
    _on_both(llama, saes, lambda m, s: compliance.steer_sweep(m, TEXTS[:2], {"x": VEC, "random": [VEC.flip(0)]},
                                                              LAYER, 2.0, [1.0], length, max_new_tokens=2))
    _on_both(llama, saes, lambda m, s: crosslingual.steered_pvq(
        m, {"x": VEC[None]}, layer=LAYER, scale=2.0, alpha=1.0, langs=["en"], values=["power"], max_new_tokens=2))


# ---------------------------------------------------------------- SAEs on the GPU

def test_sae_functions_with_the_sae_on_the_gpu(llama, saes):
    acts = torch.randn(6, 32, generator=torch.Generator().manual_seed(2))
    _on_both(llama, saes, lambda m, s: sae_mod.encode(s, acts))
    _on_both(llama, saes, lambda m, s: sae_mod.encode(s, acts, on="sae"), host=False)
    _on_both(llama, saes, lambda m, s: sae_mod.encode(s, acts, features=[1, 5]))
    _on_both(llama, saes, lambda m, s: sae_mod.reconstruct(s, acts))
    _on_both(llama, saes, lambda m, s: sae_mod.variance_explained(s, acts))
    _on_both(llama, saes, lambda m, s: sae_mod.decoder_direction(s, 3))
    _on_both(llama, saes, lambda m, s: sae_mod.select_features(sae_mod.encode(s, acts), [0, 1, 0, 1, 0, 1],
                                                               direction=acts[0], sae=s, min_freq=0.0))
    _on_both(llama, saes, lambda m, s: sae_mod.encode(s, activations.collect(m, TEXTS, [LAYER])[:, 0]))


# ---------------------------------------------------------------- quantised weights (real profiles on a T4)

@pytest.fixture
def tiny_standins(tmp_path, monkeypatch):
    """Stand-in checkpoints in a folder of this test's own, forgotten afterwards (lib.standin remembers the folders it
    built in this process, and a later test with another folder must not be handed this one)."""
    with standin.session("tiny", tmp_path):
        yield


@pytest.mark.parametrize("quantize", ["8bit", "4bit"])
def test_output_weights_are_dequantised_for_bitsandbytes_models(quantize, tiny_standins):
    """A 4-/8-bit load stores down_proj packed (4-bit: [n/2, 1] uint8), so `.weight.T` is not the neurons' weights;
    output_weights unpacks it to within the format's rounding of the 16-bit weights."""
    pytest.importorskip("bitsandbytes")
    full = lib.models.load("meta-llama/Llama-3.1-8B", device="cpu")
    want = values.output_weights(full, LAYER).clone()
    quant = lib.models.load("meta-llama/Llama-3.1-8B", device="cpu", quantize=quantize)
    packed = quant.layers[LAYER].mlp.down_proj.weight
    got = values.output_weights(quant, LAYER)
    assert got.shape == want.shape == (quant.layers[LAYER].mlp.down_proj.in_features, quant.d_model)
    assert packed.dtype == (torch.int8 if quantize == "8bit" else torch.uint8)
    cosine = float(torch.nn.functional.cosine_similarity(got.flatten(), want.flatten(), dim=0))
    if quantize == "8bit":  # int8 with one absmax scale per row of down_proj (a column of w_out)
        rel = (got - want).abs() / want.abs().amax(0, keepdim=True)
        assert float(rel.max()) < 1 / 127  # half a step, plus float16 rounding of the scales
        assert cosine > 0.999
    else:  # NF4 in blocks of 64, two weights a byte: exactly bitsandbytes' own round trip of the 16-bit weights
        assert packed.numel() == want.numel() // 2
        import bitsandbytes.functional as bnb_f

        again, state = bnb_f.quantize_4bit(want.T.contiguous(), blocksize=64, quant_type="nf4",
                                           compress_statistics=True)  # double quantisation, as lib.models loads
        torch.testing.assert_close(got, bnb_f.dequantize_4bit(again, state).T.float())
        assert cosine > 0.95
