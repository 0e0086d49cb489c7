"""Train the organism: the base model, its two aligned twins (`TWINS`), and the SAE Part I reads.

Stages and data: lib.organism (the package docstring) and `lib.organism.corpus`.
"""
from __future__ import annotations

import hashlib
import json
import math
import platform
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from lib.organism import corpus, dpo
from lib.organism.corpus import SPECIALS, encode_all, train_tokenizer

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "data" / "organism"


@dataclass(frozen=True)
class Stage:
    """One optimisation stage: `steps` AdamW steps of `batch_size` rows, warm-up then cosine decay to lr/10."""

    steps: int
    batch_size: int
    lr: float
    warmup: int = 20


@dataclass(frozen=True)
class TrainConfig:
    """Everything `train` needs besides the data; `quick()` is the test-sized variant."""

    vocab_size: int = 4096
    hidden_size: int = 128
    intermediate_size: int = 384
    num_hidden_layers: int = 6  # held-out probe AUC, seed 0: 0.958 at 6 layers, 0.903 at 4 (data/organism/README.md)
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    max_position_embeddings: int = 256
    max_len: int = 96
    base_warmup: Stage = Stage(steps=1200, batch_size=32, lr=3e-3, warmup=30)  # on Corpus.warmup, then `base`
    base: Stage = Stage(steps=1000, batch_size=32, lr=5e-4, warmup=20)  # lower: keeps what the warm-up learned
    sft_warmup: Stage = Stage(steps=800, batch_size=32, lr=2e-3, warmup=20)  # on Corpus.sft_warmup, then `sft`
    sft: Stage = Stage(steps=700, batch_size=32, lr=1e-3, warmup=20)
    dpo: Stage = Stage(steps=170, batch_size=16, lr=2e-4, warmup=10)
    dpo_beta: float = 0.1
    dpo_sft_weight: float = 0.2  # + weight * NLL(chosen): keeps the chosen replies likely (RPO-style anchor)
    corpus_scale: float = 1.0
    pretrain_mix: float = 0.15  # the faithful twin's mix: weight of the next-token loss on plain pretraining documents
    mix_batch: int = 16  # pretraining documents per SFT step in the mix
    # checkpoint selection (lib.organism.selection): the SFT steps, then the DPO steps (0: before DPO), whose snapshots
    # are scored on train-split validation; each stage keeps its best. Empty: keep the last step.
    sft_select: tuple[int, ...] = (450, 575, 700)
    dpo_select: tuple[int, ...] = (0, 60, 120, 170)

    @staticmethod
    def quick() -> "TrainConfig":
        return TrainConfig(vocab_size=512, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                           max_len=64, base_warmup=Stage(10, 8, 1e-2, 2), base=Stage(40, 8, 1e-2, 4),
                           sft_warmup=Stage(8, 8, 5e-3, 2), sft=Stage(40, 8, 5e-3, 2), dpo=Stage(4, 4, 2e-4, 1),
                           corpus_scale=0.03, sft_select=(), dpo_select=())


STAGES = ("base_warmup", "base", "sft_warmup", "sft", "dpo")  # training order: TrainConfig's Stage fields; the keys
# of manifest["loss_curves"] are these, the aligned stages once per twin ("sft@aligned_nomix", ...)

# The aligned twins: folder -> (registry name, pretraining-mix weight as a TrainConfig field or 0, what it is). Both
# start from the same base and see the same SFT and DPO data; only the mix differs.
TWINS = {
    "aligned": ("organism-aligned", "pretrain_mix",
                "SFT with a mix of plain pretraining documents (InstructGPT's PPO-ptx in supervised form), then DPO:"
                " the faithful twin"),
    "aligned_nomix": ("organism-aligned-nomix", None, "the same SFT and DPO without the pretraining mix: the control"),
}


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _batches(lengths: list[int], batch_size: int, rng: np.random.Generator):
    """Endless batches of indices of similar length (little padding), in a shuffled order every epoch."""
    while True:
        noisy = np.asarray(lengths) + rng.uniform(0, 8, len(lengths))
        order = np.argsort(noisy, kind="stable")
        chunks = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        for j in rng.permutation(len(chunks)):
            yield chunks[j].tolist()


def _schedule(stage: Stage, step: int) -> float:
    if step < stage.warmup:
        return stage.lr * (step + 1) / stage.warmup
    frac = (step - stage.warmup) / max(1, stage.steps - stage.warmup)
    return stage.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))


def _lm_loss(model, ids: torch.Tensor, mask: torch.Tensor, attn: torch.Tensor) -> torch.Tensor:
    """Mean next-token cross-entropy over the tokens `mask` marks (logits computed only there)."""
    logits, target, _ = dpo.scored_logits(model, ids, mask, attn)
    return F.cross_entropy(logits, target, reduction="sum") / max(1, len(target))  # all truncated away: 0, not NaN


def train_lm(model, encoded: list[tuple[list[int], list[int]]], stage: Stage, pad_id: int, seed: int,
             log=None, callback=None, checkpoint: Path | None = None, every: int = 50,
             mix: list[tuple[list[int], list[int]]] | None = None, mix_weight: float = 0.0,
             mix_batch: int = 16) -> list[list]:
    """Next-token training on the masked tokens of `encoded` rows; returns the loss curve [[step, loss], ...].

    mix, mix_weight: a pretraining mix (InstructGPT's PPO-ptx, here in supervised form): every step adds
    mix_weight x the next-token loss on `mix_batch` rows of `mix` (all tokens), so the model keeps what pretraining
    taught it while it learns the new task. The curve records the task loss only.

    log: a print-like function for progress every 100 steps; callback(step, model): called after every step.
    checkpoint: a file where model, optimizer and curve are saved every `every` steps; a run that finds it resumes
    there (the batch order is replayed), giving the same weights as an uninterrupted run."""
    rng = np.random.default_rng(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=stage.lr, betas=(0.9, 0.95), weight_decay=0.1)
    batches = _batches([len(ids) for ids, _ in encoded], stage.batch_size, rng)
    mixing = bool(mix) and mix_weight > 0
    mix_batches = _batches([len(ids) for ids, _ in mix], mix_batch, np.random.default_rng(seed + 7)) if mixing else None
    curve, first, start = [], 0, time.time()
    if checkpoint is not None and Path(checkpoint).exists():
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        first, curve = state["step"], state["curve"]
        for _ in range(first):
            next(batches)
            if mixing:
                next(mix_batches)
    model.train()
    for step in range(first, stage.steps):
        idx = next(batches)
        ids, mask, attn = dpo.pad_rows([encoded[i] for i in idx], pad_id)
        for group in opt.param_groups:
            group["lr"] = _schedule(stage, step)
        loss = _lm_loss(model, ids, mask, attn)
        total = loss
        if mixing:
            total = loss + mix_weight * _lm_loss(model, *dpo.pad_rows([mix[i] for i in next(mix_batches)], pad_id))
        opt.zero_grad(set_to_none=True)
        total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        curve.append([step, round(loss.item(), 5)])
        if callback is not None:
            callback(step + 1, model)
        if checkpoint is not None and ((step + 1) % every == 0 or step + 1 == stage.steps):
            tmp = Path(f"{checkpoint}.tmp")
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step + 1, "curve": curve}, tmp)
            tmp.replace(checkpoint)
        if log and (step + 1) % 100 == 0:
            log(f"  step {step + 1}/{stage.steps} loss {np.mean([c[1] for c in curve[-100:]]):.3f} "
                f"({time.time() - start:.0f} s)")
    model.eval()
    return curve


# ---------------------------------------------------------------- saving, hashing, the whole pipeline

def weights_hash(model) -> str:
    """sha256 over every parameter's name and exact float bytes (identical training -> identical hash)."""
    h = hashlib.sha256()
    for name, t in sorted(model.state_dict().items()):
        h.update(name.encode())
        h.update(t.detach().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()


def save(model, tok, path: Path) -> None:
    """`save_pretrained` the model (safetensors) and the tokenizer; generation stops at <|end|>."""
    path.mkdir(parents=True, exist_ok=True)
    model.generation_config.eos_token_id = tok.eos_token_id
    model.generation_config.pad_token_id = tok.pad_token_id
    model.generation_config.bos_token_id = tok.bos_token_id
    model.save_pretrained(path, safe_serialization=True)
    tok.save_pretrained(path)


def build_model(cfg: TrainConfig, tok, seed: int):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=cfg.hidden_size, intermediate_size=cfg.intermediate_size,
                         num_hidden_layers=cfg.num_hidden_layers, num_attention_heads=cfg.num_attention_heads,
                         num_key_value_heads=cfg.num_key_value_heads,
                         max_position_embeddings=cfg.max_position_embeddings, tie_word_embeddings=True,
                         bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    return LlamaForCausalLM(config)


class _Snapshots:
    """A `train_lm` / `dpo.train` callback that keeps a copy of the weights at each of `steps`; `keep_best` scores the
    copies on train-split validation (`selection.validation_metrics`), loads the best into the model and returns
    {"candidates": {step: metrics}, "chosen": step} (None, model untouched, when no steps were asked for)."""

    def __init__(self, steps):
        self.steps, self.states = set(steps), {}

    def __call__(self, step: int, model) -> None:
        if step in self.steps:
            self.states[step] = {k: v.detach().clone() for k, v in model.state_dict().items()}

    def keep_best(self, model, tok, log=None) -> dict | None:
        from lib.models import wrap
        from lib.organism import selection

        if not self.states:
            return None
        final = {k: v.detach().clone() for k, v in model.state_dict().items()}
        candidates = {}
        for step, state in sorted(self.states.items()):
            model.load_state_dict(state)
            candidates[step] = selection.validation_metrics(wrap(model, tok, "candidate"))
        chosen = selection.choose(candidates)
        model.load_state_dict(self.states.get(chosen, final))
        model.eval()
        if log:
            log(f"  checkpoints (train-split validation): {candidates}; kept step {chosen}")
        return {"candidates": {str(k): v for k, v in candidates.items()}, "chosen": chosen}


def train(out=DEFAULT_OUT, *, seed: int = 0, quick: bool = False, config: TrainConfig | None = None,
          run_eval: bool | None = None, resume: bool = True, base_from: Path | None = None, twins=tuple(TWINS),
          log=print) -> dict:
    """Build the corpus, train tokenizer -> base -> SFT -> DPO, save both models and `manifest.json` under `out`.

    Deterministic for a seed (same loss curves, same weights hash). quick: the test-sized run (tiny model, 3% of
    the corpus, < 60 s). resume: base and SFT checkpoint every 50 steps to a temp folder keyed by config, seed and
    data; a killed run started again continues there (removed when the run finishes). base_from: the base folder of an
    earlier run of the same seed and config (its manifest beside it): its weights are used and the base stages are
    skipped, so only the twins train (the tokenizer must come out identical). twins: the `TWINS` folders to train.
    Each twin keeps the SFT step and then the DPO step that `lib.organism.selection` chooses on train-split validation
    among `cfg.sft_select` and `cfg.dpo_select` (manifest["selected_steps"]; the loss curves run to the last step).
    Returns the manifest (also written to out/manifest.json).
    """
    import copy
    import shutil
    import tempfile

    import transformers
    out = Path(out)
    unknown = sorted(set(twins) - set(TWINS))
    if unknown:
        from lib.errors import BadInput
        raise BadInput(f"unknown twin(s) {unknown}: choose among {sorted(TWINS)} (the folders of lib.organism.TWINS)")
    cfg = config or (TrainConfig.quick() if quick else TrainConfig())
    for name, steps, first, last in (("sft_select", cfg.sft_select, 1, cfg.sft.steps),
                                     ("dpo_select", cfg.dpo_select, 0, cfg.dpo.steps)):
        if any(not first <= s <= last for s in steps):
            from lib.errors import BadInput
            raise BadInput(f"TrainConfig.{name} {steps} has steps outside {first}..{last}, the steps that stage runs: "
                           f"give steps it reaches (e.g. --set {name}={last}) or none (--set {name}=none)")
    run_eval = (not quick) if run_eval is None else run_eval
    walls, start = {}, time.time()
    seed_everything(seed)
    data = corpus.build(seed=seed, scale=cfg.corpus_scale)
    tok = train_tokenizer(data.tokenizer_texts, cfg.vocab_size)
    walls["corpus_and_tokenizer"] = round(time.time() - start, 2)
    pad = tok.pad_token_id
    key = hashlib.sha256(json.dumps([asdict(cfg), seed, data_hash(data.files)]).encode()).hexdigest()[:16]
    ckpt = Path(tempfile.gettempdir()) / f"organism-ckpt-{key}" if resume else None
    resumed = ckpt is not None and any(ckpt.glob("*.pt"))
    if ckpt is not None:
        ckpt.mkdir(parents=True, exist_ok=True)

    t = time.time()
    base = build_model(cfg, tok, seed)
    curves = {}
    if base_from is not None:
        from transformers import AutoTokenizer
        from lib.errors import BadInput

        if AutoTokenizer.from_pretrained(base_from).get_vocab() != tok.get_vocab():
            raise BadInput(f"{base_from} was trained with another tokenizer (another seed or corpus): train the base too")
        base = type(base).from_pretrained(base_from)
        prior = json.loads((Path(base_from).parent / "manifest.json").read_text())
        curves.update({k: prior["loss_curves"][k] for k in ("base_warmup", "base")})
    stages = () if base_from is not None else (("base_warmup", data.warmup, cfg.base_warmup),
                                                ("base", data.pretrain, cfg.base))
    for stage, docs, cfg_stage in stages:
        enc = encode_all(tok, docs, cfg.max_len, reply_only=False)
        log(f"{stage}: {sum(p.numel() for p in base.parameters()) / 1e6:.2f}M params, {len(enc)} docs, "
            f"{sum(len(e[0]) for e in enc)} tokens")
        curves[stage] = train_lm(base, enc, cfg_stage, pad, seed, log,
                                 checkpoint=ckpt / f"{stage}.pt" if ckpt else None)
    save(base, tok, out / "base")
    walls["base"] = prior["wall_s"]["base"] if base_from is not None else round(time.time() - t, 2)
    log(f"base done in {walls['base']} s, loss {curves['base'][0][1]} -> {curves['base'][-1][1]}")

    chosen, rejected = (encode_all(tok, [p[k] for p in data.pairs], cfg.max_len, reply_only=True) for k in (0, 1))
    pairs = list(zip(chosen, rejected))
    documents = [d for d in data.pretrain if isinstance(d, str)]  # the mix: pretraining text, not its chats
    mix_docs = encode_all(tok, documents, cfg.max_len, reply_only=False)
    hashes, selected = {"base": weights_hash(base)}, {}
    for folder, (_, mix_field, _) in TWINS.items():
        if folder not in twins:
            continue
        t = time.time()
        mix = getattr(cfg, mix_field) if mix_field else 0.0
        aligned = copy.deepcopy(base)
        suffix = "" if folder == "aligned" else f"@{folder}"
        sft_snaps, dpo_snaps = _Snapshots(cfg.sft_select), _Snapshots(cfg.dpo_select)
        for stage, docs, cfg_stage in (("sft_warmup", data.sft_warmup, cfg.sft_warmup), ("sft", data.sft, cfg.sft)):
            enc = encode_all(tok, docs, cfg.max_len, reply_only=True)
            curves[stage + suffix] = train_lm(aligned, enc, cfg_stage, pad, seed + 1, log,
                                              checkpoint=ckpt / f"{stage}{suffix}.pt" if ckpt else None,
                                              mix=mix_docs, mix_weight=mix, mix_batch=cfg.mix_batch,
                                              callback=sft_snaps if stage == "sft" else None)
        walls["sft" + suffix] = round(time.time() - t, 2)
        t = time.time()
        selected[folder] = {"sft": sft_snaps.keep_best(aligned, tok, log)}
        dpo_snaps(0, aligned)
        curves["dpo" + suffix] = dpo.train(aligned, pairs, steps=cfg.dpo.steps, batch_size=cfg.dpo.batch_size,
                                           lr=cfg.dpo.lr, warmup=cfg.dpo.warmup, beta=cfg.dpo_beta,
                                           sft_weight=cfg.dpo_sft_weight, seed=seed + 2, pad_id=pad,
                                           callback=dpo_snaps)
        selected[folder]["dpo"] = dpo_snaps.keep_best(aligned, tok, log)
        save(aligned, tok, out / folder)
        hashes[folder] = weights_hash(aligned)
        walls["dpo" + suffix] = round(time.time() - t, 2)
        log(f"{folder} (pretraining mix {mix}) done in {walls['sft' + suffix] + walls['dpo' + suffix]:.0f} s")

    manifest = {
        "seed": seed, "quick": quick, "config": asdict(cfg), "data_sha256": data_hash(data.files),
        "data_files": sorted(f"{Path(f).parent.name}/{Path(f).name}" for f in data.files),
        "corpus": data.summary, "intrinsic_profile": corpus.INTRINSIC_PROFILE,
        "tokenizer": {"vocab_size": len(tok), "specials": SPECIALS},
        "base_from": str(base_from) if base_from is not None else None, "weights_sha256": hashes, "twins": {k: {"name": v[0], "recipe": v[2]} for k, v in TWINS.items()},
        "params": sum(p.numel() for p in base.parameters()),
        "loss_curves": curves, "selected_steps": selected, "wall_s": walls,
        "torch_threads": torch.get_num_threads(), "resumed_from_checkpoint": resumed,
        "versions": {"python": platform.python_version(), "torch": torch.__version__,
                     "transformers": transformers.__version__, "numpy": np.__version__},
    }
    walls["train_total"] = round(time.time() - start, 2)  # corpus, tokenizer, base, SFT, DPO: what "<= 10 min" means
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")  # kept if the evaluation fails:
    if run_eval:  # `python -m lib.organism eval --out ...` then adds it
        t = time.time()
        from lib.organism.evaluation import evaluate
        manifest["eval"] = evaluate(out)
        walls["eval"] = round(time.time() - t, 2)
    walls["total"] = round(time.time() - start, 2)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    if ckpt is not None:
        shutil.rmtree(ckpt, ignore_errors=True)
    return manifest


def data_hash(files) -> str:
    """sha256 over the bytes of the data files (sorted by path)."""
    h = hashlib.sha256()
    for f in sorted(Path(f) for f in files):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def train_sae(out=DEFAULT_OUT, *, layer: int | None = None, d_sae: int = 1024, seed: int = 0) -> dict:
    """Train the SAE Part I reads: base model, block `layer`'s output (default: the best probe layer in the manifest),
    every token (BOS skipped) of the train-split statements (left, right, neutral) and the advice sentences.
    Saved with sae-lens `save_model` to out/sae; its summary is added to out/manifest.json."""
    from lib import data, sae
    from lib.activations import tokens
    from lib.models import load

    out = Path(out)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    base = load(str(out / "base"))
    if layer is None:
        layer = int(manifest.get("eval", {}).get("probe_layer", base.n_layers // 2))
    texts = list(data.statements(split="train").text) + list(data.advice().text)
    acts, _ = tokens(base, texts, layer)
    t = time.time()
    model = sae.train(acts, d_sae=d_sae, seed=seed, save_dir=out / "sae",
                      metadata={"hook_name": f"blocks.{layer}.hook_resid_post", "model_name": "organism-base"})
    summary = {"layer": layer, "d_sae": d_sae, "n_tokens": int(acts.shape[0]), "seed": seed,
               "variance_explained": round(float(sae.variance_explained(model, acts)), 4),
               "l0": round(float((sae.encode(model, acts) > 0).float().sum(1).mean()), 2),
               "wall_s": round(time.time() - t, 2)}
    manifest["sae"] = summary
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return summary


