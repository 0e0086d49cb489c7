"""Tests for lib.sae: hand-set SAEs give hand-computed features, statistics equal hand counts, a planted
differential feature ranks first, training recovers planted sparse directions, save/load is exact."""
import numpy as np
import pandas as pd
import pytest
import torch

from lib import sae as S
from lib.errors import BadInput, ModelAccessError
from lib.stats import cohens_d

sae_lens = pytest.importorskip("sae_lens")

C = torch.tensor([1.0, 1.0, 1.0, 1.0])          # b_dec (subtracted from the input before encoding)
B_ENC = torch.tensor([0.0, -1.0, 0.5, 0.0])


def _identity_sae(cls=sae_lens.StandardSAE, cfg_cls=sae_lens.StandardSAEConfig, b_enc=B_ENC):
    """d_in = d_sae = 4, W_enc = W_dec = I: encode(x) = relu(x - C + b_enc), decode(f) = f + C."""
    sae = cls(cfg_cls(d_in=4, d_sae=4))
    with torch.no_grad():
        sae.W_enc.copy_(torch.eye(4))
        sae.W_dec.copy_(torch.eye(4))
        sae.b_dec.copy_(C)
        sae.b_enc.copy_(b_enc)
    return sae


def test_encode_decode_identities_on_hand_set_standard_sae():
    sae = _identity_sae()
    x = torch.tensor([[3.0, 1.0, 2.0, 5.0], [0.0, 4.0, 1.0, 1.0]])
    # pre = x - 1 + b_enc = [2, -1, 1.5, 4] and [-1, 2, 0.5, 0]
    expected = torch.tensor([[2.0, 0.0, 1.5, 4.0], [0.0, 2.0, 0.5, 0.0]])
    assert torch.equal(S.encode(sae, x), expected)
    assert torch.equal(S.encode(sae, x.double().numpy(), batch_size=1), expected)  # numpy float64 in, batched
    assert S.encode(sae, x).dtype == torch.float32
    assert torch.equal(S.encode(sae, x, features=[3, 0]), expected[:, [3, 0]])
    # reconstruction = relu(x - 1 + b_enc) + 1
    assert torch.equal(S.reconstruct(sae, x), expected + C)
    # with b_enc = 0 every x > C is reconstructed exactly, so all variance is explained
    exact = _identity_sae(b_enc=torch.zeros(4))
    xs = 1.0 + torch.rand(50, 4, generator=torch.Generator().manual_seed(0))
    assert torch.allclose(S.reconstruct(exact, xs), xs, atol=1e-6)
    assert S.variance_explained(exact, xs) == pytest.approx(1.0, abs=1e-6)


def test_decoder_direction_is_unit_row():
    sae = _identity_sae()
    with torch.no_grad():
        sae.W_dec[2] = torch.tensor([3.0, 0.0, 4.0, 0.0])
    assert torch.allclose(S.decoder_direction(sae, 2), torch.tensor([0.6, 0.0, 0.8, 0.0]))
    with pytest.raises(BadInput, match="d_sae=4"):
        S.decoder_direction(sae, 4)


def test_jumprelu_threshold_zeroes_at_or_below_threshold():
    sae = _identity_sae(sae_lens.JumpReLUSAE, sae_lens.JumpReLUSAEConfig)
    with torch.no_grad():
        sae.threshold.copy_(torch.tensor([1.0, 1.0, 3.0, 2.0]))
    x = torch.tensor([[3.0, 1.0, 2.0, 5.0], [2.0, 3.0, 1.0, 3.0]])
    # pre = [2, -1, 1.5, 4] -> 1.5 <= 3 is cut; [1, 1, 0.5, 2] -> 1 == 1 and 2 == 2 are cut (strict >)
    expected = torch.tensor([[2.0, 0.0, 0.0, 4.0], [0.0, 0.0, 0.0, 0.0]])
    assert torch.equal(S.encode(sae, x), expected)


def test_width_mismatch_raises_bad_input_with_message():
    big = sae_lens.JumpReLUSAE(sae_lens.JumpReLUSAEConfig(d_in=4096, d_sae=8))
    msg = ("SAE expects d_in=4096 but got vectors of width 128: pass the residual stream at the layer the SAE reads "
           "(not another site, such as the MLP's neurons), or pick an SAE trained on vectors of width 128")
    with pytest.raises(BadInput) as err:
        S.encode(big, torch.zeros(3, 128))
    assert str(err.value) == msg
    with pytest.raises(BadInput, match="d_in=4 but"):
        S.reconstruct(_identity_sae(), np.zeros((2, 5)))
    with pytest.raises(BadInput, match=r"\[n, d_model\]"):
        S.encode(_identity_sae(), torch.zeros(2, 3, 4))


def test_feature_stats_equal_hand_counts():
    f = torch.tensor([[0.0, 2.0, 0.0],
                      [1.0, 0.0, 0.0],
                      [3.0, 4.0, 0.0],
                      [0.0, 0.0, 0.0]])
    groups = ["left", "right", "left", "right"]
    t = S.feature_stats(f, groups=groups)
    assert t["feature"].tolist() == [0, 1, 2]
    assert t["freq"].tolist() == [0.5, 0.5, 0.0]
    assert t["mean"].tolist() == [1.0, 1.5, 0.0]
    assert t["mean_active"].tolist()[:2] == [2.0, 3.0] and np.isnan(t["mean_active"][2])
    assert t["max"].tolist() == [3.0, 4.0, 0.0]
    assert t["freq_left"].tolist() == [0.5, 1.0, 0.0] and t["freq_right"].tolist() == [0.5, 0.0, 0.0]
    assert t["mean_left"].tolist() == [1.5, 3.0, 0.0] and t["mean_right"].tolist() == [0.5, 0.0, 0.0]
    with pytest.raises(BadInput, match="one group label per row"):
        S.feature_stats(f, groups=["left"])


def test_select_features_ranks_planted_feature_first():
    g = torch.Generator().manual_seed(0)
    n, d_sae = 200, 30
    f = torch.relu(torch.randn(n, d_sae, generator=g))
    labels = np.array(["left"] * 100 + ["right"] * 100)
    f[:100, 7] += 1.5                                 # feature 7 fires more on "left"
    f[100:, 11] += 0.8                                # feature 11 fires more on "right" (second)
    t = S.select_features(f, labels, positive="left", top_k=5)
    assert t["feature"].tolist()[:2] == [7, 11] and t["rank"].tolist() == [1, 2, 3, 4, 5]
    col = f[:, 7].double().numpy()
    assert t["mean_diff"][0] == pytest.approx(col[:100].mean() - col[100:].mean())
    assert t["effect_size"][0] == pytest.approx(cohens_d(col[:100], col[100:]))
    assert t["effect_size"][1] < 0                    # the right-leaning feature keeps its sign
    # a neutral group is ignored once both classes are named
    lab3 = np.concatenate([labels, ["neutral"] * 50])
    f3 = torch.cat([f, 10 * torch.rand(50, d_sae, generator=g)])
    t3 = S.select_features(f3, lab3, positive="left", negative="right", top_k=3)
    assert t3["mean_diff"].tolist() == pytest.approx(t["mean_diff"].tolist()[:3])
    with pytest.raises(BadInput, match="exactly two classes"):
        S.select_features(f3, lab3)
    # cosine with a direction: a decoder whose row 7 is the direction
    sae = sae_lens.StandardSAE(sae_lens.StandardSAEConfig(d_in=8, d_sae=d_sae))
    direction = torch.zeros(8)
    direction[3] = 2.0
    with torch.no_grad():
        sae.W_dec[7] = torch.tensor([0, 0, 0, 5.0, 0, 0, 0, 0])
        sae.W_dec[11] = torch.tensor([0, 0, 0, -1.0, 1.0, 0, 0, 0])
    t = S.select_features(f, labels, positive="left", direction=direction, sae=sae, top_k=2)
    assert t["cosine"].tolist() == pytest.approx([1.0, -2 ** -0.5])
    # min_freq drops rarely-firing features
    rare = torch.zeros(n, 3)
    rare[0, 0] = 5.0                                  # fires once, in class "left"
    rare[:, 1] = torch.rand(n, generator=g)
    t = S.select_features(rare, labels, positive="left", min_freq=0.1, top_k=None)
    assert t["feature"].tolist() == [1]


def test_ever_active_counts():
    base = torch.tensor([[0.0, 2.0, 0.0], [1.0, 3.0, 0.0]])
    inst = torch.tensor([[0.0, 0.0, 0.5], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    t = S.ever_active({"base": base, "instruct": inst}, [1, 2, 0])
    assert t["feature"].tolist() == [1, 2, 0]
    assert t["n_active_base"].tolist() == [2, 0, 1] and t["max_base"].tolist() == [3.0, 0.0, 1.0]
    assert t["n_active_instruct"].tolist() == [1, 1, 0] and t["max_instruct"].tolist() == [1.0, 0.5, 0.0]
    with pytest.raises(BadInput, match="out of range"):
        S.ever_active({"base": base}, [3])


def test_neuronpedia_url_and_releases_match_registry():
    assert S.neuronpedia_url("llama_scope_lxr_8x", "l19r_8x", 42) == \
        "https://www.neuronpedia.org/llama3.1-8b/19-llamascope-res-32k/42"
    assert S.neuronpedia_url("goodfire-llama-3.1-8b-instruct", "layer_19", 7) == \
        "https://www.neuronpedia.org/llama3.1-8b-it/19-resid-post-gf/7"
    assert S.neuronpedia_url("organism-sae", "l3", 1) is None
    from sae_lens.loading.pretrained_saes_directory import get_pretrained_saes_directory
    registry = get_pretrained_saes_directory()
    for name, rel in S.RELEASES.items():
        entry = registry[name]
        assert entry.model == rel.trained_on
        for layer in rel.layers:
            sid = rel.sae_id_for(layer)
            assert entry.neuronpedia_id[sid] == f"{rel.neuronpedia_model}/{rel.neuronpedia_set.format(layer=layer)}"
    assert S.RELEASES["llama_scope_lxr_8x"].hook_for(12) == "blocks.12.hook_resid_post"
    with pytest.raises(BadInput, match="layers"):
        S.RELEASES["goodfire-llama-3.1-8b-instruct"].sae_id_for(3)


def test_load_errors(monkeypatch, tmp_path):
    from huggingface_hub.errors import LocalEntryNotFoundError

    def offline(*args, **kwargs):
        raise LocalEntryNotFoundError("cannot find the requested files in the local cache")
    monkeypatch.setattr(sae_lens.SAE, "from_pretrained", offline)
    with pytest.raises(ModelAccessError, match="HF cache"):
        S.load("llama_scope_lxr_8x", "l19r_8x")
    with pytest.raises(BadInput, match="no sae_id"):
        S.load("llama_scope_lxr_8x", "l99r_8x")
    with pytest.raises(BadInput, match="unknown SAE release"):
        S.load("no_such_release", "x")
    with pytest.raises(ModelAccessError, match="no SAE at"):
        S.load_local(tmp_path)


def _planted(n=20000, d=32, k=16, p=0.08, seed=0):
    """Rows = sparse nonnegative combinations of k random unit directions + a large constant offset + noise."""
    g = torch.Generator().manual_seed(seed)
    dirs = torch.randn(k, d, generator=g)
    dirs /= dirs.norm(dim=1, keepdim=True)
    on = (torch.rand(n, k, generator=g) < p).float()
    x = (on * (1 + torch.rand(n, k, generator=g))) @ dirs
    return x + 3.0 * torch.randn(d, generator=g) + 0.02 * torch.randn(n, d, generator=g), dirs


@pytest.mark.parametrize("kwargs", [dict(architecture="standard", l1_coefficient=1.5),
                                    dict(architecture="topk", k=4)])
def test_train_recovers_planted_directions(kwargs, tmp_path):
    x, dirs = _planted()
    sae = S.train(x, d_sae=64, training_tokens=100_000, seed=0, save_dir=tmp_path / "sae",
                  metadata={"hook_name": "blocks.2.hook_resid_post"}, **kwargs)
    assert isinstance(sae, sae_lens.StandardSAE if kwargs["architecture"] == "standard" else sae_lens.TopKSAE)
    w = sae.W_dec.detach() / sae.W_dec.detach().norm(dim=1, keepdim=True)
    best = (dirs @ w.T).max(dim=1).values              # each planted direction's closest decoder row
    assert (best > 0.9).float().mean() >= 0.85
    assert S.variance_explained(sae, x) > 0.9
    l0 = (S.encode(sae, x) > 0).float().sum(1).mean()
    assert l0 < 8                                        # sparse: ~1.3 directions on per row, 64 features
    # save/load round trip is exact
    back = S.load_local(tmp_path / "sae")
    assert type(back) is type(sae) and back.cfg.metadata.hook_name == "blocks.2.hook_resid_post"
    for name, tensor in sae.state_dict().items():
        assert torch.equal(back.state_dict()[name], tensor)
    assert torch.equal(S.encode(back, x[:100]), S.encode(sae, x[:100]))


def test_train_is_seeded_and_leaves_global_rng_alone():
    x, _ = _planted(n=4000)
    torch.manual_seed(123)
    before = torch.rand(3)
    torch.manual_seed(123)
    a = S.train(x, d_sae=32, training_tokens=20_000, batch_size=500, seed=1)
    assert torch.equal(torch.rand(3), before)
    b = S.train(x, d_sae=32, training_tokens=20_000, batch_size=500, seed=1)
    c = S.train(x, d_sae=32, training_tokens=20_000, batch_size=500, seed=2)
    assert torch.equal(a.W_dec, b.W_dec) and not torch.equal(a.W_dec, c.W_dec)
    with pytest.raises(BadInput, match="k in"):
        S.train(x, d_sae=32, architecture="topk")
    with pytest.raises(BadInput, match="steps"):
        S.train(x, d_sae=32, training_tokens=100)


def test_encode_on_the_sae_device_equals_the_cpu_copy_and_bad_on_is_one_error():
    sae = sae_lens.StandardSAE(sae_lens.StandardSAEConfig(d_in=8, d_sae=16)).eval()
    x = torch.randn(5, 8, generator=torch.Generator().manual_seed(0))
    kept = S.encode(sae, x, batch_size=2, on="sae")
    assert kept.device == sae.device and kept.dtype == torch.float32
    torch.testing.assert_close(kept.cpu(), S.encode(sae, x, batch_size=3))
    with pytest.raises(BadInput, match="on must be 'cpu'"):
        S.encode(sae, x, on="gpu")
