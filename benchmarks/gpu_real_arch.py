"""Run `lib` on real architectures at real scale: random-init Llama-3.1-8B / Qwen2.5-7B in bf16 on one GPU.

No download: the model is built from its published config (benchmarks/configs.py) directly on the GPU in bf16, and
the token ids come from a synthetic word-level tokenizer of the full vocabulary. Speed and memory depend on the
shapes, not on trained weights. Same batch and lengths everywhere; each number is the median of `--repeats` timed
runs after `--warmup` untimed ones, with CUDA synchronised around each run; peaks are
`torch.cuda.max_memory_allocated` (reset before each measurement, weights included).

    python benchmarks/gpu_real_arch.py --model llama                       # H100/H200: full size, all sections
    python benchmarks/gpu_real_arch.py --model qwen --budget-gib 16
    python benchmarks/gpu_real_arch.py --model llama --tiny                # CPU smoke run, *_tiny_cpu.json

Sections: plain HF forward; lib.activations.collect at one layer (stops after it) and at all layers, each beside a
bare torch forward hook doing the same read; the same layer through TransformerLens run_with_cache; HF generate vs
lib.steering.generate with AddVector on every token; lib.sae.encode vs a bare JumpReLU; the memory-budget run; a
compressed Part I (llama) or Part II (qwen) pipeline; and (llama by default, `--quant`) the model loaded by the
book's own loader `lib.models.load` from a stand-in checkpoint (`lib.standin`) in bf16, 8-bit and 4-bit
(bitsandbytes, float16 compute as on a T4): weights, peak memory and seconds of reading every layer, and the cosine
per layer of the quantised activations with the bf16 ones.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.metadata
import json
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import lib.activations as acts_mod  # noqa: E402
import lib.directions  # noqa: E402
import lib.models  # noqa: E402
import lib.sae  # noqa: E402
import lib.steering as steer_mod  # noqa: E402
import lib.values  # noqa: E402
from benchmarks import configs  # noqa: E402

GIB = 2 ** 30
FULL = dict(batch=32, seq=256, new_tokens=64, warmup=2)
TINY = dict(batch=4, seq=32, new_tokens=8, warmup=1)
GOALS = {"extract_ratio_vs_hf": 0.95, "truncated_speedup_vs_hf_full": 1.5, "steer_generate_ratio_vs_hf": 0.95,
         "collect_ratio_vs_bare_hook": 0.97}
T4_GIB = 15.0  # a quantised 8B model's extraction must fit a free Colab T4
VALUES = ["self_direction", "stimulation", "hedonism", "achievement", "power", "security", "conformity",
          "tradition", "benevolence", "universalism"]


class Meter:
    """Median wall time of a callable (warm-up, CUDA sync around each run) and its peak GPU memory."""

    def __init__(self, device: str, repeats: int, warmup: int):
        self.cuda, self.repeats, self.warmup = device.startswith("cuda"), repeats, warmup

    def sync(self):
        if self.cuda:
            torch.cuda.synchronize()

    def reset(self):
        if self.cuda:
            self.sync()
            torch.cuda.reset_peak_memory_stats()

    def peak(self):
        return round(torch.cuda.max_memory_allocated() / GIB, 3) if self.cuda else None

    def run(self, fn, repeats=None, warmup=None):
        """-> (median seconds, every timed run, peak GiB, the last result)."""
        self.reset()
        result = None
        for _ in range(self.warmup if warmup is None else warmup):
            result = fn()
        times = []
        for _ in range(self.repeats if repeats is None else repeats):
            self.sync()
            t0 = time.perf_counter()
            result = fn()
            self.sync()
            times.append(time.perf_counter() - t0)
        return statistics.median(times), [round(t, 5) for t in times], self.peak(), result


@contextlib.contextmanager
def patched(module, name: str, wrap):
    """Replace `module.name` by `wrap(original)` inside the block (counting calls, fixing step counts)."""
    original = getattr(module, name)
    setattr(module, name, wrap(original))
    try:
        yield
    finally:
        setattr(module, name, original)


def fixed_steps(n: int):
    """lib.steering's GenerationConfig with min_new_tokens = max_new_tokens = n: every call runs exactly n steps."""
    def wrap(original):
        def gen_kwargs(*args, **kwargs):
            out = original(*args, **kwargs)
            out["generation_config"].min_new_tokens = n
            return out
        return gen_kwargs
    return patched(steer_mod, "_gen_kwargs", wrap)


def counted(module, name: str, counter: list):
    def wrap(original):
        def f(*args, **kwargs):
            counter.append(1)
            return original(*args, **kwargs)
        return f
    return patched(module, name, wrap)


def versions() -> dict:
    out = {"python": sys.version.split()[0]}
    for dist in ("torch", "transformers", "nnsight", "sae-lens", "transformer-lens", "tokenizers"):
        try:
            out[dist.replace("-", "_")] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist.replace("-", "_")] = None
    return out


def _err(e: BaseException) -> str:
    return f"{type(e).__name__}: {str(e).splitlines()[0][:400] if str(e) else ''}"


def _step(meter, steps: dict, name: str, fn):
    """Run one pipeline step once; record shape, dtype, seconds, peak and ok/error. Returns the result or None."""
    meter.reset()
    t0 = time.perf_counter()
    try:
        res = fn()
        meter.sync()
        shape = list(res.shape) if hasattr(res, "shape") else [len(res)] if isinstance(res, (list, tuple)) else None
        steps[name] = dict(ok=True, shape=shape, dtype=str(getattr(res, "dtype", type(res).__name__)),
                           seconds=round(time.perf_counter() - t0, 4), peak_gib=meter.peak())
        return res
    except Exception as e:  # noqa: BLE001 - a failed step is a result to record
        steps[name] = dict(ok=False, error=_err(e), seconds=round(time.perf_counter() - t0, 4), peak_gib=meter.peak())
        return None


def words(rng: torch.Generator, config, n: int) -> str:
    ids = torch.randint(0, len(configs.plain_ids(config)), (n,), generator=rng)
    return " ".join(f"t{int(i)}" for i in ids)


def pipeline_part1(model, texts, layer, sae, meter, args) -> dict:
    """Part I compressed: collect -> diff_in_means (random labels) -> lib.sae.encode -> steer."""
    steps = {}
    acts = _step(meter, steps, "collect_mean", lambda: acts_mod.collect(
        model, texts, [layer], position="mean", batch_size=args.batch, max_tokens=args.seq))
    labels = [i % 2 for i in range(len(texts))]
    direction = _step(meter, steps, "diff_in_means", lambda: lib.directions.diff_in_means(acts, labels))
    _step(meter, steps, "sae_encode", lambda: lib.sae.encode(sae, acts[:, 0]))
    with fixed_steps(args.pipeline_new_tokens):
        _step(meter, steps, "steer_generate", lambda: steer_mod.generate(
            model, texts, max_new_tokens=args.pipeline_new_tokens, chat=False, batch_size=args.batch,
            interventions=[steer_mod.AddVector(layer, direction[0], alpha=8.0)]))
    return dict(name="part1_neutral_mask", steps=steps, ok=all(s["ok"] for s in steps.values()))


def pipeline_part2(model, config, layer, meter, args) -> dict:
    """Part II compressed: response_mean collect (intrinsic, prompted) -> value axes -> down_proj neurons -> steer."""
    steps, rng = {}, torch.Generator().manual_seed(1)
    n, reply = args.batch, max(4, args.seq // 2)
    pairs = [(words(rng, config, max(2, args.seq // 8)), words(rng, config, reply)) for _ in range(n)]
    system = words(rng, config, max(2, args.seq // 8))
    kw = dict(position="response_mean", batch_size=args.batch, max_tokens=2 * args.seq)
    a_int = _step(meter, steps, "collect_intrinsic", lambda: acts_mod.collect(
        model, [acts_mod.Exchange(u, r) for u, r in pairs], [layer], **kw))
    a_pr = _step(meter, steps, "collect_prompted", lambda: acts_mod.collect(
        model, [acts_mod.Exchange(u, r, system) for u, r in pairs], [layer], **kw))
    labels = torch.rand(n, len(VALUES), generator=rng) < 0.5
    labels[0], labels[1] = True, False  # every value has both classes
    v_int = _step(meter, steps, "value_vectors_int", lambda: lib.values.value_vectors(a_int, labels, VALUES))
    v_pr = _step(meter, steps, "value_vectors_prompt", lambda: lib.values.value_vectors(a_pr, labels, VALUES))
    both = _step(meter, steps, "value_axes", lambda: lib.values.value_axes(v_int, v_pr, values=VALUES))
    axes = both.at(0, 0) if both is not None else None  # value 0 at the one collected layer
    w_out = lib.values.output_weights(model, layer)  # [d_mlp, d_model] float32, on the model's device
    # the axes stay on the CPU, as a chapter has them: classify_neurons moves them to the weights (issue #17)
    _step(meter, steps, "classify_neurons", lambda: lib.values.classify_neurons(w_out, axes).kept)
    steps["classify_neurons"].update(w_out_shape=list(w_out.shape), w_out_dtype=str(w_out.dtype),
                                     w_out_device=str(w_out.device))
    with fixed_steps(args.pipeline_new_tokens):
        _step(meter, steps, "steer_generate", lambda: steer_mod.generate(
            model, [u for u, _ in pairs], max_new_tokens=args.pipeline_new_tokens, chat=True, batch_size=args.batch,
            interventions=[steer_mod.AddVector(layer, axes.u_shared.float(), alpha=8.0)]))
    return dict(name="part2_value_mechanisms", steps=steps, ok=all(s["ok"] for s in steps.values()))


class Bench:
    """One benchmark run: the model, the batch, the meter, and `out`, the JSON being filled section by section."""

    def __init__(self, args):
        self.args, self.device = args, "cpu" if args.tiny else "cuda"
        if self.device == "cuda" and not torch.cuda.is_available():
            raise SystemExit("no CUDA device: this benchmark needs an H100/H200-class GPU; "
                             "use --tiny for a CPU smoke run")
        for key, value in (TINY if args.tiny else FULL).items():
            if getattr(args, key) is None:
                setattr(args, key, value)
        args.pipeline_new_tokens = min(16, args.new_tokens)
        self.dtype = torch.float32 if args.tiny else torch.bfloat16
        self.config = config = configs.tiny(args.model) if args.tiny else configs.published(args.model)
        n_layers, full = config.num_hidden_layers, configs.published(args.model).num_hidden_layers
        self.layer = min(n_layers - 2, round(args.layer * n_layers / full)) if args.tiny else args.layer
        self.meter = Meter(self.device, args.repeats, args.warmup)
        self.out = dict(device=torch.cuda.get_device_name(0) if self.meter.cuda else "cpu", tiny=args.tiny,
                        versions=versions(), batch=args.batch, seq_len=args.seq, layer=self.layer,
                        new_tokens=args.new_tokens, repeats=args.repeats, warmup=args.warmup,
                        budget_gib=args.budget_gib if self.meter.cuda else None, tokens_per_s={},
                        new_tokens_per_s={}, rows_per_s={}, peak_gib={}, seconds={}, checks={}, errors={},
                        transformer_lens_error=None, peak_gib_16gb_budget_extract=None)
        self.hf = configs.build_model(config, self.device, self.dtype, seed=args.seed)
        rope = getattr(config, "rope_parameters", None) or {}
        self.out["model_config"] = dict(
            name=config.name_or_path, config_class=type(config).__name__, n_layers=n_layers,
            d_model=config.hidden_size, d_mlp=config.intermediate_size, n_heads=config.num_attention_heads,
            n_kv_heads=config.num_key_value_heads, vocab_size=config.vocab_size, rope_type=rope.get("rope_type"),
            rope_theta=rope.get("rope_theta"), n_params=sum(p.numel() for p in self.hf.parameters()),
            dtype=str(self.dtype), attn_implementation=getattr(config, "_attn_implementation", None))
        self.out["peak_gib"]["weights"] = round(torch.cuda.memory_allocated() / GIB, 3) if self.meter.cuda else None
        self.model = lib.models.wrap(self.hf, configs.tokenizer(config), name=config.name_or_path)
        self.texts = configs.synthetic_texts(self.model.tokenizer, config, args.batch, args.seq, seed=args.seed)
        enc = self.model.tokenizer(self.texts, return_tensors="pt")
        self.ids, self.mask = enc.input_ids.to(self.device), enc.attention_mask.to(self.device)
        if self.ids.shape != (args.batch, args.seq):
            raise RuntimeError(f"synthetic batch has shape {tuple(self.ids.shape)}, wanted {(args.batch, args.seq)}")
        self.n_tok = args.batch * args.seq
        vector = torch.randn(config.hidden_size, generator=torch.Generator().manual_seed(args.seed))
        self.vector = 4.0 * vector / vector.norm()

    def measure(self, section: str, fn, unit: str, count: int):
        """Time `fn`; store count/s under out[unit][section], its peak and raw seconds. Returns fn's last result."""
        try:
            sec, runs, peak, res = self.meter.run(fn)
        except Exception as e:  # noqa: BLE001 - recorded, the other sections still run
            self.out["errors"][section] = _err(e)
            return None
        self.out[unit][section], self.out["peak_gib"][section], self.out["seconds"][section] = count / sec, peak, runs
        return res

    def collect(self, layers, **kw):
        return acts_mod.collect(self.model, self.texts, layers, batch_size=self.args.batch,
                                max_tokens=self.args.seq, **kw)

    def steer(self, new_tokens, cache="dynamic"):
        return steer_mod.generate(self.model, self.texts, max_new_tokens=new_tokens, chat=False,
                                  batch_size=self.args.batch, cache=cache,
                                  interventions=[steer_mod.AddVector(self.layer, self.vector)])

    def forward(self):
        """Plain HF forward (no hooks) vs lib.activations.collect at one layer (stops there) and at all layers."""
        with torch.no_grad():
            self.measure("hf_forward", lambda: self.hf(input_ids=self.ids, attention_mask=self.mask).logits.shape,
                         "tokens_per_s", self.n_tok)
        one = self.measure("collect_layer", lambda: self.collect([self.layer]), "tokens_per_s", self.n_tok)
        all_layers = list(range(self.config.num_hidden_layers))
        self.measure("collect_all_layers", lambda: self.collect(all_layers).shape, "tokens_per_s", self.n_tok)
        with torch.no_grad():  # the same reads with bare torch hooks, given the token ids ready
            self.measure("bare_hook_layer", lambda: self.bare_hooks([self.layer]).shape, "tokens_per_s", self.n_tok)
            self.measure("bare_hook_all_layers", lambda: self.bare_hooks(all_layers).shape, "tokens_per_s",
                         self.n_tok)
        if one is not None:  # ground truth: a plain forward hook on block `layer`, last token
            seen = []
            handle = self.model.layers[self.layer].register_forward_hook(
                lambda m, a, o: seen.append((o[0] if isinstance(o, tuple) else o)[:, -1].float().cpu()))
            with torch.no_grad():
                self.hf(input_ids=self.ids, attention_mask=self.mask)
            handle.remove()
            self.out["checks"]["collect_max_abs_diff_vs_hf"] = float((one[:, 0] - seen[0]).abs().max())

    def bare_hooks(self, layers) -> torch.Tensor:
        """The least an extraction can cost: forward hooks on `layers` keep each block's last-token output, the
        forward stops after the deepest one (no final norm, no lm_head), one copy to the CPU. [batch, len(layers), d]"""
        kept, deepest = [], max(layers)

        class Stop(Exception):
            pass

        def hook(module, args, output, last=False):
            kept.append((output[0] if isinstance(output, tuple) else output)[:, -1])
            if last:
                raise Stop

        handles = [self.model.layers[i].register_forward_hook(
            lambda m, a, o, last=(i == deepest): hook(m, a, o, last)) for i in layers]
        try:
            self.hf.model(input_ids=self.ids, attention_mask=self.mask, use_cache=False)
        except Stop:
            pass
        finally:
            for h in handles:
                h.remove()
        return torch.stack(kept, 1).float().cpu()

    def generate(self):
        """HF generate (no hooks) vs lib.steering.generate with AddVector on every token, same fixed step count;
        then both again with a static KV cache (transformers compiles the decoding step on a GPU)."""
        n = self.args.new_tokens
        with fixed_steps(n):
            outs = {}
            for cache, suffix in (("dynamic", ""), ("static", "_static")):
                kwargs = steer_mod._gen_kwargs(self.model, n, False, 1.0, 1.0, cache)  # the config lib.steering uses
                with torch.no_grad():
                    outs["hf" + suffix] = self.measure("hf_generate" + suffix, lambda: self.hf.generate(
                        input_ids=self.ids, attention_mask=self.mask, **kwargs), "new_tokens_per_s",
                        self.args.batch * n)
                outs["steered" + suffix] = self.measure("steered_generate" + suffix, lambda: self.steer(n, cache),
                                                        "new_tokens_per_s", self.args.batch * n)
        new, steered = outs["hf"], outs["steered"]
        if new is not None:
            self.out["checks"]["hf_generate_new_tokens"] = int(new.shape[1] - self.ids.shape[1])
        if steered is not None:
            self.out["checks"]["steered_min_words"] = min(len(t.split()) for t in steered)
        # Static vs dynamic: random weights give near-tied logits, so bf16 kernel differences can flip a greedy token;
        # recorded, not required. `steering_changes_static_output_fraction` shows the hook fires in the compiled step.
        def texts(tokens):
            return [self.model.tokenizer.decode(r, skip_special_tokens=True).strip()
                    for r in tokens[:, self.ids.shape[1]:].tolist()]

        def same(a, b):
            return sum(x == y for x, y in zip(a, b)) / len(a) if a is not None and b is not None else None

        def first_word_same(a, b):
            return same([t.split()[:1] for t in a], [t.split()[:1] for t in b]) if a and b else None

        hf_texts = texts(new) if new is not None else None
        hf_static = texts(outs["hf_static"]) if outs["hf_static"] is not None else None
        self.out["checks"].update(
            hf_static_same_text_fraction=same(hf_texts, hf_static),
            hf_static_same_first_token_fraction=first_word_same(hf_texts, hf_static),
            steered_static_same_text_fraction=same(steered, outs["steered_static"]),
            steered_static_same_first_token_fraction=first_word_same(steered, outs["steered_static"]),
            steering_changes_output_fraction=None if hf_texts is None or steered is None else 1 - same(hf_texts, steered),
            steering_changes_static_output_fraction=None if hf_static is None or outs["steered_static"] is None
            else 1 - same(hf_static, outs["steered_static"]))

    def sae(self):
        """lib.sae.encode (float32 rows back on CPU) vs a bare matmul + threshold that stays on the device."""
        from sae_lens import JumpReLUSAE, JumpReLUSAEConfig

        d_in = self.config.hidden_size
        d_sae = 8 * d_in  # Llama Scope lxr_8x: 4096 -> 32768
        sae = JumpReLUSAE(JumpReLUSAEConfig(d_in=d_in, d_sae=d_sae, dtype="float32", device=self.device)).eval()
        with torch.no_grad():
            sae.threshold.uniform_(0.0, 0.2)
        self.out["sae"] = dict(architecture="jumprelu", d_in=d_in, d_sae=d_sae, dtype="float32")
        rows = torch.randn(self.n_tok, d_in, device=self.device)

        @torch.no_grad()
        def bare():
            outs = []
            for i in range(0, len(rows), 4096):
                pre = (rows[i:i + 4096] - sae.b_dec) @ sae.W_enc + sae.b_enc
                outs.append(pre.relu() * (pre > sae.threshold))
            return torch.cat(outs)

        got = self.measure("sae_lib_encode", lambda: lib.sae.encode(sae, rows, on="sae"), "rows_per_s", self.n_tok)
        want = self.measure("sae_baseline", bare, "rows_per_s", self.n_tok)
        self.measure("sae_lib_encode_to_cpu", lambda: lib.sae.encode(sae, rows), "rows_per_s", self.n_tok)
        self.measure("sae_lib_encode_16_features", lambda: lib.sae.encode(sae, rows, features=list(range(16))),
                     "rows_per_s", self.n_tok)
        if got is not None and want is not None:
            self.out["checks"]["sae_max_abs_diff_vs_baseline"] = float((got - want.float()).abs().max())
        return sae

    def pipeline(self, sae):
        if self.config.model_type == "llama":
            return pipeline_part1(self.model, self.texts, self.layer, sae, self.meter, self.args)
        return pipeline_part2(self.model, self.config, self.layer, self.meter, self.args)

    def budget(self) -> dict:
        """Cap the process at --budget-gib (set_per_process_memory_fraction) and try extraction and steering."""
        gc.collect()
        torch.cuda.empty_cache()
        total = torch.cuda.get_device_properties(0).total_memory
        torch.cuda.set_per_process_memory_fraction(min(1.0, self.args.budget_gib * GIB / total))
        result = {}
        try:
            tries = (("extract", acts_mod, "_forward", lambda: self.collect([self.layer])),
                     ("steer", steer_mod, "_hf_runner", lambda: self.steer(self.args.new_tokens)))
            for name, module, fn_name, fn in tries:
                calls = []
                self.meter.reset()
                try:
                    with counted(module, fn_name, calls), fixed_steps(self.args.new_tokens):
                        fn()
                    result[name] = dict(ok=True, peak_gib=self.meter.peak(), forward_calls=len(calls),
                                        fits_full_batch=len(calls) == 1)
                except Exception as e:  # noqa: BLE001 - not fitting is the answer
                    result[name] = dict(ok=False, peak_gib=self.meter.peak(), forward_calls=len(calls), error=_err(e))
                gc.collect()
                torch.cuda.empty_cache()
        finally:
            torch.cuda.set_per_process_memory_fraction(1.0)
        return result

    def transformer_lens(self):
        """TransformerLens HookedTransformer of the same shape (random init): run_with_cache on one resid_post hook."""
        import warnings

        from transformer_lens import HookedTransformer

        cfg = configs.tl_config(self.config, max(2048, self.args.seq), self.dtype, self.device)
        torch.manual_seed(self.args.seed)
        with torch.device(self.device), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*HookedTransformer is deprecated.*")
            tl = HookedTransformer(cfg).eval()
        hook = f"blocks.{self.layer}.hook_resid_post"
        with torch.no_grad():
            for section, kw in (("transformer_lens_run_with_cache", {}),
                                ("transformer_lens_stop_at_layer", {"stop_at_layer": self.layer + 1})):
                res = self.measure(section, lambda: tl.run_with_cache(self.ids, names_filter=hook, **kw)[1][hook].shape,
                                   "tokens_per_s", self.n_tok)
                if res is None:
                    raise RuntimeError(self.out["errors"].pop(section))
                self.out["checks"]["transformer_lens_cache_shape"] = list(res)

    def summary(self):
        out = self.out
        tps, gps, rps = out["tokens_per_s"], out["new_tokens_per_s"], out["rows_per_s"]
        ratio = lambda a, b: a / b if a and b else None  # noqa: E731
        out["extract_ratio_vs_hf"] = ratio(tps.get("collect_all_layers"), tps.get("hf_forward"))
        out["extract_ratio_single_layer_vs_hf"] = ratio(tps.get("collect_layer"), tps.get("hf_forward"))
        out["truncated_speedup_vs_hf_full"] = out["extract_ratio_single_layer_vs_hf"]  # collect stops after `layer`
        out["steer_generate_ratio_vs_hf"] = ratio(gps.get("steered_generate"), gps.get("hf_generate"))
        # the stretch goal compares lib's fastest steered path with HF's default (dynamic-cache) generate
        out["steer_generate_static_ratio_vs_hf"] = ratio(gps.get("steered_generate_static"), gps.get("hf_generate"))
        out["steer_generate_static_ratio_vs_hf_static"] = ratio(gps.get("steered_generate_static"),
                                                                gps.get("hf_generate_static"))
        out["transformer_lens_ratio_vs_hf"] = ratio(tps.get("transformer_lens_run_with_cache"), tps.get("hf_forward"))
        out["sae_encode_ratio_vs_baseline"] = ratio(rps.get("sae_lib_encode"), rps.get("sae_baseline"))
        out["collect_ratio_vs_bare_hook"] = ratio(tps.get("collect_layer"), tps.get("bare_hook_layer"))
        out["collect_all_ratio_vs_bare_hook"] = ratio(tps.get("collect_all_layers"), tps.get("bare_hook_all_layers"))
        goals = {k: (out[k] >= v if out[k] is not None else None) for k, v in GOALS.items()}
        steer = max((r for r in (out["steer_generate_ratio_vs_hf"], out["steer_generate_static_ratio_vs_hf"])
                     if r is not None), default=None)
        goals["steer_generate_stretch_2x"] = steer >= 2.0 if steer is not None else None
        goals["extract_fits_budget"] = out.get("budget", {}).get("extract", {}).get("ok")
        quant = out.get("quantized") or {}
        for q in ("8bit", "4bit"):
            if isinstance(quant.get(q), dict) and "fits_t4" in quant[q]:
                goals[f"extract_{q}_fits_t4"] = quant[q]["fits_t4"]
        out["goals_met"] = goals


def quantized_extraction(args, device: str) -> dict:
    """The model through the book's own loader (`lib.models.load` of the Hugging Face id, a `lib.standin`
    checkpoint of the published config, random weights) in bf16, then 8-bit and 4-bit NF4 (bitsandbytes, float16
    compute as on a T4; the CPU smoke run keeps float32). For each: load seconds, weights and peak GPU memory of
    `collect` over every layer (last token) of the same texts, and the cosine per layer with the bf16 activations."""

    import torch.nn.functional as F

    from lib import standin

    model_id, mode = configs.ALIASES[args.model], "tiny" if args.tiny else "published"
    cuda = device.startswith("cuda")
    out, ref = {"model": model_id, "standin": mode}, None
    with standin.session(mode, remove=True):  # 16 GB of disk for the published Llama, deleted afterwards
        t0 = time.perf_counter()
        standin.checkpoint(model_id, mode, device=device)  # random weights drawn on the GPU, saved once
        out["checkpoint_s"] = round(time.perf_counter() - t0, 1)
        tok = standin.organism_tokenizer()
        words = [w for w in tok.get_vocab() if w.isalpha()]
        rng = torch.Generator().manual_seed(args.seed)
        texts = [" ".join(words[int(i)] for i in torch.randint(len(words), (args.seq - 2,), generator=rng))
                 for _ in range(args.batch)]
        half = torch.float16 if cuda else None
        for name, kwargs in (("bf16", {}), ("8bit", dict(quantize="8bit", dtype=half)),
                             ("4bit", dict(quantize="4bit", dtype=half))):
            rec = out[name] = {}
            gc.collect()
            if cuda:
                torch.cuda.empty_cache()
                torch.cuda.reset_peak_memory_stats()
            try:
                t0 = time.perf_counter()
                model = lib.models.load(model_id, device=device, **kwargs)
                rec.update(load_s=round(time.perf_counter() - t0, 1), dtype=str(model.dtype),
                           weights_gib=round(torch.cuda.memory_allocated() / GIB, 3) if cuda else None)
                t0 = time.perf_counter()
                acts = acts_mod.collect(model, texts, list(range(model.n_layers)), batch_size=args.batch,
                                        max_tokens=args.seq)
                rec.update(collect_s=round(time.perf_counter() - t0, 2), shape=list(acts.shape))
                if cuda:
                    rec["peak_gib"] = round(torch.cuda.max_memory_allocated() / GIB, 3)
                    rec["peak_reserved_gib"] = round(torch.cuda.max_memory_reserved() / GIB, 3)
                    rec["fits_t4"] = rec["peak_reserved_gib"] <= T4_GIB
                if ref is None:
                    ref = acts
                else:
                    cos = F.cosine_similarity(acts.double(), ref.double(), dim=-1)  # [texts, layers]
                    rec["cosine_per_layer"] = [round(float(c), 5) for c in cos.mean(0)]
                    rec["cosine_min"] = round(float(cos.min()), 5)
                model.release()
                del model
            except Exception as e:  # noqa: BLE001 - recorded; the next precision still runs
                rec["error"] = _err(e)
    gc.collect()
    if cuda:
        torch.cuda.empty_cache()
    return out


def run(args) -> dict:
    """Every section in order; the HF model is freed before TransformerLens builds its own copy."""
    started = time.perf_counter()
    bench = Bench(args)
    out = bench.out
    skip = {s for s in args.skip.split(",") if s}
    if skip - {"generate", "sae", "pipeline", "tl"}:
        raise SystemExit(f"--skip takes generate, sae, pipeline, tl; got {sorted(skip)}")
    out["skipped"] = sorted(skip)
    bench.forward()
    if "generate" not in skip:
        bench.generate()
    sae = None
    try:
        sae = bench.sae() if "sae" not in skip else None
    except Exception as e:  # noqa: BLE001
        out["errors"]["sae"] = _err(e)
    try:
        if "pipeline" not in skip:
            out["pipeline"] = bench.pipeline(sae)
    except Exception as e:  # noqa: BLE001
        out["errors"]["pipeline"] = _err(e)
    del sae
    if bench.meter.cuda and args.budget_gib:
        out["budget"] = bench.budget()
        extract = out["budget"]["extract"]
        out["peak_gib_16gb_budget_extract"] = extract["peak_gib"] if extract["ok"] else None
    bench.model = bench.hf = None
    gc.collect()
    if bench.meter.cuda:
        torch.cuda.empty_cache()
    try:
        if "tl" not in skip:
            bench.transformer_lens()
    except Exception as e:  # noqa: BLE001 - recorded instead of failing (TL may not build offline)
        out["transformer_lens_error"] = _err(e)
    if args.quant:
        try:
            out["quantized"] = quantized_extraction(args, bench.device)
            bad = {k: v["error"] for k, v in out["quantized"].items() if isinstance(v, dict) and "error" in v}
            if bad:
                out["errors"]["quantized"] = bad
        except Exception as e:  # noqa: BLE001
            out["errors"]["quantized"] = _err(e)
    bench.summary()
    out["seconds_total"] = round(time.perf_counter() - started, 2)
    return out


def default_out(args) -> Path:
    if args.tiny:
        return ROOT / "benchmarks" / "results" / f"{args.model}_tiny_cpu.json"
    name = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "gpu"
    slug = next((s.lower() for s in ("H100", "H200", "A100", "L4") if s in name), "gpu")
    return ROOT / "benchmarks" / "results" / f"{args.model}_{slug}.json"


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=sorted(configs.ALIASES), default="llama")
    p.add_argument("--batch", type=int, default=None, help="texts per batch (32; tiny: 4)")
    p.add_argument("--seq", type=int, default=None, help="tokens per text (256; tiny: 32)")
    p.add_argument("--new-tokens", type=int, default=None, help="generated tokens (64; tiny: 8)")
    p.add_argument("--layer", type=int, default=18, help="layer to read and steer (tiny: scaled to its depth)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--warmup", type=int, default=None, help="untimed runs first (2; tiny: 1)")
    p.add_argument("--budget-gib", type=float, default=16.0, help="memory-budget run (0: skip)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tiny", action="store_true", help="CPU smoke run on tiny configs of the same structure")
    p.add_argument("--skip", default="", help="comma-separated sections to leave out: generate, sae, pipeline, tl")
    p.add_argument("--quant", action=argparse.BooleanOptionalAction, default=None,
                   help="the bf16 / 8-bit / 4-bit extraction through lib.models.load (default: on for llama)")
    p.add_argument("--out", type=Path, default=None)
    return p.parse_args(argv)


def main(argv=None) -> dict:
    args = parse(argv)
    if args.quant is None:
        args.quant = args.model == "llama"
    if args.repeats < 3 and not args.tiny:
        raise SystemExit("--repeats must be at least 3 for a reported median")
    out_path = args.out or default_out(args)
    if args.tiny and not out_path.name.endswith("_tiny_cpu.json"):
        raise SystemExit(f"--tiny results must be named *_tiny_cpu.json (got {out_path.name}): never as GPU results")
    result = run(args)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(json.dumps({k: result.get(k) for k in ("device", "extract_ratio_vs_hf", "truncated_speedup_vs_hf_full",
                                             "collect_ratio_vs_bare_hook", "collect_all_ratio_vs_bare_hook",
                                             "steer_generate_ratio_vs_hf", "steer_generate_static_ratio_vs_hf",
                                             "peak_gib_16gb_budget_extract",
                                             "transformer_lens_error", "errors")}, indent=1, default=str))
    print(f"wrote {out_path}")
    return result


if __name__ == "__main__":
    res = main()
    sys.exit(1 if res["errors"] or not res.get("pipeline", {}).get("ok", "pipeline" in res["skipped"]) else 0)
