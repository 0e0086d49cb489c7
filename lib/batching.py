"""Texts to batches of token ids: one BOS, padding on the side the job needs, and half the batch when memory runs out.

A chat-formatted text already holds the BOS its template writes; tokenizing it with special tokens would put a second
one in front, so `encode` adds the tokenizer's BOS only to raw text. Generation pads on the LEFT (every row's next
token is then read at the last position); reading activations or losses pads on the RIGHT (causal attention: a real
token never sees a pad that follows it, so nothing moves). When a batch does not fit on the GPU, `halving` retries
it at half the size, down to one text, then raises `lib.errors.OutOfMemory` saying what to shrink.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import torch

from lib.errors import BadInput, OutOfMemory

T = TypeVar("T")
SIDES = ("left", "right")


def adds_bos(tokenizer, text: str, *, templated: bool = False) -> bool:
    """Whether `text` should be tokenized with special tokens (the BOS): not when it already starts with the BOS
    token, nor when `templated` (it came from `model.chat`, which writes whatever BOS the template has)."""
    bos = getattr(tokenizer, "bos_token", None)
    return not (templated or (bos and text.startswith(bos)))


def encode(tokenizer, texts: Sequence[str], *, templated: bool = False) -> list[list[int]]:
    """Token ids of each text, BOS added by `adds_bos`'s rule: one tokenizer call per setting, rows in input order."""
    if isinstance(texts, str):
        raise BadInput("texts must be a list of strings; wrap a single text as [text]")
    texts = list(texts)
    flags = [adds_bos(tokenizer, t, templated=templated) for t in texts]
    rows: list[list[int]] = [[] for _ in texts]
    for flag in (True, False):
        which = [i for i, f in enumerate(flags) if f == flag]
        if which:
            for i, ids in zip(which, tokenizer([texts[i] for i in which], add_special_tokens=flag)["input_ids"]):
                rows[i] = list(ids)
    return rows


def pad_id(tokenizer) -> int:
    """The id written into padding (masked out, so any id works): the tokenizer's pad token, else 0."""
    return tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0


def pad(rows: Sequence, value: float = 0, *, side: str = "right",
        dtype: torch.dtype = torch.long) -> tuple[torch.Tensor, torch.Tensor]:
    """Rows of unequal length (lists or 1-D tensors) as `([batch, longest] dtype, mask [batch, longest] long)`.

    The gaps hold `value`; mask is 1 on a row's own entries. side="right" puts each row at the start (reading
    activations and losses), side="left" at the end (generation). Both on the CPU.
    """
    if side not in SIDES:
        raise BadInput(f"side must be one of {SIDES}, got {side!r}")
    rows = list(rows)
    width = max((len(r) for r in rows), default=0)
    out = torch.full((len(rows), width), value, dtype=dtype)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        at = slice(width - len(r), width) if side == "left" else slice(0, len(r))
        out[i, at] = torch.as_tensor(r, dtype=dtype)
        mask[i, at] = 1
    return out, mask


def is_oom(err: BaseException | None) -> bool:
    """A CUDA out-of-memory error, raised directly or anywhere in the chain of causes (nnsight wraps errors)."""
    while err is not None:
        if isinstance(err, torch.cuda.OutOfMemoryError):
            return True
        err = err.__cause__ or err.__context__
    return False


def halving(items: Sequence, batch_size: int, run: Callable[[list], T], *, message: str) -> Iterator[tuple[list, T]]:
    """Yield `(batch, run(batch))` for consecutive batches of `items`, in order, each at most `batch_size` long.

    When `run` raises CUDA out-of-memory (`is_oom`), the GPU cache is emptied and the same items are tried again at
    half the size, which then stays for the remaining batches; at size 1 it raises `OutOfMemory(message)`. message
    says what to shrink and may name `{batch_size}` (the size asked for). Any other error passes through.
    """
    if batch_size < 1:
        raise BadInput(f"batch_size must be at least 1, got {batch_size}")
    start, size = 0, batch_size
    while start < len(items):
        batch = list(items[start:start + size])
        try:
            out = run(batch)
        except Exception as err:  # only CUDA OOM is handled, the rest re-raised
            if not is_oom(err):
                raise
            torch.cuda.empty_cache()
            if size == 1:
                raise OutOfMemory(message.format(batch_size=batch_size)) from None
            size //= 2
            continue
        start += len(batch)
        yield batch, out
