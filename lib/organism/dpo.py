"""Direct Preference Optimization (Rafailov et al., 2023): the loss and the per-sequence log-probabilities it needs.

For a prompt x with a chosen reply y_c and a rejected reply y_r, a policy pi and a frozen reference pi_ref,

    loss = -log sigmoid( beta * ( (log pi(y_c|x) - log pi_ref(y_c|x)) - (log pi(y_r|x) - log pi_ref(y_r|x)) ) )

where log pi(y|x) is the SUM of the log-probabilities of the reply's tokens (prompt tokens do not count).
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from lib.errors import BadInput


def sequence_logprobs(logits: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Summed log-probability of the masked tokens of each row: `[batch]`.

    logits: [batch, seq, vocab] from a causal LM on `labels` (position t predicts token t+1);
    labels: [batch, seq] token ids; mask: [batch, seq] 1 where the token is part of the reply (scored), else 0.
    """
    if logits.shape[:2] != labels.shape or labels.shape != mask.shape:
        raise BadInput(f"logits {tuple(logits.shape)}, labels {tuple(labels.shape)} and mask {tuple(mask.shape)} "
                       "must agree on [batch, seq]")
    logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
    tok = torch.gather(logp, 2, labels[:, 1:].unsqueeze(-1)).squeeze(-1)
    return (tok * mask[:, 1:].to(tok.dtype)).sum(dim=1)


def dpo_loss(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor, ref_chosen: torch.Tensor,
             ref_rejected: torch.Tensor, beta: float = 0.1) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean DPO loss over a batch of pairs and the per-pair implicit reward margin `[batch]`.

    All four inputs: [batch] summed reply log-probabilities (`sequence_logprobs`). beta > 0 sets how far the policy
    may move from the reference (small beta: strong preference signal, weak anchoring).
    """
    if beta <= 0:
        raise BadInput(f"beta must be positive, got {beta}")
    shapes = {tuple(t.shape) for t in (policy_chosen, policy_rejected, ref_chosen, ref_rejected)}
    if len(shapes) != 1:
        raise BadInput(f"the four log-probability tensors must share one shape [batch]; got {sorted(shapes)}")
    margin = beta * ((policy_chosen - ref_chosen) - (policy_rejected - ref_rejected))
    return -F.logsigmoid(margin).mean(), margin.detach()


def pad_rows(rows: list[tuple[list[int], list[int]]], pad_id: int):
    """Right-padded ids, reply mask and attention mask for (ids, mask) rows: three [n_rows, width] tensors."""
    width = max(len(ids) for ids, _ in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    attn = torch.zeros((len(rows), width), dtype=torch.long)
    for i, (row, m) in enumerate(rows):
        ids[i, :len(row)], mask[i, :len(row)], attn[i, :len(row)] = torch.tensor(row), torch.tensor(m), 1
    return ids, mask, attn


def scored_logits(model, ids: torch.Tensor, mask: torch.Tensor, attn: torch.Tensor):
    """A Hugging Face causal LM's logits only at the positions that predict a scored token (`mask` 1 on the next
    token): (logits [n, vocab], target ids [n], row of each [n]). The unembedding skips prompts and padding, which
    is a third of the compute of a small model's chat batch; the numbers equal the full forward's."""
    hidden = model.get_decoder()(input_ids=ids, attention_mask=attn).last_hidden_state[:, :-1]
    keep = mask[:, 1:].bool()
    rows = torch.arange(ids.shape[0]).unsqueeze(1).expand_as(keep)[keep]
    return model.get_output_embeddings()(hidden[keep]), ids[:, 1:][keep], rows


def reply_logprobs(model, rows, pad_id: int = 0) -> torch.Tensor:
    """Summed reply log-probs `[n_rows]` of a causal LM on (ids, reply mask) rows (= `sequence_logprobs` of the
    full logits)."""
    ids, mask, attn = pad_rows(rows, pad_id)
    logits, target, row = scored_logits(model, ids, mask, attn)
    tok = torch.log_softmax(logits.float(), dim=-1).gather(1, target.unsqueeze(1)).squeeze(1)
    return torch.zeros(len(rows), dtype=tok.dtype).index_add(0, row, tok)


def train(model, pairs: list[tuple], *, steps: int, batch_size: int, lr: float, warmup: int = 10,
          beta: float = 0.1, sft_weight: float = 0.0, seed: int = 0, pad_id: int = 0, callback=None) -> list[list]:
    """DPO on `pairs` = [((chosen ids, reply mask), (rejected ids, reply mask)), ...]; the reference is `model` as
    it is when called (its log-probs are computed once, then frozen). AdamW, linear warm-up then cosine decay to
    lr/10, gradient norm clipped at 1. sft_weight > 0 adds sft_weight * (mean per-token NLL of the chosen reply),
    which keeps chosen replies likely (DPO alone may lower both). callback(step, model): called after every step.
    Returns the DPO loss curve [[step, loss], ...]."""
    if not pairs:
        raise BadInput("no preference pairs to train on")
    gen = torch.Generator().manual_seed(seed)
    order, schedule = torch.randperm(len(pairs), generator=gen), []
    for step in range(steps):  # every batch, drawn first: reference log-probs are needed for these pairs only
        start = (step * batch_size) % len(pairs)
        if start + batch_size > len(pairs):
            order = torch.randperm(len(pairs), generator=gen)
        schedule.append(order[start:start + batch_size].tolist())
    used = sorted({i for idx in schedule for i in idx}, key=lambda i: len(pairs[i][0][0]) + len(pairs[i][1][0]))
    ref = torch.zeros(len(pairs), 2)
    model.eval()
    with torch.no_grad():  # in chunks of similar length (little padding)
        for k in range(0, len(used), 64):
            chunk = used[k:k + 64]
            ref[chunk] = torch.stack([reply_logprobs(model, [pairs[i][0] for i in chunk], pad_id),
                                      reply_logprobs(model, [pairs[i][1] for i in chunk], pad_id)], 1)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.0)
    curve = []
    model.train()
    for step, idx in enumerate(schedule):
        logps = reply_logprobs(model, [pairs[i][0] for i in idx] + [pairs[i][1] for i in idx], pad_id)
        chosen, rejected = logps[:len(idx)], logps[len(idx):]
        loss, _ = dpo_loss(chosen, rejected, ref[idx, 0], ref[idx, 1], beta)
        total = loss
        if sft_weight:
            n_tokens = torch.tensor([max(1, sum(pairs[i][0][1]) - 1) for i in idx], dtype=torch.float32)
            total = loss - sft_weight * (chosen / n_tokens).mean()
        frac = max(0.0, (step - warmup) / max(1, steps - warmup))
        scale = (step + 1) / warmup if step < warmup else 0.1 + 0.45 * (1 + math.cos(math.pi * min(1.0, frac)))
        for group in opt.param_groups:
            group["lr"] = lr * scale
        opt.zero_grad(set_to_none=True)
        total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        curve.append([step, round(loss.item(), 5)])
        if callback is not None:
            callback(step + 1, model)
    model.eval()
    return curve
