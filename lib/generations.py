"""Generated texts, cached: a killed run resumes from the chunks it finished, and a re-run costs nothing.

Chapters that compare outputs (partisan answers, value-laden advice, steered samples) call `generate_cached` here
rather than `lib.steering.generate` (which generates, uncached) directly, so the book's second build, and a reader's
re-run, reuse the texts.
"""
from __future__ import annotations

from typing import Sequence

from tqdm.auto import tqdm

from lib import steering
from lib.cache import as_cache, content_key, fingerprint

CODE_VERSION = "generations-v1"


def generate_cached(model, prompts: Sequence[str], *, system=None, interventions=(), cache=True,
                    chunk_size: int = 64, progress: bool = True, desc: str = "generate", **kwargs) -> list[str]:
    """`lib.steering.generate` with an on-disk cache keyed by everything that changes the output.

    system: None, one string, or one per prompt. kwargs go to `lib.steering.generate` (max_new_tokens, do_sample,
    seed, batch_size...). Chunks of `chunk_size` prompts are stored as they finish.
    """
    prompts = list(prompts)
    systems = list(system) if isinstance(system, (list, tuple)) else [system] * len(prompts)
    if len(systems) != len(prompts):
        from lib.errors import BadInput
        raise BadInput(f"system has {len(systems)} entries for {len(prompts)} prompts: give one per prompt, or one string")
    store = as_cache(cache)
    out: list[str] = []
    starts = range(0, len(prompts), chunk_size)
    for start in tqdm(starts, desc=desc, disable=not progress):
        chunk, chunk_systems = prompts[start:start + chunk_size], systems[start:start + chunk_size]
        key = content_key(model=model.fingerprint(), prompts=chunk, system=chunk_systems,
                          interventions=fingerprint(list(interventions)), kwargs=fingerprint(kwargs),
                          version=CODE_VERSION) if store else None
        texts = store.get_json(key) if store else None
        if texts is None:
            texts = steering.generate(model, chunk, system=chunk_systems, interventions=interventions, **kwargs)
            if store:
                store.put_json(key, texts)
        out.extend(texts)
    return out
