"""How diverse are a model's outputs? Text metrics (Distinct-n, EAD), embedding spread, logit-lens entropy, and
`compare`, which reads any of them on equal-size random subsets of several sets.

Texts are tokenised by a simple lowercase word regex (``\\w+`` with an optional apostrophe part, so "don't" is one
word) unless a tokenizer is passed: either an object with ``.tokenize(text)`` (a Hugging Face tokenizer) or any
callable ``text -> list of tokens``. n-grams never cross the boundary between two texts.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import torch

from lib.errors import BadInput

WORD = re.compile(r"\w+(?:'\w+)?")


def tokenize(text: str, tokenizer=None) -> list:
    """Split one text into tokens: lowercase regex words by default, else the given tokenizer."""
    if tokenizer is None:
        return WORD.findall(text.lower())
    if hasattr(tokenizer, "tokenize"):
        return list(tokenizer.tokenize(text))
    if callable(tokenizer):
        return list(tokenizer(text))
    raise BadInput("tokenizer must have a .tokenize(text) method or be a callable text -> list of tokens.")


def ngram_counts(texts: Sequence[str], n: int = 2, tokenizer: Callable | None = None) -> Counter:
    """Counter of n-grams (tuples) pooled over all texts; n-grams stay inside each text."""
    if isinstance(texts, str):
        raise BadInput("texts must be a list of strings, not one string; wrap it: [text].")
    if n < 1:
        raise BadInput(f"n must be >= 1; got {n}.")
    counts: Counter = Counter()
    for t in texts:
        toks = tokenize(t, tokenizer)
        counts.update(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))
    return counts


def _counts_or_raise(texts, n, tokenizer) -> Counter:
    counts = ngram_counts(texts, n, tokenizer)
    if not counts:
        raise BadInput(f"the texts contain no {n}-grams (all shorter than {n} tokens, or empty); "
                       "pass longer texts or a smaller n.")
    return counts


def distinct_n(texts: Sequence[str], n: int = 2, tokenizer=None) -> float:
    """Distinct-n (Li et al. 2016), corpus level: unique n-grams / total n-grams, pooled over all texts.

    1.0 when no n-gram repeats; 1/len for a corpus of one n-gram repeated. Falls as the corpus grows even for a
    fixed generator, so compare corpora of equal size (or use ead_n).
    """
    counts = _counts_or_raise(texts, n, tokenizer)
    return len(counts) / sum(counts.values())


def ead_n(texts: Sequence[str], n: int = 2, vocab_size: int | None = None, tokenizer=None) -> float:
    """Expectation-adjusted Distinct (Liu et al. 2022): unique / (V * (1 - ((V - 1) / V) ** C)).

    C is the total number of n-grams and V the number of possible n-grams; the denominator is the expected number
    of unique n-grams when C n-grams are drawn uniformly from V, so a uniformly random text scores ~1 at any length.
    vocab_size: V. Default (our choice; the paper uses the tokenizer's vocabulary size): the number of unique
    unigrams in these texts raised to the power n. That keeps the metric self-contained for word-level
    tokenisation, but it depends on the texts, so pass a fixed V when comparing corpora with different vocabularies.
    """
    counts = _counts_or_raise(texts, n, tokenizer)
    if vocab_size is None:
        vocab_size = len(ngram_counts(texts, 1, tokenizer)) ** n
    V, C, unique = float(vocab_size), sum(counts.values()), len(counts)
    if V < unique:
        raise BadInput(f"vocab_size={vocab_size} is smaller than the {unique} unique {n}-grams observed; "
                       "V must count all possible n-grams.")
    return unique / (V * (1.0 - ((V - 1.0) / V) ** C))


def embedding_diversity(embeddings) -> float:
    """Mean pairwise cosine distance (1 - cos) over all pairs of rows i < j. embeddings: [n_texts, d].

    0 for identical (or parallel) rows; ~1 for random high-dimensional rows; up to 2 for opposite rows.
    Computed without the n x n matrix: with unit rows u_i, sum_{i<j} cos = (|sum_i u_i|^2 - n) / 2.
    """
    e = torch.as_tensor(np.asarray(embeddings) if not torch.is_tensor(embeddings) else embeddings).double()
    if e.ndim != 2 or e.shape[0] < 2:
        raise BadInput(f"embeddings must be [n_texts >= 2, d]; got shape {tuple(e.shape)}.")
    bad = ~torch.isfinite(e).all(dim=1)
    if bad.any():
        raise BadInput(f"{int(bad.sum())} of {len(e)} embedding rows hold NaN or inf (the first is row "
                       f"{int(bad.nonzero()[0])}): embed those texts again or drop them before measuring diversity.")
    norms = e.norm(dim=1)
    if (norms == 0).any():
        raise BadInput(f"row {int((norms == 0).nonzero()[0])} of embeddings is all zeros; its cosine is undefined.")
    n, total = e.shape[0], (e / norms[:, None]).sum(0)
    mean_cos = (float(total @ total) - n) / (n * (n - 1))
    return 1.0 - mean_cos


def compare(sets: dict, metrics: dict, *, draws: int = 50, seed: int = 0) -> pd.DataFrame:
    """Each metric on equal-size random subsets of each set: mean and central 95% range over draws.

    sets: {name: list of items} (texts, or embedding rows for a metric that stacks them); metrics: {name: fn(list)
    -> float}. Every set is subsampled without replacement to the smallest set's size n, `draws` times; the same
    subsets serve every metric, so one metric's numbers do not depend on which other metrics are passed (a set of
    exactly n items gives the same value every draw). Returns one row per (set, metric): set, metric, mean, lo, hi
    (2.5% and 97.5% quantiles over draws), n. Distinct-n falls as a set grows, which is why sets are compared at one
    size.
    """
    from collections.abc import Mapping

    for arg, value, example in (("sets", sets, "{'intrinsic': texts_a, 'prompted': texts_b}"),
                                ("metrics", metrics, "{'Distinct-2': lambda t: distinct_n(t, 2)}")):
        if not isinstance(value, Mapping):
            raise BadInput(f"compare's {arg} must be a dict naming each entry, e.g. {example}; got a "
                           f"{type(value).__name__}.")
    if not sets or not metrics:
        raise BadInput("compare needs at least one set and one metric: sets={name: items}, metrics={name: fn}.")
    sizes = {name: len(items) for name, items in sets.items()}
    n = min(sizes.values())
    if n < 1:
        raise BadInput(f"every set needs at least one item; got sizes {sizes}.")
    if draws < 1:
        raise BadInput(f"draws must be >= 1; got {draws}.")
    rng, rows = np.random.default_rng(seed), []
    for name, items in sets.items():
        items = list(items)
        subsets = [[items[i] for i in rng.choice(len(items), n, replace=False)] for _ in range(int(draws))]
        for metric, fn in metrics.items():
            vals = [float(fn(s)) for s in subsets]
            rows.append(dict(set=name, metric=metric, mean=float(np.mean(vals)), lo=float(np.quantile(vals, 0.025)),
                             hi=float(np.quantile(vals, 0.975)), n=n))
    return pd.DataFrame(rows)


def logit_lens_entropy(hidden, unembed, final_norm=None, *, chunk: int = 1024) -> torch.Tensor:
    """Entropy (nats) of softmax(final_norm(h) @ W_U^T) for each row of hidden: the logit lens read as a spread.

    hidden: [..., d_model] residual-stream vectors; unembed: [vocab, d_model] (``lm_head.weight``);
    final_norm: the model's final norm module (``model.model.norm``), or None to skip it.
    Returns [...] float32 entropies on the CPU; log(vocab) is the maximum (uniform logits). Rows are processed in
    chunks, each moved to where ``unembed`` lies (on a GPU the unembedding never leaves it; ``final_norm`` must be
    on that device too, as the model's own is).
    """
    h = torch.as_tensor(hidden)
    W = torch.as_tensor(unembed).detach()
    if W.ndim != 2:
        raise BadInput(f"unembed must be [vocab, d_model] (lm_head.weight); got shape {tuple(W.shape)}.")
    if h.shape[-1] != W.shape[1]:
        hint = " (unembed looks transposed: pass lm_head.weight, [vocab, d_model])" if h.shape[-1] == W.shape[0] else ""
        raise BadInput(f"hidden has d_model={h.shape[-1]} but unembed is {tuple(W.shape)}{hint}.")
    lead = h.shape[:-1]
    flat = h.reshape(-1, h.shape[-1])
    out = []
    with torch.no_grad():
        w32 = W.float()  # once, not per chunk (an 8B model's unembedding is 2 GiB in float32)
        for i in range(0, flat.shape[0], chunk):
            x = flat[i:i + chunk].to(W.device)
            if final_norm is not None:
                x = final_norm(x)
            logits = x.float() @ w32.T
            logp = torch.log_softmax(logits, dim=-1)
            out.append(-(logp.exp() * logp).sum(-1).cpu())
    ent = torch.cat(out) if out else torch.empty(0)
    return ent.reshape(lead)
