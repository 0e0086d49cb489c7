"""The one setting every chapter reads: which models to run on, and what GPU that takes.

`MODEL_PROFILE = "organism"` runs anywhere on a CPU in minutes. The real profiles run on a GPU, one model at a
time (`lib.models.one_at_a_time`): a chapter's answers are generated and cached, the model is released, then the
LLM judge is loaded. So the GPU a chapter needs is its largest single model (plus a fifth for activations and
caches) and the SAEs it keeps, computed from the published configurations (`gpu_gib`), never typed:

    free Colab T4 (15 GiB, no bf16)   "gemma-2-2b" (Part I), "qwen2.5-1.5b" (Part II), and the 8B models in 4 bits
                                      ("llama-3.1-8b-4bit", "qwen2.5-7b-4bit")
    L4 (22 GiB) / A100 40 GB          the papers' models: "llama-3.1-8b" (Part I and II), "qwen2.5-7b",
                                      "gemma-2-9b" (Part II)

`for_chapter(stem, key)` is what a chapter's setup cell calls: it applies the BOOK_PROFILE override and refuses a
profile of the other part with one sentence naming those that fit. `table()` is the tier table README shows.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass

from lib.errors import BadInput

PARTS = {"I": "Part I: The Neutral Mask", "II": "Part II: Dual mechanisms of value expression"}


@dataclass(frozen=True)
class Tier:
    """A GPU a reader can get: its usable memory (GiB) and whether it computes in bfloat16 natively."""

    name: str
    gib: float
    bf16: bool
    where: str


TIERS = (
    Tier("T4", 15.0, False, "free Colab"),
    Tier("L4", 22.0, True, "Colab Pro"),
    Tier("A100 40GB", 40.0, True, "Colab Pro"),
    Tier("H100 80GB", 80.0, True, "Colab Pro / cloud"),
)
TIER_BY_NAME = {t.name: t for t in TIERS}


@dataclass(frozen=True)
class Profile:
    """Models and defaults for one run of the book.

    base / aligned: registry names (Part I compares them; Part II uses `aligned`). judge: "lexicon" (the organism's
    scorer) or the Hugging Face id of an LLM judge. parts: the parts this profile can run ("I" needs a base model).
    saes: {role: sae-lens release (`lib.sae.RELEASES`)} for Part I's SAE chapters. layer: the layer Part I fixes on
    this model (the companion study's 18 on Llama), None to choose it by the chapters' rule. quantize: "4bit" /
    "8bit" (bitsandbytes) for every model of the profile. target: the tier it is sized for.
    """

    key: str
    base: str | None
    aligned: str
    judge: str = "lexicon"
    parts: tuple[str, ...] = ("I", "II")
    saes: tuple[tuple[str, str], ...] = ()
    layer: int | None = None
    quantize: str | None = None
    target: str = "L4"
    is_organism: bool = False
    note: str = ""

    @property
    def gpu_gib(self) -> int:
        """The most GPU memory any chapter of its parts needs on this profile (GiB, on its target tier)."""
        return max((gpu_gib(stem, self.key) for stem, ch in CHAPTERS.items() if ch.part in self.parts + (None,)),
                   default=0)

    @property
    def label(self) -> str:
        """How saved results name this run: the aligned model, and the quantisation if any."""
        return self.aligned + (f" ({self.quantize}, bitsandbytes)" if self.quantize else "")

    def sae_release(self, role: str) -> str | None:
        return dict(self.saes).get(role)

    def model_id(self, role: str) -> str:
        if role not in ("base", "aligned", "judge"):
            raise BadInput(f"role must be 'base', 'aligned' or 'judge'; got {role!r}")
        name = getattr(self, role)
        if role == "base" and name is None:
            raise BadInput(f"profile {self.key!r} has no base model (it is for Part II); Part I profiles: "
                           f"{', '.join(fitting('I'))}")
        if role == "judge" and name == "lexicon":
            raise BadInput(f"profile {self.key!r} scores text with the lexicon, not an LLM judge")
        return name

    def load(self, role: str, **kwargs):
        """`lib.models.load` of this profile's `role` ("base", "aligned", "judge"), with its quantisation. A Part II
        profile has no base model: its "base" is the aligned model where a chapter runs on any profile."""
        from lib import models

        if role == "base" and self.base is None and self.is_organism is False:
            role = "aligned"
        return models.load(self.model_id(role), quantize=self.quantize, **kwargs)

    def judge_model(self):
        """The LLM judge as a model whose weights load at its first use (after the chapter's answers are generated;
        loading it releases the other model), one per process; None where the lexicon judges (the organism)."""
        if self.judge == "lexicon":
            return None
        if self.key not in _JUDGES:
            _JUDGES[self.key] = self.load("judge", lazy=True)
        return _JUDGES[self.key]

    @property
    def scorer(self) -> str:
        """"lexicon" for the organism, "llm" for a real profile (the `judge=` argument of lib's scoring functions)."""
        return "lexicon" if self.judge == "lexicon" else "llm"


_JUDGES: dict = {}  # profile key -> its lazily loaded judge
_LLAMA, _LLAMA_IT = "meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B-Instruct"
_QWEN7, _PHI = "Qwen/Qwen2.5-7B-Instruct", "microsoft/Phi-3.5-mini-instruct"
_LLAMA_SAES = (("base", "llama_scope_lxr_8x"), ("aligned", "goodfire-llama-3.1-8b-instruct"))
PROFILES: dict[str, Profile] = {
    p.key: p
    for p in [
        Profile("organism", "organism-base", "organism-aligned", is_organism=True, target="CPU",
                note="the bundled model organism: tiny Llama-architecture pair trained on CPU by lib.organism"),
        Profile("gemma-2-2b", "google/gemma-2-2b", "google/gemma-2-2b-it", judge=_PHI, parts=("I",),
                saes=(("base", "gemma-scope-2b-pt-res-canonical"), ("aligned", "gemma-scope-2b-pt-res-canonical")),
                target="T4", note="a small real base/instruct pair for a free T4; Gemma Scope's base SAEs read both "
                                  "models (Gemma Scope has no SAE trained on gemma-2-2b-it)"),
        Profile("qwen2.5-1.5b", None, "Qwen/Qwen2.5-1.5B-Instruct", judge=_PHI, parts=("II",), target="T4",
                note="Part II on a free T4: an ungated, Apache-2.0 chat model; the MIT-licensed Phi-3.5-mini judges"),
        Profile("llama-3.1-8b", _LLAMA, _LLAMA_IT, judge=_QWEN7, saes=_LLAMA_SAES, layer=18, target="L4",
                note="the Neutral Mask paper's models (Part II also runs on the Instruct model)"),
        Profile("llama-3.1-8b-4bit", _LLAMA, _LLAMA_IT, judge=_QWEN7, saes=_LLAMA_SAES, layer=18, quantize="4bit",
                target="T4", note="the paper's models in 4-bit NF4 (bitsandbytes) for a T4: results are labelled "
                                  "4bit and differ a little from bf16 ones"),
        Profile("qwen2.5-7b", None, _QWEN7, judge=_LLAMA_IT, parts=("II",), target="L4",
                note="Part II's main model"),
        Profile("qwen2.5-7b-4bit", None, _QWEN7, judge=_LLAMA_IT, parts=("II",), quantize="4bit", target="T4",
                note="Part II's main model in 4-bit NF4 (bitsandbytes) for a T4"),
        Profile("gemma-2-9b", None, "google/gemma-2-9b-it", judge=_QWEN7, parts=("II",), target="L4",
                note="Part II's third model"),
    ]
}


def profile(key: str = "organism") -> Profile:
    """The profile named by BOOK_PROFILE if set, else `key`."""
    key = os.environ.get("BOOK_PROFILE", key)
    if key not in PROFILES:
        raise BadInput(f"unknown model profile {key!r}; choose one of {', '.join(PROFILES)}")
    return PROFILES[key]


def fitting(part: str | None, gib: float | None = None) -> list[str]:
    """Keys of the profiles that can run `part` ("I", "II"; None: any), within `gib` GiB if given."""
    out = []
    for key, p in PROFILES.items():
        if part is not None and part not in p.parts:
            continue
        if gib is not None and not p.is_organism and p.gpu_gib > gib:
            continue
        out.append(key)
    return out


def for_chapter(stem: str, key: str = "organism") -> Profile:
    """The profile a chapter runs on: BOOK_PROFILE if set, else `key`; one clear error if it cannot run `stem`."""
    prof = profile(key)
    chapter = _chapter(stem)
    if chapter.part is not None and chapter.part not in prof.parts:
        why = ("it has no base model to compare with its aligned one" if chapter.part == "I"
               else "it is not one of this part's models")
        raise BadInput(f"profile {prof.key!r} cannot run {stem}, a chapter of {PARTS[chapter.part]}: {why}. "
                       f"Profiles that fit: {', '.join(fitting(chapter.part))}.")
    return prof


# ---------------------------------------------------------------- GPU memory per chapter

@dataclass(frozen=True)
class Chapter:
    """What one chapter loads on a real profile.

    part: "I", "II" or None (runs on any profile; uses the base model if the profile has one, else the aligned).
    roles: the models it uses, one at a time ("base", "aligned", "judge"). saes: the roles whose SAE it keeps on
    the GPU throughout. what: the sentence its page shows.
    """

    part: str | None
    roles: tuple[str, ...] = ()
    saes: tuple[str, ...] = ()
    what: str = ""


WORKING_MEMORY = 0.2  # activations, saved layers and KV cache on top of a model's weights: a fifth of its 16-bit size
_PART_II = dict(part="II", roles=("aligned", "judge"), what="the chat model, then the LLM judge")
CHAPTERS: dict[str, Chapter] = {
    "residual_stream": Chapter(None, ("base",), what="one model"),
    "organism": Chapter(None, what="the organism only"),
    "01_data": Chapter("I", ("base", "aligned", "judge"), what="each model in turn, then the LLM judge"),
    "02_direction": Chapter("I", ("base", "aligned"), what="each model in turn"),
    "03_variance": Chapter("I", ("base", "aligned", "judge"), what="each model in turn, then the LLM judge"),
    "04_sae": Chapter("I", ("base", "aligned"), ("base", "aligned"),
                      what="each model in turn beside the base model's SAE and the aligned model's SAE"),
    "05_steering": Chapter("I", ("base", "aligned", "judge"), ("base",),
                           what="each model in turn beside the base model's SAE, then the LLM judge"),
    "06_bypass": Chapter("I", ("aligned", "judge"), what="the aligned model, then the LLM judge"),
    "01_values_data": Chapter("II", what="data only"),
    **{stem: Chapter(**_PART_II) for stem in ("02_responses", "03_value_vectors", "04_axes", "05_neurons",
                                              "06_diversity", "07_languages", "08_circumplex", "09_compliance")},
}
CHAPTER_GPU = CHAPTERS  # the name earlier code used


def _chapter(stem: str) -> Chapter:
    if stem not in CHAPTERS:
        raise BadInput(f"no entry for chapter {stem!r} in lib.profiles.CHAPTERS (known: {', '.join(CHAPTERS)})")
    return CHAPTERS[stem]


def _tier(name: str) -> Tier:
    if name not in TIER_BY_NAME:
        raise BadInput(f"unknown GPU tier {name!r}; choose one of {', '.join(TIER_BY_NAME)}")
    return TIER_BY_NAME[name]


def weights_gib(model_id: str, *, bf16: bool = True, quantize: str | None = None) -> float:
    """GiB of one model's weights on a GPU: 16-bit where it is safe (bf16 on Ampere+, else fp16), float32 for
    Gemma-2 without bf16; with bitsandbytes, the decoder blocks' linear weights in 4 bits (NF4 with double
    quantisation: 4.127 bits) or 8 bits (+ a float32 scale per row, ~1%), the rest in 16 bits."""
    from lib import models, standin

    spec = models.REGISTRY.get(model_id)
    counts = standin.parameter_counts(model_id)
    width = 2.0 if (bf16 or spec is None or spec.fp16_safe) else 4.0
    if quantize is None:
        return counts["total"] * width / 2**30
    per = {"4bit": 4.127 / 8, "8bit": 1.01}[quantize]
    rest = counts["total"] - counts["linear_in_layers"]
    return (counts["linear_in_layers"] * per + rest * 2.0) / 2**30


def sae_gib(release: str) -> float:
    """GiB of one SAE of `release` in float32 (encoder and decoder matrices, biases, thresholds)."""
    from lib import sae

    spec = sae.RELEASES[release]
    return (2 * spec.d_in * spec.d_sae + 2 * spec.d_sae + spec.d_in) * 4 / 2**30


def gpu_gib(chapter: str, profile_key: str | None = None, tier: str | None = None) -> int:
    """GPU memory (GiB, rounded up) `chapter` needs on a real profile (default: the one its page names).

    The largest of its models, one at a time (`weights_gib` on `tier`'s number format, default the profile's target
    tier), plus `WORKING_MEMORY` of that model's 16-bit size, plus the SAEs it keeps. 0 for a chapter that loads no
    real model or for the organism.
    """
    need = _chapter(chapter)
    key = profile_key or default_profile(chapter)
    if key is None or not need.roles:
        return 0
    if key not in PROFILES:
        raise BadInput(f"unknown model profile {key!r}; choose one of {', '.join(PROFILES)}")
    prof = PROFILES[key]
    if prof.is_organism:
        return 0
    if need.part is not None and need.part not in prof.parts:
        raise BadInput(f"profile {key!r} cannot run {chapter} ({PARTS[need.part]}); profiles that fit: "
                       f"{', '.join(fitting(need.part))}")
    bf16 = _tier(tier or prof.target).bf16
    peak = 0.0
    for role in need.roles:
        model_id = prof.aligned if (role == "base" and prof.base is None) else getattr(prof, role)
        if model_id == "lexicon":
            continue
        full = weights_gib(model_id, bf16=True)
        peak = max(peak, weights_gib(model_id, bf16=bf16, quantize=prof.quantize) + WORKING_MEMORY * full)
    saes = sum(sae_gib(prof.sae_release(role)) for role in need.saes if prof.sae_release(role))
    return int(math.ceil(peak + saes))


def tier_for(chapter: str, profile_key: str) -> str:
    """The smallest tier on which `chapter` fits on this profile ("CPU" for the organism or a chapter without a
    model), measured with that tier's own number format."""
    if PROFILES[profile_key].is_organism or not _chapter(chapter).roles:
        return "CPU"
    for tier in TIERS:
        if gpu_gib(chapter, profile_key, tier.name) <= tier.gib:
            return tier.name
    return "none"


def default_profile(chapter: str) -> str | None:
    """The real profile a chapter's page names: Part I and 09_compliance the Llama pair, Part II Qwen2.5-7B."""
    need = _chapter(chapter)
    if not need.roles:
        return None
    return "llama-3.1-8b" if need.part in ("I", None) or chapter == "09_compliance" else "qwen2.5-7b"


def free_profile(part: str | None) -> str:
    """The profile of `part` made for a free T4 in 16 bits (no quantisation): gemma-2-2b, qwen2.5-1.5b."""
    for key, p in PROFILES.items():
        if p.target == "T4" and p.quantize is None and (part is None or part in p.parts):
            return key
    raise BadInput(f"no free-T4 profile for part {part!r}")


def need_sentence(chapter: str, prof: Profile) -> str:
    """One markdown sentence on the GPU `chapter` needs: on the paper's profile, on the free-T4 profile of its part,
    and on `prof` when that is another real profile. Empty for a chapter that loads no model."""
    need = _chapter(chapter)
    if not need.roles:
        return "This chapter loads no model."
    paper = default_profile(chapter)
    free = free_profile(need.part)
    keys = [paper, free] + ([prof.key] if not prof.is_organism and prof.key not in (paper, free) else [])
    parts = [f"`{k}` {gpu_gib(chapter, k)} GiB ({tier_for(chapter, k)})" for k in keys]
    what = need.what or "its models"
    return (f"GPU memory this chapter needs ({what}; computed by `lib.profiles.gpu_gib`): "
            + ", ".join(parts) + ".")


def chapter_needs(chapter: str) -> "pd.DataFrame":
    """One row per real profile that can run `chapter`: GPU GiB on its target tier and the smallest tier it fits."""
    import pandas as pd

    need = _chapter(chapter)
    rows = [{"profile": key, "models": _models_text(p), "GPU GiB": gpu_gib(chapter, key, p.target),
             "smallest GPU": tier_for(chapter, key)}
            for key, p in PROFILES.items() if not p.is_organism and (need.part is None or need.part in p.parts)]
    return pd.DataFrame(rows).set_index("profile")


def _models_text(p: Profile) -> str:
    names = [p.base, p.aligned] if p.base else [p.aligned]
    return " + ".join(n.split("/")[-1] for n in names) + (f" ({p.quantize})" if p.quantize else "")


def table() -> "pd.DataFrame":
    """The tier table: one row per real profile, its part(s), models, judge, the most GPU memory any of its chapters
    needs, and the smallest Colab GPU that runs every chapter of its parts."""
    import pandas as pd

    rows = []
    for key, p in PROFILES.items():
        if p.is_organism:
            continue
        stems = [s for s, ch in CHAPTERS.items() if ch.roles and (ch.part is None or ch.part in p.parts)]
        order = {t.name: i for i, t in enumerate(TIERS)}
        tiers = [tier_for(s, key) for s in stems]
        rows.append({"profile": key, "parts": " + ".join(p.parts), "models": _models_text(p),
                     "judge": p.judge.split("/")[-1], "most GPU GiB": p.gpu_gib,
                     "smallest GPU": max(tiers, key=lambda t: order.get(t, len(order)))})
    return pd.DataFrame(rows).set_index("profile")


def tier_markdown() -> str:
    """The tier table as markdown (README's "Which profile?" section; tests/test_profiles.py keeps them equal):
    for each GPU, the profiles on which every chapter of the part fits it (4-bit ones listed for the T4 only)."""
    lines = ["| GPU (Colab) | memory | Part I profiles | Part II profiles |", "|---|---|---|---|"]
    order = {t.name: i for i, t in enumerate(TIERS)}
    smallest = table()["smallest GPU"]
    for tier in TIERS:
        cells = []
        for part in ("I", "II"):
            keys = [k for k in fitting(part) if k != "organism" and order.get(smallest[k], 99) <= order[tier.name]
                    and (PROFILES[k].quantize is None or not tier.bf16)]  # 4-bit loads are for GPUs without bf16
            cells.append(", ".join(f"`{k}`" for k in keys) or "-")
        lines.append(f"| {tier.name} ({tier.where}) | {tier.gib:g} GiB | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["table"]:
        print("usage: python -m lib.profiles table   # the tier table README shows", file=sys.stderr)
        raise SystemExit(2)
    print(tier_markdown())
