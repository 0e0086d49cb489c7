"""Generate (and score) text while editing the residual stream or MLP neurons on every token the model processes.

An intervention acts at decoder block `layer`'s OUTPUT (the residual stream after the block), on every position:
the prompt tokens during prefill and each generated token at its own step (with the KV cache, every token once).

    AddVector(layer, vector, alpha)     x <- x + alpha * vector
    ProjectOut(layer, direction)        x <- x - (x . u) u,  u = direction / |direction|
    ClampFeature(layer, sae, f, value)  x <- x + (value - sae.encode(x)[f]) * W_dec[f]
    ScaleNeurons(layer, neurons, beta)  MLP activations (the input of `mlp.down_proj`) at `neurons` <- beta * them

Two paths apply the same edits: `generate` (HF `generate` + plain torch hooks, the fast path) and
`generate_nnsight` (nnsight's `generate` with `tracer.all()`, the didactic path). Tests prove they agree.
"""
from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, replace
from typing import Callable, Sequence

import torch

from lib import batching
from lib.errors import BadInput


@dataclass(frozen=True, eq=False)
class AddVector:
    """Add `alpha * vector` (vector: [d_model]) to block `layer`'s output."""

    layer: int
    vector: torch.Tensor
    alpha: float = 1.0

    def __post_init__(self):
        if not isinstance(self.vector, torch.Tensor):
            object.__setattr__(self, "vector", torch.as_tensor(self.vector, dtype=torch.float32))

    def apply(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.alpha * self.vector.to(device=x.device, dtype=x.dtype)


@dataclass(frozen=True, eq=False)
class ProjectOut:
    """Remove the component of block `layer`'s output along `direction` (direction: [d_model], any norm)."""

    layer: int
    direction: torch.Tensor

    def __post_init__(self):
        if not isinstance(self.direction, torch.Tensor):
            object.__setattr__(self, "direction", torch.as_tensor(self.direction, dtype=torch.float32))

    def apply(self, x: torch.Tensor) -> torch.Tensor:
        u = self.direction.to(device=x.device, dtype=torch.float32)
        u = u / u.norm()
        xf = x.float()
        return (xf - (xf @ u).unsqueeze(-1) * u).to(x.dtype)


@dataclass(frozen=True, eq=False)
class ClampFeature:
    """Set SAE feature `feature` of block `layer`'s output to `value` (sae: a sae-lens SAE reading that layer)."""

    layer: int
    sae: object
    feature: int
    value: float

    def apply(self, x: torch.Tensor) -> torch.Tensor:
        w_dec = self.sae.W_dec
        xs = x.to(device=w_dec.device, dtype=w_dec.dtype)
        current = self.sae.encode(xs)[..., self.feature]
        delta = (self.value - current).unsqueeze(-1) * w_dec[self.feature]
        return x + delta.to(device=x.device, dtype=x.dtype)


@dataclass(frozen=True, eq=False)
class ScaleNeurons:
    """Multiply MLP neurons `neurons` of block `layer` (the input of `mlp.down_proj`) by `beta`."""

    layer: int
    neurons: Sequence[int]
    beta: float

    def __post_init__(self):
        object.__setattr__(self, "neurons", tuple(int(n) for n in self.neurons))

    def apply(self, x: torch.Tensor) -> torch.Tensor:
        scale = self.__dict__.get("_scale")  # built once per device/dtype (see `ready`), not at every step
        if scale is None or scale.shape[-1] != x.shape[-1] or scale.device != x.device or scale.dtype != x.dtype:
            scale = torch.ones(x.shape[-1], dtype=x.dtype)
            scale[list(self.neurons)] = self.beta
            scale = self.__dict__["_scale"] = scale.to(x.device)
        return x * scale


Intervention = AddVector | ProjectOut | ClampFeature | ScaleNeurons
RESID, NEURONS = "resid", "neurons"
STRENGTH = {AddVector: "alpha", ClampFeature: "value", ScaleNeurons: "beta"}  # the field a sweep varies
IDENTITY = {AddVector: 0.0, ScaleNeurons: 1.0}  # the strength at which it changes nothing (left out of a sweep)


def at_strength(template, strength: float) -> list:
    """The interventions of a sweep at `strength`: `template` (one intervention or a list of them) with each one's
    strength field (`STRENGTH`: AddVector.alpha, ClampFeature.value, ScaleNeurons.beta) set to `strength`. One at
    its identity strength (`IDENTITY`: AddVector at 0, ScaleNeurons at 1) is left out, so that strength is the
    unsteered model; a ProjectOut has no strength and is kept as it is. `lib.sweeps.sweep(model, prompts, strengths, AddVector(layer, vector), ...)` steers along
    `vector` at every strength."""
    items = list(template) if isinstance(template, (list, tuple)) else [template]
    out = []
    for iv in items:
        if not isinstance(iv, (AddVector, ProjectOut, ClampFeature, ScaleNeurons)):
            raise BadInput(f"a sweep template holds lib.steering interventions; got {type(iv).__name__}")
        if isinstance(iv, ProjectOut):
            out.append(iv)
        elif float(strength) != IDENTITY.get(type(iv)):
            out.append(replace(iv, **{STRENGTH[type(iv)]: float(strength)}))
    return out


def feature_vector(sae, feature: int) -> torch.Tensor:
    """SAE feature `feature`'s decoder direction, W_dec[feature]: [d_in] (use it in AddVector to add a feature)."""
    d_sae = int(sae.W_dec.shape[0])
    if not 0 <= feature < d_sae:
        raise BadInput(f"feature {feature} is out of range: this SAE has {d_sae} features (0..{d_sae - 1})")
    return sae.W_dec[feature].detach().clone()


def _check_width(what: str, vec, width: int) -> None:
    if not isinstance(vec, torch.Tensor) or vec.dim() != 1 or vec.shape[0] != width:
        got = tuple(vec.shape) if isinstance(vec, torch.Tensor) else type(vec).__name__
        raise BadInput(f"{what} must be a 1-D tensor of width d_model={width}, got shape {got}")


def plan(model, interventions) -> dict[tuple[int, str], list]:
    """Check every intervention against `model` and group them by site, in forward order.

    Returns {(layer, "neurons" | "resid"): [interventions, in the order given]}; within a layer the MLP neurons
    (inside the block) come before the block's output.
    """
    groups: dict[tuple[int, str], list] = {}
    for iv in interventions:
        if not isinstance(iv, (AddVector, ProjectOut, ClampFeature, ScaleNeurons)):
            raise BadInput(f"{iv!r} is not an intervention: use AddVector, ProjectOut, ClampFeature or ScaleNeurons")
        layer = model.layer_index(iv.layer)
        site = NEURONS if isinstance(iv, ScaleNeurons) else RESID
        if isinstance(iv, AddVector):
            _check_width("AddVector.vector", iv.vector, model.d_model)
        elif isinstance(iv, ProjectOut):
            _check_width("ProjectOut.direction", iv.direction, model.d_model)
            if float(iv.direction.float().norm()) == 0.0:
                raise BadInput("ProjectOut.direction is the zero vector: there is no direction to remove")
        elif isinstance(iv, ClampFeature):
            d_in, d_sae = int(iv.sae.W_dec.shape[1]), int(iv.sae.W_dec.shape[0])
            if d_in != model.d_model:
                raise BadInput(f"the SAE reads width {d_in} but {model.name} has d_model={model.d_model}: "
                               "wrong SAE for this model")
            if not 0 <= iv.feature < d_sae:
                raise BadInput(f"feature {iv.feature} is out of range: this SAE has {d_sae} features (0..{d_sae - 1})")
        else:
            width = model.layers[layer].mlp.down_proj.in_features
            bad = [n for n in iv.neurons if not 0 <= n < width]
            if bad or not iv.neurons:
                raise BadInput(f"ScaleNeurons.neurons must be a non-empty list of indices in 0..{width - 1} "
                               f"(the MLP width of layer {layer}), got bad indices {bad[:5]}")
        groups.setdefault((layer, site), []).append(iv)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] == RESID)))


def ready(iv, device, dtype, width: int):
    """A copy of `iv` whose tensors already sit on `device` in `dtype`, so a hook never copies from the host.

    A host-to-device copy inside every decoding step makes the CPU wait for the GPU at each step; measured on an H100
    (benchmarks/README.md) it cost a third of steered generation's speed on the Llama-3.1-8B shape.
    """
    if isinstance(iv, AddVector):
        return replace(iv, vector=iv.vector.to(device=device, dtype=dtype))
    if isinstance(iv, ProjectOut):
        u = iv.direction.to(device=device, dtype=torch.float32)
        return replace(iv, direction=u / u.norm())
    if isinstance(iv, ScaleNeurons):
        iv = replace(iv)
        iv.apply(torch.zeros(1, width, device=device, dtype=dtype))  # builds and keeps the scale vector
    return iv


def _apply_all(edits, x: torch.Tensor) -> torch.Tensor:
    for iv in edits:
        x = iv.apply(x)
    return x


@contextlib.contextmanager
def applied(model, interventions):
    """Install `interventions` as torch hooks on `model.hf` for the duration of the block (removed on exit).

    Every forward inside the block (a custom loop, `hf.generate`, a trace) runs with the edits. The hooks are
    prepended, so they run before the hook transformers installs to record `output_hidden_states`: with the edits
    applied, `hidden_states[layer + 1]` shows the edited residual stream.
    """
    handles = []
    dtype = next(model.hf.parameters()).dtype
    try:
        for (layer, site), edits in plan(model, interventions).items():
            width = model.layers[layer].mlp.down_proj.in_features if site == NEURONS else model.d_model
            edits = [ready(iv, model.device, dtype, width) for iv in edits]
            if site == NEURONS:
                def pre_hook(module, args, edits=edits):
                    return (_apply_all(edits, args[0]),) + tuple(args[1:])

                handles.append(model.layers[layer].mlp.down_proj.register_forward_pre_hook(pre_hook, prepend=True))
            else:
                def hook(module, args, output, edits=edits):
                    if isinstance(output, tuple):
                        return (_apply_all(edits, output[0]),) + tuple(output[1:])
                    return _apply_all(edits, output)

                handles.append(model.layers[layer].register_forward_hook(hook, prepend=True))
        yield model
    finally:
        for h in handles:
            h.remove()


# ---------------------------------------------------------------- tokenizing and batching

def _rows(model, texts) -> list[list[int]]:
    """Token ids of each text; the tokenizer's BOS is added unless the text already starts with it (chat format)."""
    if isinstance(texts, str):
        raise BadInput("texts must be a list of strings; wrap a single text as [text]")
    texts = list(texts)
    rows = batching.encode(model.tokenizer, texts)
    empty = [t for t, r in zip(texts, rows) if not r]
    if empty:
        raise BadInput(f"text {empty[0]!r} has no tokens: pass non-empty texts")
    return rows


def _pad_left(model, rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Left-padded `input_ids` and `attention_mask`: [batch, max_len], on the model's device."""
    ids, mask = batching.pad(rows, batching.pad_id(model.tokenizer), side="left")
    return ids.to(model.device), mask.to(model.device)


def _format(model, prompts, system, chat: bool) -> list[str]:
    if isinstance(prompts, str):
        raise BadInput("prompts must be a list of strings; wrap a single prompt as [prompt]")
    prompts = list(prompts)
    systems = list(system) if isinstance(system, (list, tuple)) else [system] * len(prompts)
    if len(systems) != len(prompts):
        raise BadInput(f"system has {len(systems)} entries for {len(prompts)} prompts: "
                       "pass one string or one per prompt")
    if not chat:
        if any(s for s in systems):
            raise BadInput("a system prompt needs chat=True (the chat template places it); or write it into the prompt")
        return prompts
    return [model.chat(p, s) for p, s in zip(prompts, systems)]


CACHES = ("dynamic", "static")


def _gen_kwargs(model, max_new_tokens, do_sample, temperature, top_p, cache: str = "dynamic") -> dict:
    from transformers import GenerationConfig

    if cache not in CACHES:
        raise BadInput(f"cache must be one of {CACHES}, got {cache!r}: 'static' preallocates the KV cache and, on a "
                       "GPU, compiles the decoding step (fast for repeated batches of one shape); 'dynamic' is the default")

    eos = getattr(model.hf.generation_config, "eos_token_id", None)
    eos = model.tokenizer.eos_token_id if eos is None else eos
    # every sampling field is set, so the checkpoint's own defaults (Llama-3.1-Instruct: T=0.6, top_p=0.9) never leak in
    # (greedy gets the library's neutral values, which transformers does not warn about; sampling has no top-k)
    sampling = (dict(temperature=temperature, top_p=top_p, top_k=0) if do_sample
                else dict(temperature=1.0, top_p=1.0, top_k=50))
    config = GenerationConfig(max_new_tokens=max_new_tokens, do_sample=do_sample, num_beams=1,
                              eos_token_id=eos, pad_token_id=model.tokenizer.pad_token_id, **sampling)
    if cache == "static":  # transformers compiles the decoding step itself when the cache is static on a GPU
        config.cache_implementation = "static"
    return dict(generation_config=config)


def _hf_runner(model, ids, mask, kwargs, groups) -> torch.Tensor:
    with torch.no_grad():
        out = model.hf.generate(input_ids=ids, attention_mask=mask, **kwargs)
    return out[:, ids.shape[1]:]


def _envoy(model, module):
    """The nnsight envoy of an `hf` submodule, found by its dotted name."""
    name = {m: n for n, m in model.hf.named_modules()}[module]
    env = model.nnsight
    for part in name.split("."):
        env = env[int(part)] if part.isdigit() else getattr(env, part)
    return env


def _nnsight_runner(model, ids, mask, kwargs, groups) -> torch.Tensor:
    sites = [(_envoy(model, model.layers[layer].mlp.down_proj if site == NEURONS else model.layers[layer]), site, edits)
             for (layer, site), edits in groups.items()]
    with warnings.catch_warnings(), torch.no_grad():
        # an open tracer.all() loop ends with a "was never reached" warning by design (nnsight 0.8)
        warnings.filterwarnings("ignore", message=".*was never reached.*")
        return _nnsight_generate(model, ids, mask, kwargs, sites)


def _nnsight_generate(model, ids, mask, kwargs, sites) -> torch.Tensor:
    with model.nnsight.generate(**kwargs) as tracer:
        with tracer.invoke({"input_ids": ids, "attention_mask": mask}):
            if sites:
                for _step in tracer.all():  # every forward: the prefill, then each new token
                    for env, site, edits in sites:  # forward order (plan sorts them)
                        if site == NEURONS:
                            env.input = _apply_all(edits, env.input)
                        else:
                            env.output = _apply_all(edits, env.output)
                # code after a tracer.all() loop in the same invoke never runs: the result is saved below
        with tracer.invoke():
            out = tracer.result.save()
    return out[:, ids.shape[1]:]


def _generate(model, prompts, runner: Callable, *, system, max_new_tokens, do_sample, temperature, top_p, seed,
              interventions, batch_size, chat, progress, cache="dynamic") -> list[str]:
    texts = _format(model, prompts, system, chat)
    if batch_size < 1:
        raise BadInput(f"batch_size must be at least 1, got {batch_size}")
    if do_sample and not (temperature > 0 and 0 < top_p <= 1):
        raise BadInput(f"sampling needs temperature > 0 and 0 < top_p <= 1 (got {temperature}, {top_p}); "
                       "for greedy decoding pass do_sample=False")
    groups = plan(model, interventions)
    rows = _rows(model, texts)
    order = sorted(range(len(rows)), key=lambda i: -len(rows[i]))  # longest first: an OOM shows up at once
    kwargs = _gen_kwargs(model, max_new_tokens, do_sample, temperature, top_p, cache)
    results: list[str | None] = [None] * len(rows)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(rows), unit="prompt", desc="generate")
    cuda = model.device.type == "cuda"
    hooks = applied(model, interventions) if runner is _hf_runner else contextlib.nullcontext()
    oom = ("generation ran out of GPU memory at batch size {batch_size} and still at batch size 1: shrink "
           f"max_new_tokens ({max_new_tokens}) or the prompts, or load the model in a smaller dtype / on a larger GPU")

    def run(idx):
        return runner(model, *_pad_left(model, [rows[i] for i in idx]), kwargs, groups)

    try:
        with torch.random.fork_rng(devices=[model.device.index or 0] if cuda else []), hooks:
            torch.manual_seed(seed)
            for idx, new in batching.halving(order, batch_size, run, message=oom):  # OOM: half the batch, retry
                for i, row in zip(idx, new.tolist()):
                    results[i] = model.tokenizer.decode(row, skip_special_tokens=True).strip()
                if bar is not None:
                    bar.update(len(idx))
    finally:
        if bar is not None:
            bar.close()
    return results


def generate(model, prompts: Sequence[str], *, system=None, max_new_tokens: int = 48, do_sample: bool = False,
             temperature: float = 1.0, top_p: float = 1.0, seed: int = 0, interventions=(), batch_size: int = 16,
             chat: bool = True, progress: bool = False, cache: str = "dynamic") -> list[str]:
    """Generate a completion for each prompt with `interventions` applied to every token; the fast (HF hooks) path.

    prompts: n strings, formatted with `model.chat(prompt, system)` when chat=True (system: None, one string, or
    n strings); raw text when chat=False. Batches are left-padded and sorted by length; results come back in input
    order as the decoded new tokens (special tokens skipped, stripped). Greedy unless do_sample (then `temperature`,
    nucleus `top_p`, no top-k), seeded by `seed`. A CUDA out-of-memory halves the batch and retries.
    cache="static" preallocates the KV cache; on a GPU transformers then compiles the decoding step (the first call
    of each batch shape pays the compile; benchmarks/README.md has the measured speed-up). Same tokens as "dynamic".
    """
    return _generate(model, prompts, _hf_runner, system=system, max_new_tokens=max_new_tokens, do_sample=do_sample,
                     temperature=temperature, top_p=top_p, seed=seed, interventions=interventions,
                     batch_size=batch_size, chat=chat, progress=progress, cache=cache)


def generate_nnsight(model, prompts: Sequence[str], *, system=None, max_new_tokens: int = 48, do_sample: bool = False,
                     temperature: float = 1.0, top_p: float = 1.0, seed: int = 0, interventions=(),
                     batch_size: int = 16, chat: bool = True, progress: bool = False) -> list[str]:
    """`generate`, written with nnsight: `model.nnsight.generate(...)` and the edits inside `for step in tracer.all()`.

    Same arguments and (tested) the same tokens as `generate`; slower, kept because it shows the method.
    """
    return _generate(model, prompts, _nnsight_runner, system=system, max_new_tokens=max_new_tokens,
                     do_sample=do_sample, temperature=temperature, top_p=top_p, seed=seed,
                     interventions=interventions, batch_size=batch_size, chat=chat, progress=progress)


# ---------------------------------------------------------------- scoring

OOM_SCORING = ("out of GPU memory even at batch size 1 (halved from {batch_size}): pass shorter texts, or load the "
               "model in a smaller dtype / on a larger GPU")


def forward_logits(model, texts: Sequence[str], interventions=(), *, batch_size: int = 16) -> torch.Tensor:
    """Next-token logits at each text's last token with `interventions` applied: [n_texts, vocab] float32, CPU.

    Texts are raw (BOS added unless present); pass `model.chat(...)` output to score a chat turn. Batches are
    left-padded, so every text's last token sits at the last position.
    """
    rows = _rows(model, texts)

    def last(batch):
        ids, mask = _pad_left(model, batch)
        pos = (mask.cumsum(-1) - 1).clamp(min=0)
        return model.hf(input_ids=ids, attention_mask=mask, position_ids=pos).logits[:, -1].float().cpu()

    with applied(model, interventions), torch.no_grad():
        out = [logits for _, logits in batching.halving(rows, batch_size, last, message=OOM_SCORING)]
    return torch.cat(out) if out else torch.empty(0, int(model.hf.config.vocab_size))


def next_token_nll(model, rows: Sequence[Sequence[int]], interventions=(), *, first: Sequence[int] | None = None,
                   batch_size: int = 16) -> tuple[torch.Tensor, torch.Tensor]:
    """The library's one next-token loss: for each token row, the summed cross-entropy (nats) of the tokens it
    predicts and their number, with `interventions` applied: `(nats [n_rows] float64, count [n_rows] long)`, CPU.

    Row i's tokens from position `first[i]` on (default 1: every token after the first) are each predicted from the
    tokens before them. Rows go in right-padded batches, longest first (exact for causal attention); the
    unembedding runs on the predicted positions alone, with the logit soft-cap of Gemma 2 applied, so the pooled
    `nats.sum() / count.sum()` equals Hugging Face's `model(input_ids, labels=...).loss` (tested). `loss`,
    `lib.sweeps.text_losses` and `lib.coherence.answer_loss` read it.
    """
    rows = [list(r) for r in rows]
    first = [1] * len(rows) if first is None else [max(1, int(f)) for f in first]
    if len(first) != len(rows):
        raise BadInput(f"first has {len(first)} entries for {len(rows)} rows: give one per row")
    nats = torch.zeros(len(rows), dtype=torch.float64)
    count = torch.tensor([max(0, len(r) - f) for r, f in zip(rows, first)], dtype=torch.long)
    order = sorted(range(len(rows)), key=lambda i: -len(rows[i]))  # longest first: an OOM shows up at once
    cap = getattr(model.hf.config, "final_logit_softcapping", None)
    decoder, unembed = model.hf.get_decoder(), model.hf.get_output_embeddings()

    def summed(idx):
        ids, mask = batching.pad([rows[i] for i in idx], batching.pad_id(model.tokenizer))
        scored = torch.zeros(ids.shape, dtype=torch.bool)
        for k, i in enumerate(idx):
            scored[k, first[i]:len(rows[i])] = True
        keep = scored[:, 1:]  # keep[k, t]: the prediction of token t + 1 from tokens 0..t counts
        hidden = decoder(input_ids=ids.to(model.device), attention_mask=mask.to(model.device),
                         use_cache=False).last_hidden_state[:, :-1]
        logits = unembed(hidden[keep.to(model.device)]).float()  # predicted positions only
        if cap:  # Gemma 2 soft-caps its logits after the unembedding
            logits = cap * torch.tanh(logits / cap)
        nll = torch.nn.functional.cross_entropy(logits, ids[:, 1:][keep].to(model.device), reduction="none")
        row = torch.arange(len(idx)).unsqueeze(1).expand_as(keep)[keep]
        return torch.zeros(len(idx), dtype=torch.float64).index_add(0, row, nll.double().cpu())

    with applied(model, interventions), torch.no_grad():
        for idx, sums in batching.halving(order, batch_size, summed, message=OOM_SCORING):
            nats[idx] = sums
    return nats, count


def loss(model, texts: Sequence[str], interventions=(), *, batch_size: int = 16) -> float:
    """Mean next-token cross-entropy (nats) over all real tokens of `texts`, pooled, with `interventions` applied.

    Texts are raw (BOS added unless present); the number is `next_token_nll`'s, pooled over texts.
    """
    nats, count = next_token_nll(model, _rows(model, texts), interventions, batch_size=batch_size)
    if int(count.sum()) == 0:
        raise BadInput("loss needs at least one text with two or more tokens")
    return float(nats.sum() / count.sum())
