"""Read the residual stream (or MLP neurons) with nnsight: positions, length-sorted batches, early stop, cache.

Layer `i` is the output of decoder block `i`: nnsight `model.model.layers[i].output`, sae-lens / TransformerLens
`blocks.{i}.hook_resid_post`, and Hugging Face `hidden_states[i + 1]` for every block but the last (HF's last entry
has the final norm applied; ours does not).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import torch
from tqdm.auto import tqdm

from lib import batching
from lib.cache import as_cache, content_key
from lib.errors import BadInput

CODE_VERSION = "activations-v1"  # bump when the meaning of a cached tensor changes
POSITIONS = ("last", "mean", "response_mean")
SITES = ("resid", "mlp")
OOM_READING = ("out of GPU memory even at batch_size=1 (halved from {batch_size}): pass shorter texts or a lower "
               "max_tokens, read fewer layers, or use a smaller dtype / larger GPU")


@dataclass(frozen=True)
class Exchange:
    """One chat exchange for position="response_mean": the prompt is formatted with the model's chat template."""

    user: str
    response: str
    system: str | None = None


def collect(model, texts: Sequence, layers: Sequence[int] | int, position: str = "last", *,
            site: str = "resid", chat: bool = False, system: str | None = None, batch_size: int | None = None,
            max_tokens: int = 512, cache=None, chunk_size: int = 256, progress: bool = False) -> torch.Tensor:
    """Activations `[n_texts, len(layers), d]`, float32 on CPU, in input order.

    position:
      "last"          the last real token of each text;
      "mean"          the mean over real tokens, EXCLUDING a leading BOS token: Llama's BOS residual has a norm
                      tens of times larger than other tokens (an attention sink) and would dominate the mean;
      "response_mean" items are `Exchange(user, response, system)` (or `(user, response)` tuples): the prompt is
                      formatted with `model.chat` and the mean is over the response tokens only (Part II).
    site: "resid" (decoder block output, d = d_model) or "mlp" (the MLP's neurons: the input of `mlp.down_proj`).
    chat: format each text as a user turn with `model.chat(text, system)` first (for "last" / "mean").
    The forward stops after the deepest requested layer. With `cache` (True, a folder or a TensorCache) results are
    stored in chunks of `chunk_size` texts, so a killed run resumes from the chunks it finished.
    """
    layer_ids = _layer_ids(model, layers)
    items = _check_items(texts, position)
    if site not in SITES:
        raise BadInput(f"unknown site {site!r}; use one of {SITES}")
    store = as_cache(cache)
    batch_size = batch_size or (32 if model.device.type == "cuda" else 16)
    chunks = []
    starts = range(0, len(items), chunk_size)
    for start in tqdm(starts, desc="collect", disable=not progress or len(starts) < 2):
        chunk = items[start:start + chunk_size]
        key = content_key(model=model.fingerprint(), items=[_item_key(x) for x in chunk], layers=layer_ids,
                          position=position, site=site, chat=chat, system=system, max_tokens=max_tokens,
                          version=CODE_VERSION) if store else None
        acts = store.get(key) if store else None
        if acts is None:
            ids, masks = _encode(model, chunk, position, chat, system, max_tokens)
            acts = _run_batches(model, ids, masks, layer_ids, site, batch_size)
            if store:
                store.put(key, acts)
        chunks.append(acts)
    return torch.cat(chunks)


def tokens(model, texts: Sequence[str], layer: int, *, site: str = "resid", skip_bos: bool = True,
           max_tokens: int = 512, batch_size: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Every real token's activation at one layer: `(acts [n_tokens, d], text_index [n_tokens])` (for SAEs)."""
    layer_id = _layer_ids(model, [layer])
    items = _check_items(texts, "mean")
    ids, masks = _encode(model, items, "mean" if skip_bos else "all", False, None, max_tokens)
    index = [torch.full((int(mask.sum()),), i) for i, mask in enumerate(masks)]
    per_token = _run_batches(model, ids, masks, layer_id, site, batch_size or 16, reduce=False)
    out = [acts[:, mask.bool()][0] for acts, mask in zip(per_token, masks)]
    return torch.cat(out), torch.cat(index)


def _layer_ids(model, layers) -> list[int]:
    layers = [layers] if isinstance(layers, int) else list(layers)
    if not layers:
        raise BadInput("layers is empty: pass at least one layer index")
    return [model.layer_index(layer) for layer in layers]


def _check_items(texts, position):
    if position not in POSITIONS:
        raise BadInput(f"unknown position {position!r}; use one of {POSITIONS}")
    if isinstance(texts, (str, Exchange)):
        raise BadInput("texts must be a list of items, not a single one: wrap it in a list")
    items = list(texts)
    if not items:
        raise BadInput("texts is empty: there is nothing to read activations from")
    if position == "response_mean":
        items = [x if isinstance(x, Exchange) else Exchange(*x) if isinstance(x, (tuple, list)) else x for x in items]
        bad = [i for i, x in enumerate(items) if not isinstance(x, Exchange) or not x.response]
        if bad:
            raise BadInput(f"position='response_mean' needs Exchange(user, response) items with a non-empty response; item {bad[0]} is {items[bad[0]]!r}")
    else:
        bad = [i for i, x in enumerate(items) if not isinstance(x, str) or not x]
        if bad:
            raise BadInput(f"texts must be non-empty strings; item {bad[0]} is {items[bad[0]]!r} ({type(items[bad[0]]).__name__})")
    return items


def _item_key(item):
    return [item.user, item.response, item.system] if isinstance(item, Exchange) else item


def _encode(model, items, position, chat, system, max_tokens):
    """Token ids per item and a mask of the positions that count (last token, real tokens, or response tokens)."""
    tok = model.tokenizer
    ids, masks = [], []
    if position == "response_mean":  # the chat prompt (its BOS from the template), then the reply's own tokens
        heads = batching.encode(tok, [model.chat(x.user, x.system) for x in items], templated=True)
        replies = tok([x.response for x in items], add_special_tokens=False).input_ids
    else:
        ready = batching.encode(tok, [model.chat(x, system) if chat else x for x in items], templated=chat)
    for n, item in enumerate(items):
        if position == "response_mean":
            prompt = heads[n]
            seq = (prompt + list(replies[n]))[:max_tokens]
            mask = torch.zeros(len(seq))
            mask[len(prompt):] = 1
            if mask.sum() == 0:
                raise BadInput(f"the prompt alone fills max_tokens={max_tokens}; raise max_tokens")
        else:
            seq = ready[n][:max_tokens]
            mask = torch.ones(len(seq))
            if position == "last":
                mask[:-1] = 0
            elif position == "mean" and len(seq) > 1 and seq[0] == tok.bos_token_id:
                mask[0] = 0
        ids.append(torch.tensor(seq, dtype=torch.long))
        masks.append(mask)
    return ids, masks


def _run_batches(model, ids, masks, layer_ids, site, batch_size, reduce=True):
    """Length-sorted, right-padded batches (exact for causal attention); OOM halves the batch and retries."""
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    results = [None] * len(ids)

    def run(batch):
        return _forward(model, [ids[i] for i in batch], layer_ids, site, [masks[i] for i in batch] if reduce else None)

    for batch, outs in batching.halving(order, batch_size, run, message=OOM_READING):
        for j, i in enumerate(batch):
            results[i] = outs[j] if reduce else outs[j, :, :len(ids[i])]  # [L, d] or [L, seq, d]
    return torch.stack(results) if reduce else results


@torch.no_grad()
def _forward(model, seqs, layer_ids, site, weights=None):
    """One nnsight trace: save each requested layer (in forward order), stop after the deepest.

    weights: per sequence, a weight per token (the position mask). With weights, the weighted mean is taken on the
    model's device (float32) and only `[b, L, d]` crosses to the CPU; without, every token: `[b, L, seq, d]`.
    """
    input_ids, attention = batching.pad(seqs, batching.pad_id(model.tokenizer))  # right padding: [b, longest]
    lm = model.nnsight
    order = sorted(set(layer_ids))
    saved = {}
    inputs = {"input_ids": input_ids.to(model.device), "attention_mask": attention.to(model.device)}
    with lm.trace(inputs, use_cache=False) as tracer:  # no KV cache: nothing reads it, and it costs memory
        for layer in order:
            block = lm.model.layers[layer]
            saved[layer] = (block.mlp.down_proj.input if site == "mlp" else block.output).save()
        tracer.stop()
    if weights is None:
        return torch.stack([saved[layer].float().cpu() for layer in layer_ids], dim=1)
    if all(int((m != 0).sum()) == 1 for m in weights):  # one token per text ("last"): pick it, no full-width pass
        rows = torch.arange(len(seqs), device=model.device)
        at = torch.tensor([int(m.nonzero()[0]) for m in weights], device=model.device)
        picked = torch.stack([saved[layer][rows, at] for layer in layer_ids], dim=1)
        return picked.float().cpu()  # one copy to the CPU for every layer
    w = batching.pad(weights, dtype=torch.float32)[0]
    w = (w / w.sum(1, keepdim=True)).to(model.device)
    return torch.stack([torch.einsum("bs,bsd->bd", w, saved[layer].float()) for layer in layer_ids], dim=1).cpu()


@torch.no_grad()
def reference(model, text: str, layers: Sequence[int]) -> torch.Tensor:
    """The ground truth `collect` is tested against: plain forward hooks on the blocks, one unpadded text.

    Returns `[len(layers), seq, d_model]` (float32, CPU), BOS included.
    """
    layer_ids = _layer_ids(model, layers)
    seen = {}
    hooks = [model.layers[i].register_forward_hook(
        lambda m, a, out, i=i: seen.__setitem__(i, out[0] if isinstance(out, tuple) else out)) for i in set(layer_ids)]
    try:
        ids = model.tokenizer(text, return_tensors="pt").input_ids.to(model.device)
        model.hf(input_ids=ids)
    finally:
        for h in hooks:
            h.remove()
    return torch.stack([seen[i][0].float().cpu() for i in layer_ids])


def norms_by_position(model, texts: Sequence[str], layers: Sequence[int], max_positions: int = 16):
    """Mean residual norm per (layer, token position), BOS included: a DataFrame(layer, position, norm, n)."""
    import pandas as pd

    rows = []
    for layer in _layer_ids(model, layers):
        acts, index = tokens(model, texts, layer, skip_bos=False)
        position = torch.cat([torch.arange(int((index == i).sum())) for i in range(len(texts))])
        keep = position < max_positions
        frame = pd.DataFrame({"position": position[keep].numpy(), "norm": acts[keep].norm(dim=-1).numpy()})
        for pos, group in frame.groupby("position"):
            rows.append({"layer": layer, "position": int(pos), "norm": float(group.norm.mean()), "n": len(group)})
    return pd.DataFrame(rows)
