"""Stand-ins for the real models: random-init models built from each model's published configuration.

No machine of this project can download weights, so the real-model code path is proven on stand-ins. Set the
environment variable `BOOK_STANDIN` (or call `use("tiny")`) and `lib.models.load("<real id>")` builds one instead of
downloading:

    BOOK_STANDIN=tiny        the same architecture class, rope type, GQA ratio and special structure (Gemma-2's
                             soft-capping and sliding window, Qwen2's q/k/v biases, Phi-3's fused projections) at
                             CPU size: what the tests run every real profile on.
    BOOK_STANDIN=published   the exact published configuration (every shape, so every byte of memory) with random
                             weights: what benchmarks/gpu_book.py runs chapters on, on a GPU without network.

Either way the stand-in is written as a checkpoint folder (config, safetensors, the organism's tokenizer with the
family's chat behaviour) and then loaded by the very `from_pretrained` call a real id goes through, quantisation
included. The text a stand-in writes is nonsense; the point is that every line of the real path runs.

    published(model_id) -> the transformers config of the model card   (typed from config.json, nothing downloaded)
    tiny(model_id)       -> the CPU-sized config of the same class
    parameter_counts(model_id) -> {"total", "linear_in_layers"}         (on the meta device: no memory used)
    checkpoint(model_id, mode) -> folder to pass to from_pretrained     (built once per process and seed)
    sae(release, sae_id, d_in, mode) -> a random sae-lens SAE of the release's architecture and width
"""
from __future__ import annotations

import contextlib
import inspect
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import torch

from lib.errors import BadInput

ENV = "BOOK_STANDIN"
MODES = ("tiny", "published")
_forced: str | None = None

LLAMA3_ROPE = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
               "original_max_position_embeddings": 8192}
_PHI35_LONG = [
    1.0800000429153442, 1.1100000143051147, 1.1399999856948853, 1.340000033378601, 1.5899999141693115,
    1.600000023841858, 1.6200000047683716, 2.620000123977661, 3.2300000190734863, 3.2300000190734863,
    4.789999961853027, 7.400000095367432, 7.700000286102295, 9.09000015258789, 12.199999809265137,
    17.670000076293945, 24.46000099182129, 28.57000160217285, 30.420001983642578, 30.840002059936523,
    32.590003967285156, 32.93000411987305, 42.320003509521484, 44.96000289916992, 50.340003967285156,
    50.45000457763672, 57.55000305175781, 57.93000411987305, 58.21000289916992, 60.1400032043457,
    62.61000442504883, 62.62000274658203, 62.71000289916992, 63.1400032043457, 63.1400032043457,
    63.77000427246094, 63.93000411987305, 63.96000289916992, 63.970001220703125, 64.02999877929688,
    64.06999969482422, 64.08000183105469, 64.12000274658203, 64.41000366210938, 64.4800033569336,
    64.51000213623047, 64.52999877929688, 64.83999633789062]
_PHI35_SHORT = [
    1.0, 1.0199999809265137, 1.0299999713897705, 1.0299999713897705, 1.0499999523162842, 1.0499999523162842,
    1.0499999523162842, 1.0499999523162842, 1.0499999523162842, 1.0699999332427979, 1.0999999046325684,
    1.1099998950958252, 1.1599998474121094, 1.1599998474121094, 1.1699998378753662, 1.2899998426437378,
    1.339999794960022, 1.679999828338623, 1.7899998426437378, 1.8199998140335083, 1.8499997854232788,
    1.8799997568130493, 1.9099997282028198, 1.9399996995925903, 1.9899996519088745, 2.0199997425079346,
    2.0199997425079346, 2.0199997425079346, 2.0199997425079346, 2.0199997425079346, 2.0199997425079346,
    2.0299997329711914, 2.0299997329711914, 2.0299997329711914, 2.0299997329711914, 2.0299997329711914,
    2.0299997329711914, 2.0299997329711914, 2.0299997329711914, 2.0299997329711914, 2.0799996852874756,
    2.0899996757507324, 2.189999580383301, 2.2199995517730713, 2.5899994373321533, 2.729999542236328,
    2.749999523162842, 2.8399994373321533]

_LLAMA_8B = dict(
    vocab_size=128256, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
    num_key_value_heads=8, hidden_act="silu", max_position_embeddings=131072, rms_norm_eps=1e-5,
    rope_theta=500000.0, rope_scaling=LLAMA3_ROPE, bos_token_id=128000, eos_token_id=128001,
    attention_bias=False, mlp_bias=False, tie_word_embeddings=False, initializer_range=0.02)
_GEMMA2 = dict(  # shared by 2b and 9b; the sizes differ
    vocab_size=256000, head_dim=256, hidden_activation="gelu_pytorch_tanh", max_position_embeddings=8192,
    rms_norm_eps=1e-6, rope_theta=10000.0, rope_scaling=None, bos_token_id=2, eos_token_id=1, pad_token_id=0,
    attention_bias=False, attn_logit_softcapping=50.0, final_logit_softcapping=30.0, query_pre_attn_scalar=256,
    sliding_window=4096, tie_word_embeddings=True, initializer_range=0.02)
_QWEN25 = dict(  # Qwen2 always has q/k/v biases (no flag: it is built into the architecture)
    vocab_size=152064, hidden_act="silu", max_position_embeddings=32768, rms_norm_eps=1e-6, rope_theta=1000000.0,
    rope_scaling=None, bos_token_id=151643, eos_token_id=151645, use_sliding_window=False,
    initializer_range=0.02)

# config.json of each model card: the fields that fix the shapes and the numerics (class name, fields)
PUBLISHED: dict[str, tuple[str, dict]] = {
    "meta-llama/Llama-3.1-8B": ("LlamaConfig", _LLAMA_8B),
    "meta-llama/Llama-3.1-8B-Instruct": ("LlamaConfig", dict(_LLAMA_8B, eos_token_id=[128001, 128008, 128009])),
    "Qwen/Qwen2.5-7B-Instruct": ("Qwen2Config", dict(
        _QWEN25, hidden_size=3584, intermediate_size=18944, num_hidden_layers=28, num_attention_heads=28,
        num_key_value_heads=4, sliding_window=131072, max_window_layers=28, tie_word_embeddings=False)),
    "Qwen/Qwen2.5-1.5B-Instruct": ("Qwen2Config", dict(
        _QWEN25, vocab_size=151936, hidden_size=1536, intermediate_size=8960, num_hidden_layers=28,
        num_attention_heads=12, num_key_value_heads=2, sliding_window=32768, max_window_layers=21,
        tie_word_embeddings=True)),
    "google/gemma-2-2b": ("Gemma2Config", dict(
        _GEMMA2, hidden_size=2304, intermediate_size=9216, num_hidden_layers=26, num_attention_heads=8,
        num_key_value_heads=4)),
    "google/gemma-2-2b-it": ("Gemma2Config", dict(
        _GEMMA2, hidden_size=2304, intermediate_size=9216, num_hidden_layers=26, num_attention_heads=8,
        num_key_value_heads=4, eos_token_id=[1, 107])),
    "google/gemma-2-9b-it": ("Gemma2Config", dict(
        _GEMMA2, hidden_size=3584, intermediate_size=14336, num_hidden_layers=42, num_attention_heads=16,
        num_key_value_heads=8, eos_token_id=[1, 107])),
    "microsoft/Phi-3.5-mini-instruct": ("Phi3Config", dict(
        vocab_size=32064, hidden_size=3072, intermediate_size=8192, num_hidden_layers=32, num_attention_heads=32,
        num_key_value_heads=32, hidden_act="silu", max_position_embeddings=131072,
        original_max_position_embeddings=4096, rms_norm_eps=1e-5, rope_theta=10000.0,
        rope_scaling={"rope_type": "longrope", "long_factor": _PHI35_LONG, "short_factor": _PHI35_SHORT},
        sliding_window=262144, bos_token_id=1, eos_token_id=32000, pad_token_id=32000, tie_word_embeddings=False,
        initializer_range=0.02)),
}


# ---------------------------------------------------------------- which mode

def use(mode: str | None) -> None:
    """Force a stand-in mode for this process ("tiny", "published") or None to follow BOOK_STANDIN again."""
    global _forced
    if mode is not None and mode not in MODES:
        raise BadInput(f"unknown stand-in mode {mode!r}; use one of {MODES} or None")
    _forced = mode


def mode() -> str | None:
    """The active stand-in mode: `use(...)` if called, else the BOOK_STANDIN variable; None means real weights."""
    value = _forced or os.environ.get(ENV) or None
    if value is not None and value not in MODES:
        raise BadInput(f"{ENV}={value!r} is not a stand-in mode; use one of {MODES} or unset it")
    return value


# ---------------------------------------------------------------- configs

def _config_class(name: str):
    import transformers

    return getattr(transformers, name)


def _make(cls, fields: dict):
    """Build a config on transformers 5 (`rope_parameters`) and 4.x (`rope_theta` / `rope_scaling`) alike (quietly:
    transformers 5 advises on Phi-3's `original_max_position_embeddings`, which the model card itself sets)."""
    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    try:
        return _make_config(cls, fields)
    finally:
        hf_logging.set_verbosity(level)


def _make_config(cls, fields: dict):
    fields = dict(fields)
    theta, scaling = fields.pop("rope_theta"), fields.pop("rope_scaling", None)
    if "rope_parameters" in inspect.signature(cls.__init__).parameters:
        return cls(**fields, rope_parameters={"rope_type": "default", **(scaling or {}), "rope_theta": theta})
    return cls(**fields, rope_theta=theta, rope_scaling=scaling)


def _spec(model_id: str) -> tuple[str, dict]:
    if model_id not in PUBLISHED:
        raise BadInput(f"no published configuration for {model_id!r} in lib.standin.PUBLISHED (known: "
                       f"{', '.join(PUBLISHED)}): add its config.json fields there to build a stand-in")
    return PUBLISHED[model_id]


def published(model_id: str):
    """The transformers config of `model_id`'s model card, `name_or_path` set to the id."""
    cls_name, fields = _spec(model_id)
    config = _make(_config_class(cls_name), fields)
    config.name_or_path = model_id
    return config


TINY_LAYERS, TINY_HEAD_DIM = 4, 32  # 32: bitsandbytes' CPU 4-bit kernel needs output widths divisible by 32


def tiny(model_id: str, vocab_size: int | None = None):
    """A CPU-sized config of the same class: 4 layers, head_dim 32 (64 for an odd head count), the published GQA
    ratio with one KV head (four heads where the model has no GQA), about the published MLP ratio, every architectural switch kept (soft-capping,
    sliding window of 4 tokens for Gemma-2 so that it acts, longrope lists cut to the tiny head). The vocabulary is
    the organism tokenizer's unless `vocab_size` is given; special-token ids are the organism's."""
    cls_name, fields = _spec(model_id)
    tok = organism_tokenizer()
    group = fields["num_attention_heads"] // fields["num_key_value_heads"]
    heads, kv = (group, 1) if group > 1 else (4, 4)
    head_dim = TINY_HEAD_DIM if heads % 2 == 0 else 2 * TINY_HEAD_DIM  # widths stay multiples of 64 (bitsandbytes)
    hidden = heads * head_dim
    ratio = fields["intermediate_size"] / fields["hidden_size"]
    small = dict(fields, vocab_size=vocab_size or len(tok), hidden_size=hidden,
                 intermediate_size=64 * max(1, round(hidden * ratio / 64)), num_hidden_layers=TINY_LAYERS,
                 num_attention_heads=heads, num_key_value_heads=kv, max_position_embeddings=1024,
                 bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    if "head_dim" in small:
        small["head_dim"] = head_dim
    if "query_pre_attn_scalar" in small:
        small["query_pre_attn_scalar"] = head_dim
    if cls_name == "Gemma2Config":
        small.update(sliding_window=4)
    if "max_window_layers" in small:
        small["max_window_layers"] = TINY_LAYERS
    scaling = small.get("rope_scaling")
    if scaling and scaling.get("rope_type") == "llama3":
        small["rope_scaling"] = dict(scaling, original_max_position_embeddings=128)
    if scaling and scaling.get("rope_type") == "longrope":
        half = head_dim // 2
        small["rope_scaling"] = dict(scaling, long_factor=scaling["long_factor"][:half],
                                     short_factor=scaling["short_factor"][:half])
        small.update(original_max_position_embeddings=128, max_position_embeddings=4096)
    if "sliding_window" in small and cls_name == "Phi3Config":
        small["sliding_window"] = 1024
    config = _make(_config_class(cls_name), small)
    config.name_or_path = f"tiny-{model_id}"
    return config


def config_for(model_id: str, mode_: str):
    if mode_ not in MODES:
        raise BadInput(f"unknown stand-in mode {mode_!r}; use one of {MODES}")
    return tiny(model_id) if mode_ == "tiny" else published(model_id)


@lru_cache(maxsize=None)
def parameter_counts(model_id: str) -> dict:
    """{"total": parameters, "linear_in_layers": weights of the nn.Linear layers inside the decoder blocks (what a
    bitsandbytes 4-/8-bit load quantises)} of the published configuration, counted on the meta device."""
    from transformers import AutoModelForCausalLM

    with torch.device("meta"):
        hf = AutoModelForCausalLM.from_config(published(model_id))
    total = sum(p.numel() for p in hf.parameters())
    linear = sum(m.weight.numel() for m in hf.model.layers.modules() if isinstance(m, torch.nn.Linear))
    return {"total": int(total), "linear_in_layers": int(linear)}


# ---------------------------------------------------------------- tokenizer and checkpoint

def _organism_dir() -> Path:
    from lib.models import ORGANISM_DIR

    return ORGANISM_DIR / "base"


@lru_cache(maxsize=1)
def organism_tokenizer():
    """The organism's tokenizer (4102 tokens, with a chat template): what every stand-in reads and writes with."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(_organism_dir())


_ROOT: Path | None = None
_BUILT: dict[tuple, Path] = {}


def _root() -> Path:
    global _ROOT
    if _ROOT is None:
        base = os.environ.get("BOOK_STANDIN_DIR")
        _ROOT = Path(base) if base else Path(tempfile.mkdtemp(prefix="book-standins-"))
    _ROOT.mkdir(parents=True, exist_ok=True)
    return _ROOT


@contextlib.contextmanager
def session(mode_: str, folder=None, *, remove: bool = False):
    """Stand-ins of `mode_` for the code inside the block, built in `folder` (default a new temporary one); on exit the
    previous mode and folder come back, the checkpoints built in the block are forgotten, and with remove=True
    their folder is deleted (an 8B stand-in is 16 GB of disk). Yields the folder."""
    import shutil

    global _ROOT
    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="book-standins-"))
    saved = _forced, _ROOT, os.environ.get("BOOK_STANDIN_DIR")
    os.environ["BOOK_STANDIN_DIR"] = str(folder)
    _ROOT = None
    use(mode_)
    try:
        yield folder
    finally:
        use(saved[0])
        _ROOT = saved[1]
        if saved[2] is None:
            os.environ.pop("BOOK_STANDIN_DIR", None)
        else:
            os.environ["BOOK_STANDIN_DIR"] = saved[2]
        for key in [k for k, v in _BUILT.items() if str(v).startswith(str(folder))]:
            del _BUILT[key]
        if remove:
            shutil.rmtree(folder, ignore_errors=True)


def checkpoint(model_id: str, mode_: str | None = None, *, seed: int = 0, device: str = "cpu") -> Path:
    """A folder holding a random-init checkpoint of `model_id` in stand-in mode `mode_` (default: the active one),
    in the layout `from_pretrained` reads: config.json, model.safetensors, the organism's tokenizer files.

    Built once per process (or found in BOOK_STANDIN_DIR), with weights seeded by `seed` and the id, so a model that
    is released and loaded again gets the same weights. `device` is where the random weights are drawn (a GPU makes
    an 8B model quickly); they are saved in bfloat16 for `published`, float32 for `tiny`.
    """
    from transformers import AutoModelForCausalLM

    mode_ = mode_ or mode()
    if mode_ is None:
        raise BadInput(f"no stand-in mode: set {ENV}=tiny or {ENV}=published, or pass mode_")
    key = (model_id, mode_, seed)
    built = _BUILT.get(key)
    if built is not None and (built / "config.json").is_file():
        return built
    folder = _root() / mode_ / model_id.replace("/", "--") / f"seed{seed}"
    if (folder / "config.json").is_file():
        _BUILT[key] = folder
        return folder
    config = config_for(model_id, mode_)
    torch.manual_seed(seed + sum(map(ord, model_id)))
    dtype = torch.bfloat16 if mode_ == "published" else torch.float32
    with torch.device(device):
        hf = AutoModelForCausalLM.from_config(config, dtype=dtype)
    folder.mkdir(parents=True, exist_ok=True)
    hf.save_pretrained(folder)
    del hf
    organism_tokenizer().save_pretrained(folder)
    _BUILT[key] = folder
    return folder


# ---------------------------------------------------------------- SAEs

def sae(release: str, sae_id: str, d_in: int, mode_: str | None = None, *, d_sae: int | None = None,
        device: str = "cpu", dtype: str = "float32", seed: int = 0):
    """A random sae-lens SAE standing in for `release`/`sae_id`: the release's architecture (JumpReLU or standard),
    width `d_sae` (the release's own in `published` mode, 64 in `tiny`), reading vectors of width `d_in`."""
    from sae_lens import JumpReLUSAE, JumpReLUSAEConfig, StandardSAE, StandardSAEConfig

    from lib import sae as sae_mod

    mode_ = mode_ or mode()
    spec = sae_mod.RELEASES.get(release)
    width = d_sae or (64 if mode_ == "tiny" or spec is None else spec.d_sae)
    jumprelu = spec is None or spec.architecture == "jumprelu"
    cfg_cls, cls = (JumpReLUSAEConfig, JumpReLUSAE) if jumprelu else (StandardSAEConfig, StandardSAE)
    torch.manual_seed(seed + sum(map(ord, release + sae_id)))
    model = cls(cfg_cls(d_in=d_in, d_sae=width, dtype=dtype, device=device))
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0, 1 / d_in ** 0.5)
        if jumprelu and hasattr(model, "threshold"):
            model.threshold.fill_(0.05)
    return model.eval()
