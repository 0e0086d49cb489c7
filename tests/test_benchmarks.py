"""benchmarks/: the published configs, their tiny look-alikes, the synthetic tokenizer, and a CPU smoke run."""
import json
import math
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import configs  # noqa: E402

import lib.models  # noqa: E402
from lib import standin  # noqa: E402


@pytest.mark.parametrize("name", ["llama", "qwen"])
def test_the_benchmark_configs_are_lib_standins(name):
    """The fields are written once, in lib.standin.PUBLISHED: published configs are the stand-ins' own, tiny ones
    differ from lib.standin.tiny only in the synthetic tokenizer's vocabulary and special ids."""
    full = configs.ALIASES[name]
    assert configs.published(name).to_dict() == standin.published(full).to_dict()
    mine, book = configs.tiny(name).to_dict(), standin.tiny(full, vocab_size=configs.TINY_VOCAB).to_dict()
    tokens = {"bos_token_id", "eos_token_id", "pad_token_id"}
    assert {k: v for k, v in mine.items() if k not in tokens} == {k: v for k, v in book.items() if k not in tokens}
    specials = configs.special_ids(configs.tiny(name))
    assert mine["eos_token_id"] == specials["eos"][0] and mine["pad_token_id"] is None
    # Qwen's published bos id is <|endoftext|>, which this tokenizer holds as its pad token
    assert mine["bos_token_id"] == specials["bos" if name == "llama" else "pad"][0]


def test_llama_config_matches_the_model_card():
    c = configs.published("llama")
    assert type(c).__name__ == "LlamaConfig" and c.name_or_path == "meta-llama/Llama-3.1-8B"
    assert (c.num_hidden_layers, c.hidden_size, c.intermediate_size) == (32, 4096, 14336)
    assert (c.num_attention_heads, c.num_key_value_heads, c.vocab_size) == (32, 8, 128256)
    assert (c.max_position_embeddings, c.rms_norm_eps) == (131072, 1e-5)
    assert (c.bos_token_id, c.eos_token_id) == (128000, 128001)
    assert c.rope_parameters == {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                 "high_freq_factor": 4.0, "original_max_position_embeddings": 8192,
                                 "rope_theta": 500000.0}
    assert not c.attention_bias and not c.tie_word_embeddings and c.hidden_act == "silu"


def test_qwen_config_matches_the_model_card():
    c = configs.published("Qwen/Qwen2.5-7B-Instruct")
    assert type(c).__name__ == "Qwen2Config" and c.name_or_path == "Qwen/Qwen2.5-7B-Instruct"
    assert (c.num_hidden_layers, c.hidden_size, c.intermediate_size) == (28, 3584, 18944)
    assert (c.num_attention_heads, c.num_key_value_heads, c.vocab_size) == (28, 4, 152064)
    assert (c.max_position_embeddings, c.rms_norm_eps) == (32768, 1e-6)
    assert c.rope_parameters["rope_theta"] == 1e6 and c.rope_parameters["rope_type"] == "default"
    assert (c.bos_token_id, c.eos_token_id) == (151643, 151645)
    assert not c.use_sliding_window and not c.tie_word_embeddings


def test_parameter_counts_are_the_published_sizes():
    """n_params from the config alone (meta device, no memory): 8.03B for Llama-3.1-8B, 7.62B for Qwen2.5-7B."""
    for name, billions in (("llama", 8.03), ("qwen", 7.62)):
        hf = configs.build_model(configs.published(name), "meta", torch.bfloat16)
        assert round(sum(p.numel() for p in hf.parameters()) / 1e9, 2) == billions


@pytest.mark.parametrize("name", ["llama", "qwen"])
def test_tiny_configs_keep_the_structure(name):
    full, small = configs.published(name), configs.tiny(name)
    assert type(small) is type(full)
    group = lambda c: c.num_attention_heads // c.num_key_value_heads  # noqa: E731
    assert group(small) == group(full)
    assert small.rope_parameters["rope_type"] == full.rope_parameters["rope_type"]
    assert small.rope_parameters["rope_theta"] == full.rope_parameters["rope_theta"]
    head_dim = small.hidden_size // small.num_attention_heads
    assert head_dim in (standin.TINY_HEAD_DIM, 2 * standin.TINY_HEAD_DIM) and small.hidden_size <= 512
    assert abs(small.intermediate_size / small.hidden_size - full.intermediate_size / full.hidden_size) < 0.02
    hf = configs.build_model(small, "cpu", torch.float32)
    attn = hf.model.layers[0].self_attn
    assert (attn.q_proj.bias is not None) == (name == "qwen")  # Qwen2's q/k/v biases are built in
    assert attn.k_proj.out_features * small.num_attention_heads // small.num_key_value_heads == small.hidden_size


def test_full_size_tokenizer_has_the_published_vocabulary_and_special_ids():
    tok = configs.tokenizer(configs.published("llama"))
    assert len(tok) == 128256
    assert (tok.bos_token_id, tok.eos_token_id) == (128000, 128001)
    assert tok.convert_tokens_to_ids("<|eot_id|>") == configs.EOT_ID
    ids = tok("t5 t127999 t42").input_ids
    assert ids == [128000, 5, 127999, 42]
    assert tok.decode(ids, skip_special_tokens=True) == "t5 t127999 t42"


@pytest.mark.parametrize("name", ["llama", "qwen"])
def test_tiny_tokenizer_texts_and_chat_template(name):
    config = configs.tiny(name)
    tok = configs.tokenizer(config)
    texts = configs.synthetic_texts(tok, config, 3, 17, seed=1)
    assert [len(x) for x in tok(texts).input_ids] == [17, 17, 17]
    assert configs.synthetic_texts(tok, config, 3, 17, seed=1) == texts
    model = lib.models.wrap(configs.build_model(config, "cpu", torch.float32), tok)
    ids = tok(model.chat("t3 t4", system="t9"), add_special_tokens=False).input_ids
    specials = configs.special_ids(config)
    assert tok.unk_token_id not in ids
    assert [3, 4] == [i for i in ids if i in (3, 4)] and 9 in ids
    assert ids.count(specials["start"][0]) == 3  # system, user, and the open assistant turn
    if name == "llama":
        assert ids[0] == config.bos_token_id and ids.count(configs.special_ids(config)["eot"][0]) == 2
    else:
        assert tok.bos_token_id is None and ids.count(config.eos_token_id) == 2


def _smoke(tmp_path, model, *extra):
    from benchmarks import gpu_real_arch

    out = tmp_path / f"{model}_tiny_cpu.json"
    result = gpu_real_arch.main(["--model", model, "--tiny", "--out", str(out), *extra])
    assert json.loads(out.read_text()) == json.loads(json.dumps(result, default=str))
    return result


@pytest.fixture(scope="module")
def llama_smoke(tmp_path_factory):
    """One CPU smoke run of every section on tiny Llama (the quantised extraction included)."""
    return _smoke(tmp_path_factory.mktemp("smoke"), "llama")  # speed is measured in benchmarks/, never asserted here


def test_tiny_smoke_run_writes_every_key_with_finite_positive_throughputs(llama_smoke):
    r = llama_smoke
    for key in ("device", "versions", "model_config", "batch", "seq_len", "extract_ratio_vs_hf",
                "extract_ratio_single_layer_vs_hf", "truncated_speedup_vs_hf_full", "steer_generate_ratio_vs_hf",
                "peak_gib_16gb_budget_extract", "transformer_lens_error", "pipeline", "goals_met"):
        assert key in r, key
    assert r["device"] == "cpu" and r["tiny"] and r["errors"] == {} and r["transformer_lens_error"] is None
    assert set(r["versions"]) >= {"torch", "transformers", "nnsight", "sae_lens"}
    assert r["model_config"]["config_class"] == "LlamaConfig" and r["model_config"]["rope_type"] == "llama3"
    throughputs = {**r["tokens_per_s"], **r["new_tokens_per_s"], **r["rows_per_s"]}
    assert set(throughputs) == {"hf_forward", "collect_layer", "collect_all_layers", "bare_hook_layer",
                                "bare_hook_all_layers", "hf_generate",
                                "steered_generate", "hf_generate_static", "steered_generate_static",
                                "sae_lib_encode", "sae_baseline", "sae_lib_encode_to_cpu", "sae_lib_encode_16_features",
                                "transformer_lens_run_with_cache", "transformer_lens_stop_at_layer"}
    assert all(math.isfinite(v) and v > 0 for v in throughputs.values())
    for ratio in ("extract_ratio_vs_hf", "truncated_speedup_vs_hf_full", "steer_generate_ratio_vs_hf",
                  "collect_ratio_vs_bare_hook", "collect_all_ratio_vs_bare_hook"):
        assert math.isfinite(r[ratio]) and r[ratio] > 0
    assert r["extract_ratio_vs_hf"] == pytest.approx(r["tokens_per_s"]["collect_all_layers"]
                                                     / r["tokens_per_s"]["hf_forward"])
    assert r["peak_gib_16gb_budget_extract"] is None  # no GPU, no memory numbers
    # what the numbers rest on: collect = a forward hook, fixed step counts, lib's SAE encode = the bare one
    assert r["checks"]["collect_max_abs_diff_vs_hf"] < 1e-5
    assert set(r["goals_met"]) >= {"collect_ratio_vs_bare_hook", "steer_generate_ratio_vs_hf", "extract_ratio_vs_hf"}
    assert r["checks"]["hf_generate_new_tokens"] == r["new_tokens"] == 8
    assert r["checks"]["steered_min_words"] == 8
    # float32 on the CPU: the static cache gives the dynamic cache's tokens, and the steering hook changes them
    assert r["checks"]["steered_static_same_text_fraction"] == r["checks"]["hf_static_same_text_fraction"] == 1.0
    assert r["checks"]["steering_changes_static_output_fraction"] > 0.5
    assert r["checks"]["sae_max_abs_diff_vs_baseline"] < 1e-5
    d = configs.tiny("llama").hidden_size
    assert r["model_config"]["d_model"] == d and r["checks"]["transformer_lens_cache_shape"] == [4, 32, d]
    steps = r["pipeline"]["steps"]
    assert r["pipeline"]["ok"] and steps["collect_mean"]["shape"] == [4, 1, d]
    assert steps["diff_in_means"]["shape"] == [1, d] and steps["sae_encode"]["shape"] == [4, 8 * d]


def test_tiny_quantized_extraction_goes_through_the_books_loader(llama_smoke):
    """bf16 vs bitsandbytes 8-bit and 4-bit, loaded by lib.models.load from a stand-in checkpoint: the same texts
    read at every layer, the cosine per layer with bf16 close to 1 (8-bit closer than 4-bit)."""
    q = llama_smoke["quantized"]
    n_layers = standin.tiny(configs.LLAMA).num_hidden_layers
    assert q["model"] == configs.LLAMA and q["standin"] == "tiny"
    for name in ("bf16", "8bit", "4bit"):
        assert "error" not in q[name] and q[name]["shape"] == [4, n_layers, configs.tiny("llama").hidden_size]
    for name in ("8bit", "4bit"):
        assert len(q[name]["cosine_per_layer"]) == n_layers and 0.9 < q[name]["cosine_min"] <= 1.0
    assert q["8bit"]["cosine_min"] > q["4bit"]["cosine_min"]


def test_tiny_qwen_runs_the_part_two_pipeline(tmp_path):
    r = _smoke(tmp_path, "qwen", "--repeats", "1", "--warmup", "0")
    assert r["errors"] == {} and r["model_config"]["config_class"] == "Qwen2Config"
    steps = r["pipeline"]["steps"]
    assert r["pipeline"]["name"] == "part2_value_mechanisms" and r["pipeline"]["ok"]
    c = configs.tiny("qwen")
    d = c.hidden_size
    assert steps["collect_intrinsic"]["shape"] == steps["collect_prompted"]["shape"] == [4, 1, d]
    assert steps["value_vectors_int"]["shape"] == [10, 1, d]
    assert steps["classify_neurons"]["w_out_shape"] == [c.intermediate_size, d]
    assert steps["classify_neurons"]["shape"] == [max(1, round(0.01 * c.intermediate_size))]  # top 1% kept
    assert r["checks"]["collect_max_abs_diff_vs_hf"] < 1e-5


def test_tiny_results_must_not_look_like_gpu_results(tmp_path):
    from benchmarks import gpu_real_arch

    with pytest.raises(SystemExit, match="_tiny_cpu.json"):
        gpu_real_arch.main(["--model", "llama", "--tiny", "--out", str(tmp_path / "llama_h100.json")])


# ---------------------------------------------------------------- benchmarks/gpu_book.py: chapters on stand-ins

def test_gpu_book_plans_each_profile_its_parts_chapters():
    from benchmarks import gpu_book
    from lib import profiles
    from lib.build import results

    toc = [p.stem for p in results.toc_chapters()]
    by = lambda key: [p.stem for k, p in gpu_book.plan([key]) if k == key]  # noqa: E731
    assert by("organism") == toc  # every chapter, in book order
    part2 = by("qwen2.5-1.5b")
    assert part2[0] == "residual_stream" and "organism" not in part2 and "01_values_data" not in part2
    assert {s for s in part2 if s != "residual_stream"} == {
        s for s, c in profiles.CHAPTERS.items() if c.part == "II" and c.roles}  # no model, no run
    assert set(by("llama-3.1-8b")) > set(part2) and "02_direction" in by("llama-3.1-8b")
    assert gpu_book.plan(["organism", "qwen2.5-1.5b"], ["05_neurons", "02_direction"]) == [
        ("organism", results.ROOT / "book/neutral_mask/02_direction.md"),
        ("organism", results.ROOT / "book/value_mechanisms/05_neurons.md"),
        ("qwen2.5-1.5b", results.ROOT / "book/value_mechanisms/05_neurons.md")]
    with pytest.raises(SystemExit, match="not a chapter"):
        gpu_book.plan(["organism"], ["no_such_chapter"])
    with pytest.raises(SystemExit, match="unknown profile"):
        gpu_book.plan(["gpt-5"])


def test_gpu_book_estimates_and_tiers():
    from benchmarks import gpu_book
    from lib import profiles

    prof = profiles.PROFILES["llama-3.1-8b-4bit"]
    tier = gpu_book.emulated_tier(prof, True)
    assert tier.name == prof.target == "T4" and not tier.bf16
    assert gpu_book.emulated_tier(prof, False) is None
    assert gpu_book.emulated_tier(profiles.PROFILES["organism"], True) is None
    assert gpu_book.estimate("04_sae", prof, tier) == profiles.gpu_gib("04_sae", prof.key, "T4")
    assert gpu_book.estimate("04_sae", prof, None) == profiles.gpu_gib("04_sae", prof.key, "H100 80GB")
    assert gpu_book.fits(14.9) == ["T4", "L4", "A100 40GB", "H100 80GB"] and gpu_book.fits(30.0) == ["A100 40GB",
                                                                                                     "H100 80GB"]
    assert gpu_book.fits(None) == [] and gpu_book.models_of(prof) == [prof.base, prof.aligned, prof.judge]
    assert gpu_book.models_of(prof, ["04_sae", "residual_stream"]) == [prof.base, prof.aligned]  # no judge there
    qwen = profiles.PROFILES["qwen2.5-1.5b"]
    assert gpu_book.models_of(qwen, ["residual_stream"]) == [qwen.aligned]  # no base model: it reads the aligned


def _chapter(folder, name, *cells):
    from conftest import JUPYTEXT_HEADER

    body = "".join(f"\n```{{code-cell}} ipython3\n{c}\n```\n" for c in cells)
    path = folder / f"{name}.md"
    path.write_text(JUPYTEXT_HEADER + f"\n# {name}\n" + body)
    return path


def test_gpu_book_runs_a_chapter_and_records_the_failing_cell_and_the_kernels_stats(tmp_path):
    from benchmarks import gpu_book

    env = {"BOOK_PROFILE": "qwen2.5-1.5b", "GPU_BOOK_NO_BF16": "1", "GPU_BOOK_CAP_GIB": "15"}
    ok = gpu_book.run_chapter(_chapter(
        tmp_path, "good", "import os\nassert os.environ['BOOK_PROFILE'] == 'qwen2.5-1.5b'",
        "import lib.models\nassert lib.models.has_bf16('cuda') is False  # the T4 emulation", "x = [0] * 10**7"),
        env, timeout=60)
    assert ok["status"] == "ok" and ok["error"] is None and ok["code_cells"] == ok["code_cells_run"] == 3
    assert ok["max_rss_gib"] > 0.05 and "peak_reserved_gib" not in ok and 0 < ok["seconds"] < 60
    bad = gpu_book.run_chapter(_chapter(tmp_path, "bad", "a = 1", "raise ValueError('first line\\nlast line')",
                                        "never = True"), env, timeout=60)
    assert bad["status"] == "error" and bad["code_cells_run"] == 1 and bad["max_rss_gib"] > 0  # stats after it
    assert bad["error"] == {"cell": 2, "code_cell": 2, "message": "ValueError: last line",
                            "first_line": "raise ValueError('first line\\nlast line')"}
    slow = gpu_book.run_chapter(_chapter(tmp_path, "slow", "import time\ntime.sleep(60)"), env, timeout=5)
    assert slow["status"] == "timeout" and slow["error"]["code_cell"] == 1 and slow["seconds"] < 30


def test_gpu_book_tiny_run_writes_the_results_file(tmp_path):
    from benchmarks import gpu_book

    out = tmp_path / "gpu_book_tiny_cpu.json"
    r = gpu_book.main(["--tiny", "--profiles", "organism", "--chapters", "01_values_data", "--out", str(out)])
    assert json.loads(out.read_text()) == json.loads(json.dumps(r, default=str))
    assert r["device"] == "cpu" and r["tiny"] and r["standin"] == "tiny" and r["summary"] == {"ok": 1}
    assert {"torch", "transformers", "nnsight"} <= set(r["versions"]) and r["git_commit"]
    run = r["runs"][0]
    assert (run["profile"], run["chapter"], run["status"], run["estimate_gib"]) == ("organism", "01_values_data",
                                                                                  "ok", 0)
    with pytest.raises(SystemExit, match="_tiny_cpu.json"):
        gpu_book.main(["--tiny", "--profiles", "organism", "--out", str(tmp_path / "gpu_book_h200.json")])
