"""Profiles for every Colab tier: parts, GPU memory from the published configurations, and clear errors."""
import pytest
import torch

from lib import models, profiles, standin
from lib.errors import BadInput

GIB = 2**30


def test_parameter_counts_are_the_model_cards():
    # the totals the model cards and papers state: 8.03B, 7.62B, 1.54B, 2.61B, 9.24B, 3.82B
    expected = {"meta-llama/Llama-3.1-8B": 8_030_261_248, "Qwen/Qwen2.5-7B-Instruct": 7_615_616_512,
                "Qwen/Qwen2.5-1.5B-Instruct": 1_543_714_304, "google/gemma-2-2b": 2_614_341_888,
                "google/gemma-2-9b-it": 9_241_705_984, "microsoft/Phi-3.5-mini-instruct": 3_821_079_552}
    for model_id, total in expected.items():
        assert standin.parameter_counts(model_id)["total"] == total, model_id
    for spec in models.REGISTRY.values():
        if not spec.name.startswith("organism"):
            cfg = standin.published(spec.name)
            assert (cfg.num_hidden_layers, cfg.hidden_size) == (spec.n_layers, spec.d_model), spec.name


def test_gpu_memory_is_the_largest_model_one_at_a_time_plus_working_memory_and_saes():
    llama = 8_030_261_248 * 2 / GIB  # bf16 on an L4
    assert profiles.gpu_gib("02_direction", "llama-3.1-8b") == 18  # 14.96 x 1.2 = 17.95
    qwen_judge = 7_615_616_512 * 2 / GIB
    assert llama > qwen_judge  # the judge is loaded after the models, never beside them
    assert profiles.gpu_gib("06_bypass", "llama-3.1-8b") == 18
    # Gemma-2 on a T4 (no bf16) runs in float32; 04_sae keeps the base SAE and the aligned model's (Gemma Scope twice)
    gemma32 = 2_614_341_888 * 4 / GIB
    scope = (2 * 2304 * 16384 + 2 * 16384 + 2304) * 4 / GIB
    assert profiles.gpu_gib("04_sae", "gemma-2-2b") == int(-(-(gemma32 + 0.2 * gemma32 / 2 + 2 * scope) // 1)) == 12
    assert profiles.gpu_gib("04_sae", "gemma-2-2b", tier="L4") == 7  # bf16 halves the weights
    # 4-bit NF4: the decoder blocks' linear weights at 4.127 bits, embeddings and lm_head in 16 bits
    counts = standin.parameter_counts("meta-llama/Llama-3.1-8B")
    q4 = (counts["linear_in_layers"] * 4.127 / 8 + (counts["total"] - counts["linear_in_layers"]) * 2) / GIB
    assert abs(profiles.weights_gib("meta-llama/Llama-3.1-8B", quantize="4bit") - q4) < 1e-9 and 5.2 < q4 < 5.5
    assert profiles.gpu_gib("organism") == 0 and profiles.gpu_gib("01_values_data") == 0


def test_each_part_has_a_free_t4_profile_whose_every_chapter_fits():
    for part in ("I", "II"):
        key = profiles.free_profile(part)
        assert profiles.PROFILES[key].target == "T4" and profiles.PROFILES[key].quantize is None
        stems = [s for s, c in profiles.CHAPTERS.items() if c.roles and c.part in (part, None)]
        needs = {s: profiles.gpu_gib(s, key) for s in stems}
        assert needs and max(needs.values()) <= 15, (key, needs)
        assert all(profiles.tier_for(s, key) == "T4" for s in stems)
    assert profiles.free_profile("I") == "gemma-2-2b" and profiles.free_profile("II") == "qwen2.5-1.5b"
    # the papers' 8B models need an L4 in bf16 and fit a T4 in 4 bits
    assert profiles.tier_for("05_steering", "llama-3.1-8b") == "L4"
    assert profiles.tier_for("05_steering", "llama-3.1-8b-4bit") == "T4"
    table = profiles.table()
    assert table.loc["gemma-2-2b", "smallest GPU"] == "T4" and table.loc["gemma-2-9b", "smallest GPU"] == "L4"
    assert table.loc["llama-3.1-8b", "most GPU GiB"] == profiles.PROFILES["llama-3.1-8b"].gpu_gib == 21


def test_a_profile_of_the_other_part_gives_one_clear_error(monkeypatch):
    monkeypatch.delenv("BOOK_PROFILE", raising=False)
    with pytest.raises(BadInput, match=r"profile 'qwen2.5-7b' cannot run 02_direction, a chapter of Part I: The "
                                       r"Neutral Mask: it has no base model .* Profiles that fit: organism, "
                                       r"gemma-2-2b, llama-3.1-8b, llama-3.1-8b-4bit\."):
        profiles.for_chapter("02_direction", "qwen2.5-7b")
    with pytest.raises(BadInput, match="cannot run 02_responses, a chapter of Part II.*qwen2.5-1.5b"):
        profiles.for_chapter("02_responses", "gemma-2-2b")
    monkeypatch.setenv("BOOK_PROFILE", "qwen2.5-1.5b")  # the override is checked too
    with pytest.raises(BadInput, match="profile 'qwen2.5-1.5b' cannot run 05_steering"):
        profiles.for_chapter("05_steering", "organism")
    assert profiles.for_chapter("03_value_vectors").key == "qwen2.5-1.5b"
    assert profiles.for_chapter("residual_stream").key == "qwen2.5-1.5b"  # a chapter of no part runs anywhere
    with pytest.raises(BadInput, match="no entry for chapter '99_x'"):
        profiles.for_chapter("99_x")
    with pytest.raises(BadInput, match="cannot run 04_sae"):
        profiles.gpu_gib("04_sae", "qwen2.5-7b")


def test_dtype_follows_the_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: (7, 5))  # a T4
    gemma, llama = models.REGISTRY["google/gemma-2-2b"], models.REGISTRY["meta-llama/Llama-3.1-8B"]
    assert models.default_dtype("cuda", llama) == torch.float16
    assert models.default_dtype("cuda", gemma) == torch.float32  # Gemma-2 overflows float16
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: (8, 0))  # an A100
    assert models.default_dtype("cuda", gemma) == models.default_dtype("cuda", llama) == torch.bfloat16
    assert models.default_dtype("cpu", llama) == torch.float32


def test_out_of_memory_while_loading_is_one_sentence_with_advice(monkeypatch):
    from transformers import AutoModelForCausalLM

    from lib.errors import OutOfMemory

    def oom(*args, **kwargs):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 500.00 MiB")

    monkeypatch.setattr(AutoModelForCausalLM, "from_pretrained", oom)
    monkeypatch.setattr(torch.cuda, "mem_get_info", lambda device=None: (3 * GIB, 15 * GIB))
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    standin.use("tiny")
    try:
        with pytest.raises(OutOfMemory, match=r"out of GPU memory while loading meta-llama/Llama-3.1-8B \(its weights "
                                              r"alone take about 15.0 GiB\); this GPU has 3.0 of 15.0 GiB free.*-4bit"):
            models.load("meta-llama/Llama-3.1-8B", device="cpu", dtype=torch.bfloat16)
    finally:
        standin.use(None)


def test_readme_shows_the_tier_table_lib_computes():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert profiles.tier_markdown() in readme, "run `python -m lib.profiles table` and paste it into README.md"


def test_need_sentence_names_the_papers_the_free_and_the_running_profile():
    org = profiles.PROFILES["organism"]
    assert profiles.need_sentence("01_values_data", org) == "This chapter loads no model."
    s = profiles.need_sentence("04_sae", org)
    assert "`llama-3.1-8b` 21 GiB (L4), `gemma-2-2b` 12 GiB (T4)." in s and "-4bit" not in s
    s = profiles.need_sentence("04_sae", profiles.PROFILES["llama-3.1-8b-4bit"])
    assert s.endswith("`gemma-2-2b` 12 GiB (T4), `llama-3.1-8b-4bit` 12 GiB (T4).")
    assert "`qwen2.5-7b` 18 GiB (L4), `qwen2.5-1.5b` 9 GiB (T4)." in profiles.need_sentence("02_responses", org)
