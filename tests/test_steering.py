"""lib.steering on a tiny random Llama: every edit changes exactly the intended tensor, on every generated token."""
import copy

import numpy as np
import pytest
import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

from lib import steering as st
from lib.errors import BadInput, OutOfMemory
from lib.models import wrap

WORDS = "the a cat dog sat ran on mat hat red blue big small and or is was very good bad happy sad sun moon tree".split()
TEMPLATE = ("{{ bos_token }}{% for m in messages %}{{ m['role'] }}: {{ m['content'] }} {% endfor %}"
            "{% if add_generation_prompt %}assistant:{% endif %}")
PROMPTS = ["the cat sat", "a dog", "red blue big small and the moon", "sun", "very good tree is happy"]
D, N_LAYERS = 32, 4


@pytest.fixture(scope="module")
def model():
    vocab = {w: i for i, w in enumerate(["<pad>", "<s>", "</s>", "<unk>", "system:", "user:", "assistant:"] + WORDS)}
    tk = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tk.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tk.decoder = decoders.WordPiece(prefix="##")  # joins words with spaces
    tk.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", vocab["<s>"])])
    tok = PreTrainedTokenizerFast(tokenizer_object=tk, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
                                  unk_token="<unk>")
    tok.chat_template = TEMPLATE
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(vocab), hidden_size=D, intermediate_size=64, num_hidden_layers=N_LAYERS,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128, initializer_range=0.2,
                      bos_token_id=1, eos_token_id=2, pad_token_id=0)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a 32-wide model gains nothing from threads, and loses a lot on a busy machine
    yield wrap(LlamaForCausalLM(cfg), tok, "tiny")
    torch.set_num_threads(threads)


def ids_of(model, texts):
    return torch.tensor([model.tokenizer(t)["input_ids"] for t in texts])


def hidden(model, ids, interventions=()):
    with torch.no_grad(), st.applied(model, interventions):
        return model.hf(ids, output_hidden_states=True).hidden_states


def block_output(model, layer, ids, interventions=()):
    """Block `layer`'s output as seen by a hook registered after the interventions' hooks: [batch, seq, d_model]."""
    seen = []
    with torch.no_grad(), st.applied(model, interventions):
        h = model.layers[layer].register_forward_hook(lambda mod, args, out: seen.append(out.clone()))
        try:
            model.hf(ids)
        finally:
            h.remove()
    return seen[0]


def tied_sae(seed=1, d_sae=8, active=None, bias=50.0):
    """A StandardSAE with orthonormal decoder rows, W_enc = W_dec.T; feature `active` kept on by a large b_enc."""
    from sae_lens import StandardSAE, StandardSAEConfig

    g = torch.Generator().manual_seed(seed)
    q, _ = torch.linalg.qr(torch.randn(D, d_sae, generator=g))
    sae = StandardSAE(StandardSAEConfig(d_in=D, d_sae=d_sae))
    with torch.no_grad():
        sae.W_dec.copy_(q.T)
        sae.W_enc.copy_(q)
        sae.b_dec.copy_(0.1 * torch.randn(D, generator=g))
        sae.b_enc.zero_()
        if active is not None:
            sae.b_enc[active] = bias
    return sae


# ---------------------------------------------------------------- the hooks change exactly the intended tensor

def test_add_vector_changes_block_output_by_alpha_v_only(model):
    ids = ids_of(model, ["the cat sat on the mat", "a big red dog ran very"])
    v, layer, alpha = torch.randn(D), 1, 2.5
    plain, steered = hidden(model, ids), hidden(model, ids, [st.AddVector(layer, v, alpha)])
    for i in range(layer + 1):  # embeddings and blocks before `layer`
        assert torch.equal(plain[i], steered[i])
    torch.testing.assert_close(steered[layer + 1], plain[layer + 1] + alpha * v, atol=1e-5, rtol=0)
    assert not torch.allclose(steered[layer + 2], plain[layer + 2])  # and later blocks see it
    last = block_output(model, N_LAYERS - 1, ids, [st.AddVector(-1, v, alpha)])  # the last block, via a hook
    torch.testing.assert_close(last, block_output(model, N_LAYERS - 1, ids) + alpha * v, atol=1e-5, rtol=0)


def test_project_out_removes_the_component_and_nothing_else(model):
    ids = ids_of(model, ["the cat sat on the mat"])
    d = torch.randn(D) * 3.0
    u = d / d.norm()
    plain = block_output(model, 2, ids)
    edited = block_output(model, 2, ids, [st.ProjectOut(2, d)])
    assert (plain @ u).abs().min() > 1e-3  # there was something to remove
    assert (edited @ u).abs().max() < 1e-5
    torch.testing.assert_close(edited, plain - (plain @ u).unsqueeze(-1) * u, atol=1e-5, rtol=0)


def test_scale_neurons_identity_zero_and_manual(model):
    ids = ids_of(model, ["the cat sat on the mat", "a big red dog ran very"])
    layer, width = 2, model.layers[2].mlp.down_proj.in_features
    plain = hidden(model, ids)
    one = hidden(model, ids, [st.ScaleNeurons(layer, list(range(width)), 1.0)])
    assert all(torch.equal(a, b) for a, b in zip(plain, one))
    # beta=0 on every neuron == the MLP's output replaced by zeros
    zeroed = hidden(model, ids, [st.ScaleNeurons(layer, range(width), 0.0)])
    h = model.layers[layer].mlp.register_forward_hook(lambda mod, args, out: torch.zeros_like(out))
    try:
        no_mlp = hidden(model, ids)
    finally:
        h.remove()
    torch.testing.assert_close(zeroed[layer + 1], no_mlp[layer + 1], atol=1e-6, rtol=0)
    torch.testing.assert_close(zeroed[-1], no_mlp[-1], atol=1e-5, rtol=0)
    # beta on a subset: the block output moves by (beta - 1) * acts[..., N] @ W_down[:, N].T
    acts = []
    h = model.layers[layer].mlp.down_proj.register_forward_pre_hook(lambda mod, args: acts.append(args[0].clone()))
    try:
        hidden(model, ids)
    finally:
        h.remove()
    neurons, beta = [3, 17, 40], 2.5
    scaled = hidden(model, ids, [st.ScaleNeurons(layer, neurons, beta)])
    w_down = model.layers[layer].mlp.down_proj.weight.detach()
    expected = plain[layer + 1] + (beta - 1) * acts[0][..., neurons] @ w_down[:, neurons].T
    torch.testing.assert_close(scaled[layer + 1], expected, atol=1e-5, rtol=0)


def test_clamp_feature_sets_the_encoded_activation(model):
    ids = ids_of(model, ["the cat sat on the mat", "a big red dog ran very"])
    f, value, layer = 5, 3.0, 1
    sae = tied_sae(active=f)
    with torch.no_grad():
        before = sae.encode(block_output(model, layer, ids))
        after = sae.encode(block_output(model, layer, ids, [st.ClampFeature(layer, sae, f, value)]))
    assert (before[..., f] > 0).all() and (before[..., f] - value).abs().min() > 0.5  # active, and not already 3
    torch.testing.assert_close(after[..., f], torch.full_like(after[..., f], value), atol=1e-4, rtol=0)
    others = [i for i in range(8) if i != f]
    torch.testing.assert_close(after[..., others], before[..., others], atol=1e-4, rtol=0)


def test_feature_vector_is_the_decoder_row_and_adds_alpha_to_the_feature(model):
    ids = ids_of(model, ["the cat sat on the mat"])
    sae = tied_sae(active=2)
    vec = st.feature_vector(sae, 2)
    assert torch.equal(vec, sae.W_dec[2].detach())
    with torch.no_grad():
        before = sae.encode(block_output(model, 0, ids))[..., 2]
        after = sae.encode(block_output(model, 0, ids, [st.AddVector(0, vec, 1.5)]))[..., 2]
    torch.testing.assert_close(after, before + 1.5, atol=1e-4, rtol=0)


def test_hooks_are_removed_even_after_an_error(model):
    ids = ids_of(model, ["the cat"])
    model.hf(ids, output_hidden_states=True)  # let transformers install its own recording hooks first
    counts = [len(b._forward_hooks) + len(b.mlp.down_proj._forward_pre_hooks) for b in model.layers]
    with pytest.raises(RuntimeError, match="boom"):
        with st.applied(model, [st.AddVector(1, torch.ones(D)), st.ScaleNeurons(2, [0], 0.0)]):
            assert len(model.layers[1]._forward_hooks) == counts[1] + 1
            raise RuntimeError("boom")
    assert counts == [len(b._forward_hooks) + len(b.mlp.down_proj._forward_pre_hooks) for b in model.layers]


# ---------------------------------------------------------------- generation

def test_alpha_zero_is_token_identical(model):
    plain = st.generate(model, PROMPTS, max_new_tokens=8)
    assert st.generate(model, PROMPTS, max_new_tokens=8, interventions=[st.AddVector(1, torch.randn(D), 0.0)]) == plain
    assert sum(len(p.split()) for p in plain) > 10  # the model does say things


def test_huge_alpha_steers_every_generated_token(model):
    t = model.tokenizer.convert_tokens_to_ids("moon")
    toward = model.hf.lm_head.weight[t].detach()
    plain = st.generate(model, PROMPTS, max_new_tokens=7)
    steered = st.generate(model, PROMPTS, max_new_tokens=7, interventions=[st.AddVector(1, toward, 1000.0)])
    assert steered == ["moon " * 6 + "moon"] * len(PROMPTS)
    assert all(p != "moon " * 6 + "moon" for p in plain)


def test_greedy_ignores_the_checkpoints_sampling_defaults(model):
    plain = st.generate(model, PROMPTS, max_new_tokens=6)
    saved = copy.deepcopy(model.hf.generation_config)
    try:
        model.hf.generation_config.update(do_sample=True, temperature=0.6, top_p=0.5, top_k=5, max_new_tokens=2)
        assert st.generate(model, PROMPTS, max_new_tokens=6, seed=1) == plain
        assert st.generate(model, PROMPTS, max_new_tokens=6, seed=2) == plain
    finally:
        model.hf.generation_config = saved


def test_batched_equals_one_at_a_time_in_input_order(model):
    ivs = [st.AddVector(2, torch.randn(D, generator=torch.Generator().manual_seed(3)), 1.5)]
    for interventions in [(), ivs]:
        batched = st.generate(model, PROMPTS, max_new_tokens=8, batch_size=3, interventions=interventions, progress=True)
        single = [st.generate(model, [p], max_new_tokens=8, interventions=interventions)[0] for p in PROMPTS]
        assert batched == single
    assert len(set(single)) > 2  # different prompts, different answers: an order mix-up would show


def test_system_prompts_reach_the_model(model):
    seen = []
    h = model.hf.model.embed_tokens.register_forward_hook(lambda mod, args, out: seen.append(args[0].clone()))
    try:
        st.generate(model, ["the cat", "a dog sat"], system=["be happy", "be sad"], max_new_tokens=1)
        st.generate(model, ["the cat"], system="be sad", max_new_tokens=1)
        st.generate(model, ["the cat"], chat=False, max_new_tokens=1)
    finally:
        h.remove()
    texts = [model.tokenizer.decode(row, skip_special_tokens=True) for row in seen[0]]  # sorted longest first
    assert texts == ["system: sad user: a dog sat assistant:", "system: happy user: the cat assistant:"]
    assert model.tokenizer.decode(seen[1][0], skip_special_tokens=True) == "system: sad user: the cat assistant:"
    assert seen[2][0].tolist() == [1, *model.tokenizer("the cat", add_special_tokens=False)["input_ids"]]
    assert seen[0][1].tolist().count(1) == 1  # one BOS (the template's), none added on top
    with pytest.raises(BadInput, match="2 entries for 1 prompts"):
        st.generate(model, ["the cat"], system=["a", "b"])
    with pytest.raises(BadInput, match="chat=True"):
        st.generate(model, ["the cat"], system="a", chat=False)


def test_seeded_sampling_is_reproducible_and_leaves_global_rng_alone(model):
    kw = dict(max_new_tokens=8, do_sample=True, temperature=2.0, top_p=0.95)
    torch.manual_seed(123)
    a = st.generate(model, PROMPTS, seed=7, **kw)
    after = torch.rand(3)
    torch.manual_seed(123)
    assert torch.equal(torch.rand(3), after)  # generate did not consume the caller's RNG
    assert st.generate(model, PROMPTS, seed=7, **kw) == a
    assert st.generate(model, PROMPTS, seed=8, **kw) != a
    assert a != st.generate(model, PROMPTS, max_new_tokens=8)  # sampling, not greedy


def test_nnsight_path_gives_the_same_tokens(model):
    prompts = PROMPTS[:4]
    sae = tied_sae(active=1)
    cases = [(), [st.AddVector(1, torch.randn(D, generator=torch.Generator().manual_seed(5)), 2.0)],
             [st.AddVector(3, torch.randn(D, generator=torch.Generator().manual_seed(6)), 1.0),  # given out of order
              st.ScaleNeurons(0, [1, 2, 3, 50], 0.0), st.ProjectOut(0, torch.ones(D)),
              st.ClampFeature(2, sae, 1, 4.0)]]
    cases.append([st.ScaleNeurons(1, range(64), 0.0)])
    outputs = []
    for ivs in cases:
        fast = st.generate(model, prompts, max_new_tokens=6, batch_size=3, interventions=ivs)
        assert st.generate_nnsight(model, prompts, max_new_tokens=6, batch_size=3, interventions=ivs) == fast
        outputs.append(fast)
    assert all(out != outputs[0] for out in outputs[1:])  # each intervention did change the text
    # sampling with the same seed draws the same tokens on both paths
    kw = dict(max_new_tokens=6, do_sample=True, temperature=2.0, top_p=0.9, seed=4, interventions=cases[1])
    assert st.generate_nnsight(model, prompts, **kw) == st.generate(model, prompts, **kw)
    # and nnsight's tracer.all() edits every generated token, not only the first
    toward = model.hf.lm_head.weight[model.tokenizer.convert_tokens_to_ids("moon")].detach()
    steered = st.generate_nnsight(model, prompts, max_new_tokens=5, interventions=[st.AddVector(2, toward, 1000.0)])
    assert steered == ["moon moon moon moon moon"] * len(prompts)


def test_static_cache_gives_the_dynamic_cache_tokens_with_every_intervention(model):
    prompts = PROMPTS[:4]
    ivs = [st.AddVector(1, torch.randn(D, generator=torch.Generator().manual_seed(5)), 2.0),
           st.ScaleNeurons(0, [1, 2, 3, 50], 0.0), st.ProjectOut(2, torch.ones(D))]
    for case in ((), ivs):
        dynamic = st.generate(model, prompts, max_new_tokens=6, batch_size=3, interventions=case)
        assert st.generate(model, prompts, max_new_tokens=6, batch_size=3, interventions=case, cache="static") == dynamic
    assert st.generate(model, prompts, max_new_tokens=6, batch_size=3, interventions=ivs) != \
        st.generate(model, prompts, max_new_tokens=6, batch_size=3)
    with pytest.raises(BadInput, match="cache must be one of"):
        st.generate(model, prompts, cache="paged")


def test_ready_moves_tensors_once_and_applies_the_same_edit(model):
    x = torch.randn(2, 3, D, dtype=torch.float64)
    v, u = torch.randn(D), torch.randn(D)
    for iv in (st.AddVector(1, v, 1.5), st.ProjectOut(1, u), st.ScaleNeurons(1, [0, 5], 3.0)):
        r = st.ready(iv, x.device, x.dtype, D)
        assert r is not iv and torch.allclose(r.apply(x), iv.apply(x), atol=1e-6)
        for t in (getattr(r, "vector", None), getattr(r, "direction", None), r.__dict__.get("_scale")):
            assert t is None or t.dtype == (torch.float32 if isinstance(iv, st.ProjectOut) else x.dtype)
    assert st.ready(st.AddVector(1, v), x.device, torch.float64, D).vector.dtype == torch.float64
    assert st.ready(st.ScaleNeurons(1, [0], 2.0), x.device, x.dtype, D).__dict__["_scale"].shape == (D,)


def test_out_of_memory_halves_the_batch_then_gives_up(model, monkeypatch):
    expected = st.generate(model, PROMPTS, max_new_tokens=4, batch_size=8)
    real, sizes = model.hf.generate, []

    def fake(input_ids, **kw):
        sizes.append(input_ids.shape[0])
        if input_ids.shape[0] > 2:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory")
        return real(input_ids=input_ids, **kw)

    monkeypatch.setattr(model.hf, "generate", fake)
    assert st.generate(model, PROMPTS, max_new_tokens=4, batch_size=8) == expected
    assert sizes == [5, 4, 2, 2, 1]
    monkeypatch.setattr(model.hf, "generate", lambda input_ids, **kw: (_ for _ in ()).throw(torch.cuda.OutOfMemoryError()))
    with pytest.raises(OutOfMemory, match="batch size 8 and still at batch size 1"):
        st.generate(model, PROMPTS, max_new_tokens=4, batch_size=8)


# ---------------------------------------------------------------- scoring

def test_forward_logits_and_loss_match_plain_hf(model):
    texts = ["the cat sat on the mat", "a dog", "red blue big small and the moon"]
    with torch.no_grad():
        singles = [model.hf(ids_of(model, [t])) for t in texts]
        losses = [float(model.hf(ids_of(model, [t]), labels=ids_of(model, [t])).loss) for t in texts]
    logits = st.forward_logits(model, texts, batch_size=2)  # padded batches
    assert logits.shape == (3, len(model.tokenizer))
    torch.testing.assert_close(logits, torch.cat([o.logits[:, -1] for o in singles]), atol=1e-4, rtol=0)
    n = [len(model.tokenizer(t)["input_ids"]) - 1 for t in texts]
    pooled = sum(l * k for l, k in zip(losses, n)) / sum(n)
    assert st.loss(model, texts, batch_size=2) == pytest.approx(pooled, abs=1e-5)
    # with an intervention: the same as steering a plain forward by hand
    v = torch.randn(D)
    ids = ids_of(model, [texts[0]])
    with torch.no_grad(), st.applied(model, [st.AddVector(2, v, 3.0)]):
        by_hand = model.hf(ids, labels=ids)
    torch.testing.assert_close(st.forward_logits(model, texts[:1], [st.AddVector(2, v, 3.0)]), by_hand.logits[:, -1],
                               atol=1e-5, rtol=0)
    steered = st.loss(model, texts[:1], [st.AddVector(2, v, 3.0)])
    assert steered == pytest.approx(float(by_hand.loss), abs=1e-5) and abs(steered - losses[0]) > 1e-2


def _hf_loss(hf, rows, first):
    """Hugging Face's own loss of a right-padded batch: labels -100 on pads and on the tokens before `first`."""
    width = max(map(len, rows))
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask, labels = torch.zeros_like(ids), torch.full_like(ids, -100)
    for i, (r, f) in enumerate(zip(rows, first)):
        ids[i, :len(r)], mask[i, :len(r)], labels[i, f:len(r)] = torch.tensor(r), 1, torch.tensor(r[f:])
    with torch.no_grad():
        return float(hf(input_ids=ids, attention_mask=mask, labels=labels).loss)


@pytest.mark.parametrize("arch", ["llama", "gemma2"])
def test_next_token_nll_is_the_hugging_face_loss_and_every_reader_uses_it(arch):
    from conftest import make_model

    from lib import coherence, sweeps

    tiny = make_model(arch)
    if arch == "gemma2":
        tiny.hf.config.final_logit_softcapping = 0.02  # small, so that a missing cap would change the numbers
    texts = ["the tax rate", "a union vote in the city school", "gun law", "free market wage health"]
    rows = [tiny.tokenizer(t)["input_ids"] for t in texts]
    nats, count = st.next_token_nll(tiny, rows, batch_size=3)  # two padded batches
    assert count.tolist() == [len(r) - 1 for r in rows]
    assert float(nats.sum() / count.sum()) == pytest.approx(_hf_loss(tiny.hf, rows, [1] * 4), abs=1e-5)
    for r, n, k in zip(rows, nats, count):  # each row alone, no padding
        assert float(n / k) == pytest.approx(_hf_loss(tiny.hf, [r], [1]), abs=1e-5)
    first = [3, 1, 2, 4]  # score only from token `first` on, as answer_loss does with a prompt before the answer
    part, part_count = st.next_token_nll(tiny, rows, first=first, batch_size=2)
    assert part_count.tolist() == [len(r) - f for r, f in zip(rows, first)]
    assert float(part.sum() / part_count.sum()) == pytest.approx(_hf_loss(tiny.hf, rows, first), abs=1e-5)
    # the three readers: pooled (steering.loss), per text (sweeps.text_losses), per answer (coherence.answer_loss)
    assert st.loss(tiny, texts) == pytest.approx(float(nats.sum() / count.sum()), abs=1e-6)
    np.testing.assert_allclose(sweeps.text_losses(tiny, texts), (nats / count).numpy(), atol=1e-6)
    head = tiny.tokenizer("the tax")["input_ids"]
    answer = tiny.tokenizer("rate", add_special_tokens=False)["input_ids"]
    got = coherence.answer_loss(tiny, ["the tax"], ["rate"], chat=False)
    assert got[0] == pytest.approx(_hf_loss(tiny.hf, [head + answer], [len(head)]), abs=1e-5)
    with pytest.raises(BadInput, match="one per row"):
        st.next_token_nll(tiny, rows, first=[1])


# ---------------------------------------------------------------- errors

def test_errors_name_the_problem(model):
    with pytest.raises(BadInput, match=r"width d_model=32, got shape \(31,\)"):
        st.generate(model, ["the cat"], interventions=[st.AddVector(1, torch.randn(31))])
    with pytest.raises(BadInput, match=r"width d_model=32, got shape \(32, 1\)"):
        st.forward_logits(model, ["the cat"], [st.ProjectOut(1, torch.randn(32, 1))])
    with pytest.raises(BadInput, match="layer 4 is out of range.*4 layers"):
        st.generate(model, ["the cat"], interventions=[st.AddVector(4, torch.randn(D))])
    with pytest.raises(BadInput, match="layer -5 is out of range"):
        st.loss(model, ["the cat"], [st.ScaleNeurons(-5, [0], 0.0)])
    with pytest.raises(BadInput, match=r"0\.\.63"):
        st.forward_logits(model, ["the cat"], [st.ScaleNeurons(0, [64], 0.0)])
    with pytest.raises(BadInput, match="zero vector"):
        st.forward_logits(model, ["the cat"], [st.ProjectOut(0, torch.zeros(D))])
    from sae_lens import StandardSAE, StandardSAEConfig

    with pytest.raises(BadInput, match="SAE reads width 16 but tiny has d_model=32"):
        st.forward_logits(model, ["the cat"], [st.ClampFeature(0, StandardSAE(StandardSAEConfig(d_in=16, d_sae=4)), 0, 1.0)])
    with pytest.raises(BadInput, match="8 features"):
        st.feature_vector(tied_sae(), 8)
    with pytest.raises(BadInput, match="list of strings"):
        st.generate(model, "the cat")
    with pytest.raises(BadInput, match="temperature > 0"):
        st.generate(model, ["the cat"], do_sample=True, temperature=0.0)
    assert st.ScaleNeurons(0, torch.tensor([3, 1]), 0.5).neurons == (3, 1)
