"""Published model configs (from lib.standin, nothing downloaded), tiny look-alikes, a synthetic tokenizer.

The GPU benchmarks build these architectures with RANDOM weights: the speed and memory of a forward pass depend on
the shapes, not on the trained values, so a random-init Llama-3.1-8B in bf16 costs what the real one costs. The
GPU machine has no network, so the tokenizer is synthetic too: a word-level vocabulary "t0 t1 ... t{V-1}" of the
model's full vocabulary size, with the model's special tokens at their published ids and a small chat template,
so `lib.models.wrap` and every `lib` function that tokenizes text work unchanged.

    published("llama")  -> LlamaConfig  of meta-llama/Llama-3.1-8B     (32 layers, d_model 4096, GQA 32/8)
    published("qwen")   -> Qwen2Config  of Qwen/Qwen2.5-7B-Instruct    (28 layers, d_model 3584, GQA 28/4)
    tiny(name)          -> the same class, rope type and GQA ratio at CPU size (smoke tests)
    tokenizer(config)   -> PreTrainedTokenizerFast over the config's vocabulary
    synthetic_texts(tok, config, n, seq_len)  -> n texts that tokenize to exactly seq_len tokens each
    build_model(config, device, dtype)        -> the random-init HF model, built on the device in that dtype
    tl_config(config, n_ctx, dtype, device)   -> a TransformerLens HookedTransformerConfig of the same shape

The config fields are written once, in `lib.standin.PUBLISHED` (what `BOOK_STANDIN` builds the book's stand-ins
from): `published` and `tiny` are `lib.standin.published` / `lib.standin.tiny`, the tiny one with this module's
vocabulary.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import torch
from transformers import LlamaForCausalLM, PreTrainedTokenizerFast, Qwen2ForCausalLM

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib import standin  # noqa: E402

LLAMA = "meta-llama/Llama-3.1-8B"
QWEN = "Qwen/Qwen2.5-7B-Instruct"
ALIASES = {"llama": LLAMA, "qwen": QWEN}
EOT_ID = 128009  # Llama-3.1 <|eot_id|>: ends each chat turn (the Instruct model's generation config also stops on it)

LLAMA3_ROPE = standin.LLAMA3_ROPE
_PUBLISHED = {full: standin.PUBLISHED[full] for full in (LLAMA, QWEN)}  # (config class name, config.json fields)

# special tokens at their published ids: (offset from the family's first special id, text)
_SPECIALS = {
    LLAMA: (128000, dict(bos=(0, "<|begin_of_text|>"), eos=(1, "<|end_of_text|>"), pad=(4, "<|finetune_right_pad_id|>"),
                         start=(6, "<|start_header_id|>"), end=(7, "<|end_header_id|>"), eot=(9, "<|eot_id|>"),
                         unk=(15, "<|unk|>"))),
    QWEN: (151643, dict(pad=(0, "<|endoftext|>"), start=(1, "<|im_start|>"), eos=(2, "<|im_end|>"),
                        unk=(15, "<|unk|>"))),
}
_ROLES = ("system", "user", "assistant")  # plain words at ids first_special + 16, 17, 18 (split off by whitespace)
_TEMPLATES = {
    LLAMA: ("{{ bos_token }}{% for m in messages %}<|start_header_id|> {{ m['role'] }} <|end_header_id|> "
            "{{ m['content'] }}<|eot_id|>{% endfor %}"
            "{% if add_generation_prompt %}<|start_header_id|> assistant <|end_header_id|> {% endif %}"),
    QWEN: ("{% for m in messages %}<|im_start|> {{ m['role'] }} {{ m['content'] }}<|im_end|> {% endfor %}"
           "{% if add_generation_prompt %}<|im_start|> assistant {% endif %}"),
}
TINY_VOCAB, TINY_SPECIAL_BASE = 1024, 768


def _family(name: str) -> str:
    full = ALIASES.get(name, name)
    if full not in _PUBLISHED:
        raise ValueError(f"unknown model {name!r}: use one of {sorted(ALIASES)} or {sorted(_PUBLISHED)}")
    return full


def published(name: str):
    """The published config of `name` ("llama", "qwen" or the Hugging Face id), `name_or_path` set to the id."""
    return standin.published(_family(name))


def tiny(name: str):
    """A CPU-sized config of the same class, rope type and GQA ratio (and Qwen2's q/k/v biases, built in).

    `lib.standin.tiny` (4 layers, the published GQA ratio with one KV head, about the published MLP ratio, every
    architectural switch kept), here with a 1024-token vocabulary whose special tokens sit at 768 + their usual
    offsets (this module's tokenizer) rather than the organism's; no pad id, as the model cards have none.
    """
    full = _family(name)
    config = standin.tiny(full, vocab_size=TINY_VOCAB)
    shift = TINY_SPECIAL_BASE - _SPECIALS[full][0]
    fields = _PUBLISHED[full][1]
    config.bos_token_id, config.eos_token_id = fields["bos_token_id"] + shift, fields["eos_token_id"] + shift
    config.pad_token_id = None
    return config


def family(config) -> str:
    """The published id a (published or tiny) config belongs to."""
    return LLAMA if config.model_type == "llama" else QWEN


def special_ids(config) -> dict:
    """{"bos"|"eos"|"pad"|...: (id, text)} for this config's vocabulary (published ids, or shifted for tiny ones)."""
    full = family(config)
    base, table = _SPECIALS[full]
    first = base if config.vocab_size == _PUBLISHED[full][1]["vocab_size"] else TINY_SPECIAL_BASE
    return {k: (first + off, text) for k, (off, text) in table.items()}


def tokenizer(config) -> PreTrainedTokenizerFast:
    """A word-level tokenizer over `config.vocab_size` ids: id i is the word "t{i}", special tokens at their ids.

    Llama adds <|begin_of_text|> in front of every text (as the real tokenizer does); Qwen adds nothing. The chat
    template is a short one in the family's style, so `Model.chat` and position="response_mean" work.
    """
    from tokenizers import AddedToken, Tokenizer, models, pre_tokenizers, processors

    full, specials = family(config), special_ids(config)
    vocab = {f"t{i}": i for i in range(config.vocab_size)}
    first = min(i for i, _ in specials.values())
    for j, role in enumerate(_ROLES):
        vocab.pop(f"t{first + 16 + j}")
        vocab[role] = first + 16 + j
    for i, text in specials.values():
        vocab.pop(f"t{i}")
        vocab[text] = i
    tk = Tokenizer(models.WordLevel(vocab, unk_token=specials["unk"][1]))
    tk.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tk.add_special_tokens([AddedToken(text, special=True, normalized=False) for _, text in specials.values()])
    kwargs = {k + "_token": specials[k][1] for k in ("bos", "eos", "pad", "unk") if k in specials}
    if "bos" in specials:
        bos_id, bos = specials["bos"]
        tk.post_processor = processors.TemplateProcessing(single=f"{bos} $A", pair=f"{bos} $A $B",
                                                          special_tokens=[(bos, bos_id)])
    tok = PreTrainedTokenizerFast(tokenizer_object=tk, **kwargs)
    tok.chat_template = _TEMPLATES[full]
    return tok


def plain_ids(config) -> range:
    """Ids that are ordinary words (below every special token): what synthetic text draws from."""
    return range(0, min(i for i, _ in special_ids(config).values()))


def synthetic_texts(tok, config, n: int, seq_len: int, seed: int = 0) -> list[str]:
    """`n` texts of random ordinary words that each tokenize to exactly `seq_len` tokens (BOS included if added)."""
    rng = random.Random(seed)
    ids = plain_ids(config)
    words = seq_len - (1 if tok.bos_token_id is not None else 0)
    if words < 1:
        raise ValueError(f"seq_len={seq_len} leaves no room for words")
    return [" ".join(f"t{rng.choice(ids)}" for _ in range(words)) for _ in range(n)]


def build_model(config, device: str, dtype: torch.dtype, seed: int = 0):
    """Random-init causal LM built on `device` in `dtype` (under torch.device: an 8B model never exists in fp32)."""
    cls = LlamaForCausalLM if config.model_type == "llama" else Qwen2ForCausalLM
    torch.manual_seed(seed)
    with torch.device(device):
        hf = cls._from_config(config, dtype=dtype)
    return hf.eval()


def tl_config(config, n_ctx: int, dtype, device: str):
    """A TransformerLens HookedTransformerConfig of the same shape as the HF config (random init)."""
    from transformer_lens import HookedTransformerConfig

    rope = getattr(config, "rope_parameters", None) or {"rope_theta": config.rope_theta,
                                                       **(getattr(config, "rope_scaling", None) or {})}
    d_head = config.hidden_size // config.num_attention_heads
    kw = dict(d_model=config.hidden_size, d_head=d_head, n_layers=config.num_hidden_layers, n_ctx=n_ctx,
              n_heads=config.num_attention_heads, n_key_value_heads=config.num_key_value_heads,
              d_mlp=config.intermediate_size, d_vocab=config.vocab_size, act_fn="silu", normalization_type="RMS",
              positional_embedding_type="rotary", rotary_dim=d_head, rotary_base=rope["rope_theta"],
              rotary_adjacent_pairs=False, gated_mlp=True, final_rms=True, eps=config.rms_norm_eps, dtype=dtype,
              device=device, original_architecture=type(config).__name__.replace("Config", "ForCausalLM"),
              tokenizer_prepends_bos=config.model_type == "llama", default_prepend_bos=False)
    if rope.get("rope_type") == "llama3":
        kw.update(use_NTK_by_parts_rope=True, NTK_by_parts_factor=rope["factor"],
                  NTK_by_parts_low_freq_factor=rope["low_freq_factor"],
                  NTK_by_parts_high_freq_factor=rope["high_freq_factor"],
                  NTK_original_ctx_len=rope["original_max_position_embeddings"])
    return HookedTransformerConfig(**kw)
