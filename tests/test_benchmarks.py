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
    assert small.hidden_size // small.num_attention_heads == 8 and small.hidden_size < 100
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


def test_tiny_smoke_run_writes_every_key_with_finite_positive_throughputs(tmp_path):
    import time

    t0 = time.perf_counter()
    r = _smoke(tmp_path, "llama")
    assert time.perf_counter() - t0 < 60
    for key in ("device", "versions", "model_config", "batch", "seq_len", "extract_ratio_vs_hf",
                "extract_ratio_single_layer_vs_hf", "truncated_speedup_vs_hf_full", "steer_generate_ratio_vs_hf",
                "peak_gib_16gb_budget_extract", "transformer_lens_error", "pipeline", "goals_met"):
        assert key in r, key
    assert r["device"] == "cpu" and r["tiny"] and r["errors"] == {} and r["transformer_lens_error"] is None
    assert set(r["versions"]) >= {"torch", "transformers", "nnsight", "sae_lens"}
    assert r["model_config"]["config_class"] == "LlamaConfig" and r["model_config"]["rope_type"] == "llama3"
    throughputs = {**r["tokens_per_s"], **r["new_tokens_per_s"], **r["rows_per_s"]}
    assert set(throughputs) == {"hf_forward", "collect_layer", "collect_all_layers", "hf_generate",
                                "steered_generate", "hf_generate_static", "steered_generate_static",
                                "sae_lib_encode", "sae_baseline", "sae_lib_encode_to_cpu", "sae_lib_encode_16_features",
                                "transformer_lens_run_with_cache", "transformer_lens_stop_at_layer"}
    assert all(math.isfinite(v) and v > 0 for v in throughputs.values())
    for ratio in ("extract_ratio_vs_hf", "truncated_speedup_vs_hf_full", "steer_generate_ratio_vs_hf"):
        assert math.isfinite(r[ratio]) and r[ratio] > 0
    assert r["extract_ratio_vs_hf"] == pytest.approx(r["tokens_per_s"]["collect_all_layers"]
                                                     / r["tokens_per_s"]["hf_forward"])
    assert r["peak_gib_16gb_budget_extract"] is None  # no GPU, no memory numbers
    # what the numbers rest on: collect = a forward hook, fixed step counts, lib's SAE encode = the bare one
    assert r["checks"]["collect_max_abs_diff_vs_hf"] < 1e-5
    assert r["checks"]["hf_generate_new_tokens"] == r["new_tokens"] == 8
    assert r["checks"]["steered_min_words"] == 8
    # float32 on the CPU: the static cache gives the dynamic cache's tokens, and the steering hook changes them
    assert r["checks"]["steered_static_same_text_fraction"] == r["checks"]["hf_static_same_text_fraction"] == 1.0
    assert r["checks"]["steering_changes_static_output_fraction"] > 0.5
    assert r["checks"]["sae_max_abs_diff_vs_baseline"] < 1e-5
    assert r["checks"]["transformer_lens_cache_shape"] == [4, 32, 64]
    steps = r["pipeline"]["steps"]
    assert r["pipeline"]["ok"] and steps["collect_mean"]["shape"] == [4, 1, 64]
    assert steps["diff_in_means"]["shape"] == [1, 64] and steps["sae_encode"]["shape"] == [4, 512]


def test_tiny_qwen_runs_the_part_two_pipeline(tmp_path):
    r = _smoke(tmp_path, "qwen", "--repeats", "1", "--warmup", "0")
    assert r["errors"] == {} and r["model_config"]["config_class"] == "Qwen2Config"
    steps = r["pipeline"]["steps"]
    assert r["pipeline"]["name"] == "part2_value_mechanisms" and r["pipeline"]["ok"]
    assert steps["collect_intrinsic"]["shape"] == steps["collect_prompted"]["shape"] == [4, 1, 56]
    assert steps["value_vectors_int"]["shape"] == [10, 1, 56]
    assert steps["classify_neurons"]["w_out_shape"] == [296, 56] and steps["classify_neurons"]["shape"] == [3]
    assert r["checks"]["collect_max_abs_diff_vs_hf"] < 1e-5


def test_tiny_results_must_not_look_like_gpu_results(tmp_path):
    from benchmarks import gpu_real_arch

    with pytest.raises(SystemExit, match="_tiny_cpu.json"):
        gpu_real_arch.main(["--model", "llama", "--tiny", "--out", str(tmp_path / "llama_h100.json")])
