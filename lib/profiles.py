"""The one setting every chapter reads: which models to run on.

`MODEL_PROFILE = "organism"` runs anywhere on a CPU in minutes; the real profiles need a GPU (see `gpu_gib`).
The environment variable BOOK_PROFILE overrides the chapter's setting (used by the command that runs chapters on
a real model and by CI).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from lib.errors import BadInput


@dataclass(frozen=True)
class Profile:
    """Models and defaults for one run of the book.

    base / aligned: registry names (Part I compares them; Part II uses `aligned`). judge: "lexicon" (the organism's
    scorer) or the Hugging Face id of an LLM judge. gpu_gib: GPU memory the chapters need with both models in bf16.
    """

    key: str
    base: str | None
    aligned: str
    judge: str = "lexicon"
    gpu_gib: float = 0.0
    is_organism: bool = False
    note: str = ""


PROFILES: dict[str, Profile] = {
    p.key: p
    for p in [
        Profile("organism", "organism-base", "organism-aligned", is_organism=True,
                note="the bundled model organism: tiny Llama-architecture pair trained on CPU by lib.organism"),
        Profile("llama-3.1-8b", "meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B-Instruct",
                judge="Qwen/Qwen2.5-7B-Instruct", gpu_gib=40.0,
                note="Part I's models; one at a time fits a 24 GB GPU, both together want 40 GB (A100/H100)"),
        Profile("qwen2.5-7b", None, "Qwen/Qwen2.5-7B-Instruct", judge="meta-llama/Llama-3.1-8B-Instruct", gpu_gib=24.0,
                note="Part II's main model"),
        Profile("gemma-2-9b", None, "google/gemma-2-9b-it", judge="Qwen/Qwen2.5-7B-Instruct", gpu_gib=28.0),
    ]
}


def profile(key: str = "organism") -> Profile:
    """The profile named by BOOK_PROFILE if set, else `key`."""
    key = os.environ.get("BOOK_PROFILE", key)
    if key not in PROFILES:
        raise BadInput(f"unknown model profile {key!r}; choose one of {', '.join(PROFILES)}")
    return PROFILES[key]
