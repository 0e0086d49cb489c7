"""Load a model (a real Hugging Face id or the bundled organism) or wrap one already in memory.

Every chapter talks to a `Model`: the Hugging Face module, its tokenizer, an nnsight wrapper, and the few facts
the book needs (`n_layers`, `d_model`, how to write a chat turn). Layer `i` always means the output of decoder
block `i` (0-based); `Model.layer_index` converts negative indices and rejects the rest with one clear sentence.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import torch

from lib.errors import BadInput, ModelAccessError

ORGANISM_DIR = Path(os.environ.get("BOOK_ORGANISM_DIR", Path(__file__).resolve().parent.parent / "data" / "organism"))


@dataclass(frozen=True)
class ModelSpec:
    """What the book knows about a model before downloading it (sizes come from `lib.standin.PUBLISHED`)."""

    name: str
    n_layers: int
    d_model: int
    gated: bool = False
    system_role: bool = True  # Gemma-2's template has no system role: the system text is prepended to the user turn
    base_model: bool = False  # base models get a plain "User:/Assistant:" format if their tokenizer has no template
    fp16_safe: bool = True  # False: on a GPU without bf16 this model loads in float32, not float16 (Gemma-2)
    licence: str = ""

    @property
    def params(self) -> int:
        """Parameters of the published configuration (0 for the organism, whose size is read from its folder)."""
        from lib import standin

        return standin.parameter_counts(self.name)["total"] if self.name in standin.PUBLISHED else 0


_GEMMA = "Gemma Terms of Use (gated: accept on the model page)"
_LLAMA = "Llama 3.1 Community License (gated: accept on the model page)"
REGISTRY: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in [
        ModelSpec("meta-llama/Llama-3.1-8B", 32, 4096, gated=True, base_model=True, licence=_LLAMA),
        ModelSpec("meta-llama/Llama-3.1-8B-Instruct", 32, 4096, gated=True, licence=_LLAMA),
        ModelSpec("Qwen/Qwen2.5-7B-Instruct", 28, 3584, licence="Apache-2.0"),
        ModelSpec("Qwen/Qwen2.5-1.5B-Instruct", 28, 1536, licence="Apache-2.0"),
        ModelSpec("google/gemma-2-9b-it", 42, 3584, gated=True, system_role=False, fp16_safe=False, licence=_GEMMA),
        ModelSpec("google/gemma-2-2b", 26, 2304, gated=True, base_model=True, system_role=False, fp16_safe=False,
                  licence=_GEMMA),
        ModelSpec("google/gemma-2-2b-it", 26, 2304, gated=True, system_role=False, fp16_safe=False, licence=_GEMMA),
        ModelSpec("microsoft/Phi-3.5-mini-instruct", 32, 3072, licence="MIT"),
        ModelSpec("organism-base", 0, 0, base_model=True),  # sizes are read from data/organism
        ModelSpec("organism-aligned", 0, 0),  # the faithful twin: SFT with a pretraining mix, then DPO (selected)
        ModelSpec("organism-aligned-nomix", 0, 0),  # the control: the same SFT and DPO without the mix
    ]
}
ORGANISMS = {"organism-base": "base", "organism-aligned": "aligned", "organism-aligned-nomix": "aligned_nomix"}
PLAIN_CHAT = "{system}User: {user}\nAssistant:"
QUANTIZE = ("4bit", "8bit")


class Model:
    """A causal LM plus what the book needs to read and steer it.

    hf: the Hugging Face module (LlamaForCausalLM, Qwen2ForCausalLM, ...); tokenizer: its tokenizer;
    name: registry name or a label for wrapped models. A model loaded by `load` can be *released* (its weights
    freed, `release()`) and comes back by itself, loaded again, the next time `hf` is used: that is how a chapter keeps
    one real model on the GPU at a time (`one_at_a_time`). `dtype`, `quantize` and `standin` say how it was loaded.
    """

    def __init__(self, hf: torch.nn.Module | None, tokenizer, name: str, system_role: bool = True,
                 base_model: bool = False, *, loader=None, quantize: str | None = None, standin: str | None = None,
                 config=None, device=None, dtype: torch.dtype | None = None):
        if hf is None and (loader is None or config is None or device is None or dtype is None):
            raise BadInput("a Model without weights (lazy) needs loader=, config=, device= and dtype=")
        self._hf = hf
        self.tokenizer = tokenizer
        self.name = name
        self.system_role = system_role
        self.base_model = base_model
        self.config = hf.config if hf is not None else config
        self.quantize = quantize
        self.standin = standin
        self._loader = loader
        self._device = torch.device(device) if hf is None else _device_of(hf)
        if hf is None:
            self.dtype = dtype
        else:
            self.dtype = next(hf.parameters()).dtype if quantize is None else _compute_dtype(hf)
        self._nnsight = None
        self._fingerprint: str | None = None
        self.loads = 0 if hf is None else 1

    def __repr__(self) -> str:
        state = ("not loaded yet" if self.loads == 0 else "released") if self._hf is None else str(self._device)
        return f"Model({self.name!r}, {state}, {str(self.dtype).removeprefix('torch.')}" + \
            (f", {self.quantize}" if self.quantize else "") + (f", stand-in {self.standin}" if self.standin else "") + ")"

    @property
    def hf(self) -> torch.nn.Module:
        """The Hugging Face module; loaded again if it was released (and then the other real models are released)."""
        if self._hf is None:
            if self._loader is None:
                raise BadInput(f"{self.name} was released and cannot be loaded again (it was not loaded by "
                               "lib.models.load): keep a reference or wrap it again")
            _make_room(self, loading=True)
            self._hf = self._loader()
            self.loads += 1
            if self.loads > 1:
                print(f"[lib.models] loaded {self.name} again (load {self.loads}; one model on the GPU at a time)")
        _make_room(self)
        return self._hf

    @property
    def released(self) -> bool:
        return self._hf is None

    def release(self) -> None:
        """Free this model's weights (GPU memory first); the next use of `hf` loads it again."""
        if self._hf is None:
            return
        self._hf, self._nnsight = None, None
        _free_memory()

    @property
    def n_layers(self) -> int:
        return int(self.config.num_hidden_layers) if self._hf is None else len(self.layers)

    @property
    def d_model(self) -> int:
        return int(self.config.hidden_size)

    @property
    def device(self) -> torch.device:
        return self._device

    @property
    def layers(self) -> torch.nn.ModuleList:
        """The decoder blocks, `hf.model.layers` in every architecture the registry lists."""
        return self.hf.model.layers

    @property
    def nnsight(self):
        """An nnsight `TransformersModel` around the same module (built once per load, shares the weights)."""
        hf = self.hf
        if self._nnsight is None:  # release() drops it, so a reloaded model gets a new wrapper
            from nnsight.modeling.transformers import TransformersModel

            self._nnsight = TransformersModel(hf, tokenizer=self.tokenizer)
        return self._nnsight

    def layer_index(self, layer: int) -> int:
        """Python-style index into the decoder blocks; anything out of range is one clear error."""
        n = self.n_layers
        if isinstance(layer, bool) or not isinstance(layer, int):
            raise BadInput(f"layer must be an int, got {layer!r}")
        if not -n <= layer < n:
            raise BadInput(f"layer {layer} is out of range for {self.name}: it has {n} layers, use 0..{n - 1} (or -{n}..-1)")
        return layer % n

    def chat(self, user: str, system: str | None = None) -> str:
        """The prompt text for one user turn (with an optional system prompt), ending where the assistant speaks.

        Uses the tokenizer's chat template; a base model without one gets `PLAIN_CHAT`. The text already holds any
        BOS the template writes, so tokenize it with `add_special_tokens=False` (`lib.activations` does).
        """
        template = getattr(self.tokenizer, "chat_template", None)
        if not template:
            prefix = f"{system}\n\n" if system else ""
            return PLAIN_CHAT.format(system=prefix, user=user)
        messages = [{"role": "user", "content": user}]
        if system:
            if self.system_role:
                messages.insert(0, {"role": "system", "content": system})
            else:
                messages[0]["content"] = f"{system}\n\n{user}"
        return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)

    def fingerprint(self) -> str:
        """A short hash that changes when the weights or config change (part of every cache key)."""
        if self._fingerprint is None:
            h = hashlib.sha256(self.name.encode())
            h.update(json.dumps(self.hf.config.to_dict(), sort_keys=True, default=str).encode())
            with torch.no_grad():
                for pname, p in self.hf.named_parameters():
                    h.update(pname.encode())
                    h.update(p.detach().flatten()[:1024].float().cpu().numpy().tobytes())
            self._fingerprint = h.hexdigest()[:16]
        return self._fingerprint


def wrap(hf_model: torch.nn.Module, tokenizer, name: str = "wrapped", *, system_role: bool = True) -> Model:
    """The same `Model` around an in-memory Hugging Face causal LM (tests, custom or random-init models)."""
    if not hasattr(getattr(hf_model, "model", None), "layers"):
        raise BadInput(f"{type(hf_model).__name__} has no `.model.layers`: lib reads decoder-only causal LMs (Llama, Qwen2, Gemma2...)")
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    hf_model.eval()
    return Model(hf=hf_model, tokenizer=tokenizer, name=name, system_role=system_role)


def _device_of(hf) -> torch.device:
    return next(hf.parameters()).device


def _compute_dtype(hf) -> torch.dtype:
    """The dtype a quantised model computes in (its non-quantised parameters: norms, embeddings)."""
    floats = [p.dtype for p in hf.parameters() if p.dtype.is_floating_point]
    return floats[0] if floats else torch.float16


# ---------------------------------------------------------------- one real model on the GPU at a time

ONE_AT_A_TIME = True  # real models loaded by `load` release each other; the organism and wrapped models never do
_LOADED: list = []  # weak references to the real models `load` returned, least recently used first


def one_at_a_time(enabled: bool = True) -> None:
    """Keep real models from crowding each other out (default on). On a GPU, loading a model releases the least
    recently used others until its weights and working memory fit in free memory (on a T4 or an L4 that means one
    model at a time; on an 80 GB card a pair may stay); on the CPU exactly one real model holds weights at a time.
    A released model loads again by itself when it is used."""
    global ONE_AT_A_TIME
    ONE_AT_A_TIME = bool(enabled)


def _track(model: Model) -> None:
    import weakref

    _LOADED.append(weakref.ref(model))


def _tracked() -> list[Model]:
    alive = []
    for ref in list(_LOADED):
        m = ref()
        if m is None:
            _LOADED.remove(ref)
        else:
            alive.append(m)
    return alive


def _need_bytes(name: str, dtype: torch.dtype, quantize: str | None) -> float | None:
    """Weights plus working memory (`lib.profiles.WORKING_MEMORY`) of a registry model, or None if unknown."""
    from lib import profiles, standin

    if name not in standin.PUBLISHED:
        return None
    weights = profiles.weights_gib(name, bf16=dtype != torch.float32, quantize=quantize)
    return (weights + profiles.WORKING_MEMORY * profiles.weights_gib(name)) * 2**30


def _release_others(keep: Model | None, device: torch.device, need: float | None, loading: bool) -> None:
    """Release tracked models other than `keep` (least recently used first): on a GPU, while a model about to be
    loaded would not fit in free memory; on the CPU, all of them (one real model at a time)."""
    others = [m for m in _tracked() if m is not keep and not m.released]
    if not others:
        return
    if device.type == "cuda":
        if not loading:
            return  # already in memory beside them: it fit when it was loaded
        for other in others:
            if need is not None and torch.cuda.mem_get_info(device)[0] >= need:
                break
            other.release()
            print(f"[lib.models] released {other.name} to make room for {keep.name if keep else 'a model'}")
        return
    for other in others:
        other.release()
        print(f"[lib.models] released {other.name} to make room for {keep.name if keep else 'a model'} "
              "(one model at a time)")


def _make_room(model: Model, loading: bool = False) -> None:
    """Mark `model` most recently used and release others so that it fits; see `one_at_a_time`."""
    if not ONE_AT_A_TIME:
        return
    ref = next((r for r in _LOADED if r() is model), None)
    if ref is None:
        return
    if _LOADED[-1] is not ref:
        _LOADED.remove(ref)
        _LOADED.append(ref)  # most recently used last
    _release_others(model, model.device, _need_bytes(model.name, model.dtype, model.quantize), loading)


def _free_memory() -> None:
    import gc

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def resident() -> list[str]:
    """Names of the real models whose weights are in memory now."""
    return [m.name for m in _tracked() if not m.released]


# ---------------------------------------------------------------- loading

def default_device() -> str:
    return "cuda" if torch.cuda.is_available() else "cpu"


def has_bf16(device: str | torch.device) -> bool:
    """Whether `device` computes natively in bfloat16: Ampere (compute capability 8) and newer. A T4 (7.5) would
    only emulate it, slowly, so it gets float16 instead."""
    dev = torch.device(device)
    if dev.type != "cuda":
        return False
    return torch.cuda.get_device_capability(dev)[0] >= 8


def default_dtype(device: str | torch.device, spec: ModelSpec | None = None) -> torch.dtype:
    """float32 on the CPU; on a GPU bfloat16 where it is native, else float16 (float32 for models whose activations
    overflow float16, `ModelSpec.fp16_safe=False`: Gemma-2)."""
    if torch.device(device).type != "cuda":
        return torch.float32
    if has_bf16(device):
        return torch.bfloat16
    return torch.float16 if spec is None or spec.fp16_safe else torch.float32


def _quantization(quantize: str | None, dtype: torch.dtype):
    if quantize is None:
        return None
    if quantize not in QUANTIZE:
        raise BadInput(f"quantize must be one of {QUANTIZE} or None; got {quantize!r}")
    try:
        import bitsandbytes  # noqa: F401
    except ImportError:
        raise ModelAccessError(f"a {quantize} load needs bitsandbytes: run `pip install bitsandbytes` "
                               "(the book's Colab extra installs it), then load again") from None
    from transformers import BitsAndBytesConfig

    if quantize == "4bit":
        return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                                  bnb_4bit_compute_dtype=dtype)
    return BitsAndBytesConfig(load_in_8bit=True)


def load(name: str, *, device: str | None = None, dtype: torch.dtype | None = None, quantize: str | None = None,
         revision: str | None = None, trust_remote_code: bool = False, allow_unlisted: bool = False,
         use_safetensors: bool = True, lazy: bool = False) -> Model:
    """Load a registry model by name: a real Hugging Face id, or "organism-base" / "organism-aligned".

    device: "cuda" when available, else "cpu"; the weights go straight there (no copy through host memory).
    dtype: `default_dtype` (bfloat16 on an Ampere-or-newer GPU, float16 on a T4, float32 on the CPU).
    quantize: "4bit" (NF4) or "8bit" through bitsandbytes, for an 8B model on a 15 GB GPU.
    A model outside REGISTRY is refused unless `allow_unlisted=True` (or `name` is a local folder).
    Safe by default: weights load from safetensors only (`use_safetensors=False` also accepts pickled .bin files,
    which transformers opens with torch.load(weights_only=True)), and a repository's own Python code never runs
    unless `trust_remote_code=True`. The HF_TOKEN environment variable is passed to the Hub, never printed.
    Real models make room for each other (`one_at_a_time`): loading one releases others that would not fit beside it,
    and they load again by themselves when used. With BOOK_STANDIN set, a real id loads a random-init stand-in (`lib.standin`) through the
    same code. lazy=True reads only the tokenizer and config now; the weights load at first use (an LLM judge that
    a chapter needs only after its answers are generated).
    """
    from lib import standin

    device = str(device or default_device())
    if name in ORGANISMS:
        path = ORGANISM_DIR / ORGANISMS[name]
        if not (path / "config.json").exists():
            raise ModelAccessError(f"{name} is not built yet: no {path}/config.json. Run `python -m lib.organism train` to build it.")
        source, spec, stand = str(path), REGISTRY[name], None
        quantize = None
    elif name in REGISTRY or allow_unlisted or Path(name).is_dir():
        spec, stand = REGISTRY.get(name, ModelSpec(name, 0, 0)), standin.mode()
        source = str(standin.checkpoint(name, stand)) if stand and name in standin.PUBLISHED else name
        stand = stand if source != name else None
    else:
        known = ", ".join(REGISTRY)
        raise ModelAccessError(f"unknown model id {name!r}. Known: {known}. Pass allow_unlisted=True to try another Hugging Face id.")
    dtype = dtype or default_dtype(device, spec)
    quant = _quantization(quantize, dtype)
    token = os.environ.get("HF_TOKEN") or None
    kwargs = dict(revision=revision, token=token, trust_remote_code=trust_remote_code)
    real = name not in ORGANISMS

    def fetch():
        try:
            extra = {"device_map": {"": device}} if (device != "cpu" or quant is not None) else {}
            hf = AutoModelForCausalLM.from_pretrained(source, dtype=dtype, use_safetensors=use_safetensors,
                                                      quantization_config=quant, **extra, **kwargs)
        except torch.cuda.OutOfMemoryError:
            _free_memory()
            raise _out_of_memory(name, spec, dtype, quantize, device) from None
        except OSError as err:
            raise _access_error(name, spec, err, token) from None
        return hf.eval()

    from transformers import AutoModelForCausalLM, AutoTokenizer

    if lazy:
        from transformers import AutoConfig

        try:
            tokenizer = AutoTokenizer.from_pretrained(source, **kwargs)
            config = AutoConfig.from_pretrained(source, **kwargs)
        except OSError as err:
            raise _access_error(name, spec, err, token) from None
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        model = Model(None, tokenizer, name, spec.system_role, spec.base_model, loader=fetch,
                      quantize=quant and quantize, standin=stand, config=config, device=device, dtype=dtype)
        if real:
            _track(model)
        return model
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, **kwargs)
    except OSError as err:
        raise _access_error(name, spec, err, token) from None
    if real and ONE_AT_A_TIME:
        _release_others(None, torch.device(device), _need_bytes(name, dtype, quant and quantize), loading=True)
    hf_model = fetch()
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = Model(hf=hf_model, tokenizer=tokenizer, name=name, system_role=spec.system_role,
                  base_model=spec.base_model, loader=fetch if real else None, quantize=quant and quantize,
                  standin=stand)
    if spec.n_layers and spec.n_layers != model.n_layers and stand != "tiny":
        raise BadInput(f"{name} loaded with {model.n_layers} layers but the registry says {spec.n_layers}: wrong revision?")
    if real:
        _track(model)
    return model


def _out_of_memory(name: str, spec: ModelSpec, dtype, quantize, device) -> "OutOfMemory":
    from lib.errors import OutOfMemory

    need = ""
    if spec.params:
        per = {"4bit": 0.56, "8bit": 1.06}.get(quantize, torch.finfo(dtype).bits / 8)
        need = f" (its weights alone take about {spec.params * per / 2**30:.1f} GiB)"
    free, total = torch.cuda.mem_get_info(torch.device(device)) if torch.cuda.is_available() else (0, 0)
    return OutOfMemory(
        f"out of GPU memory while loading {name}{need}; this GPU has {free / 2**30:.1f} of {total / 2**30:.1f} GiB "
        "free. Free other models (del them, or restart the runtime), pick a smaller profile "
        "(lib.profiles.fitting(part, gib)), a quantized one (-4bit), or a GPU with more memory.")


def _access_error(name: str, spec: ModelSpec, err: OSError, token: str | None) -> ModelAccessError:
    text = str(err)
    gated = spec.gated or "gated" in text.lower() or "401" in text or "403" in text
    if gated:
        how = "set the HF_TOKEN environment variable to a token of an account that has" if not token else "your HF_TOKEN's account has not yet"
        return ModelAccessError(
            f"{name} is a gated model: {how} accepted its licence at https://huggingface.co/{name} "
            "(on Colab: add HF_TOKEN under Secrets, or run huggingface_hub.login()).")
    return ModelAccessError(f"could not load {name}: {text.splitlines()[0] if text else type(err).__name__}. "
                            "Check the id, your network, or that the files are in the Hugging Face cache.")
