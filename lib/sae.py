"""Sparse autoencoders through sae-lens 6: load a release, encode activations, rank features, train a small SAE.

Activations come from `lib.activations.collect(...)` for one layer: `acts: [n, d_model]` (texts or tokens),
float32 CPU tensors or numpy arrays. Feature activations are `feature_acts: [n, d_sae]` float32 CPU tensors.
Every SAE here is a sae-lens object (`StandardSAE`, `JumpReLUSAE`, `TopKSAE`): `encode`, `decode`, and
`W_dec[i]`, the direction feature i writes into the residual stream.

Layers follow lib's convention: `layer` is the output of decoder block `layer`, which is sae-lens's hook
`blocks.{layer}.hook_resid_post`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from lib.errors import BadInput, ModelAccessError
from lib.stats import binary_labels

__all__ = [
    "Release", "RELEASES", "NEURONPEDIA", "load", "load_local", "check_width", "encode", "reconstruct",
    "variance_explained", "decoder_direction", "feature_stats", "select_features", "ever_active",
    "neuronpedia_url", "train",
]

NEURONPEDIA = "https://www.neuronpedia.org"


@dataclass(frozen=True)
class Release:
    """A pretrained sae-lens release the book uses. Patterns take `layer` (0-based block output)."""
    release: str        # sae-lens release name, for `load(release, sae_id)`
    sae_id: str         # pattern, e.g. "l{layer}r_8x"
    layers: tuple       # layers with an SAE in this release
    d_in: int
    d_sae: int
    hook: str           # pattern, e.g. "blocks.{layer}.hook_resid_post"
    architecture: str   # sae-lens architecture of the loaded SAE
    trained_on: str     # the model whose activations trained it
    neuronpedia_model: str
    neuronpedia_set: str  # pattern; the dashboard is NEURONPEDIA/{model}/{set}/{feature}
    model_id: str = ""  # the Hugging Face id of `trained_on` where sae-lens names it otherwise ("gemma-2-2b")

    @property
    def hf_model(self) -> str:
        return self.model_id or self.trained_on

    def sae_id_for(self, layer: int) -> str:
        if layer not in self.layers:
            raise BadInput(f"{self.release} has no SAE at layer {layer}; it covers layers {list(self.layers)}.")
        return self.sae_id.format(layer=layer)

    def layer_near(self, layer: int) -> int:
        """`layer` if this release has an SAE there, else the closest layer it covers (Goodfire: only 19)."""
        return min(self.layers, key=lambda covered: (abs(covered - layer), covered))

    def hook_for(self, layer: int) -> str:
        self.sae_id_for(layer)  # validates the layer
        return self.hook.format(layer=layer)


# Checked against sae-lens 6.54's pretrained_saes.yaml (ids, `neuronpedia` fields) and its loaders (shapes).
RELEASES: dict[str, Release] = {
    "llama_scope_lxr_8x": Release(
        release="llama_scope_lxr_8x", sae_id="l{layer}r_8x", layers=tuple(range(32)), d_in=4096, d_sae=32768,
        hook="blocks.{layer}.hook_resid_post", architecture="jumprelu", trained_on="meta-llama/Llama-3.1-8B",
        neuronpedia_model="llama3.1-8b", neuronpedia_set="{layer}-llamascope-res-32k"),
    "goodfire-llama-3.1-8b-instruct": Release(
        release="goodfire-llama-3.1-8b-instruct", sae_id="layer_{layer}", layers=(19,), d_in=4096, d_sae=65536,
        hook="blocks.{layer}.hook_resid_post", architecture="standard",
        trained_on="meta-llama/Llama-3.1-8B-Instruct", neuronpedia_model="llama3.1-8b-it",
        neuronpedia_set="{layer}-resid-post-gf"),
    "gemma-scope-2b-pt-res-canonical": Release(
        release="gemma-scope-2b-pt-res-canonical", sae_id="layer_{layer}/width_16k/canonical", layers=tuple(range(26)),
        d_in=2304, d_sae=16384, hook="blocks.{layer}.hook_resid_post", architecture="jumprelu",
        trained_on="gemma-2-2b", neuronpedia_model="gemma-2-2b", neuronpedia_set="{layer}-gemmascope-res-16k",
        model_id="google/gemma-2-2b"),
}


def _registry():
    from sae_lens.loading.pretrained_saes_directory import get_pretrained_saes_directory
    return get_pretrained_saes_directory()


def _dtype_str(dtype) -> str:
    return "float32" if dtype is None else str(dtype).removeprefix("torch.")


def _access_errors() -> tuple:
    """huggingface_hub's errors (offline, not in cache, gated, HTTP) are OSErrors; raw network errors are not."""
    try:
        import httpx
        return (OSError, httpx.HTTPError)
    except ImportError:
        return (OSError,)


def load(release: str, sae_id: str, *, device: str = "cpu", dtype=None):
    """The sae-lens SAE `sae_id` of `release` (via `SAE.from_pretrained`), e.g. `load("llama_scope_lxr_8x", "l19r_8x")`.

    dtype: torch dtype or its name ("float32" when None). Raises BadInput for an unknown release/id and
    ModelAccessError when the weights can neither be downloaded nor found in the Hugging Face cache.
    """
    from sae_lens import SAE

    from lib import standin
    if standin.mode() and release in RELEASES:  # no download: a random SAE of the release's shape (lib.standin)
        spec = RELEASES[release]
        if sae_id not in {spec.sae_id_for(i) for i in spec.layers}:
            raise BadInput(f"release {release!r} has no sae_id {sae_id!r}; its ids look like "
                           f"{spec.sae_id_for(spec.layers[0])!r} for layers {spec.layers[0]}..{spec.layers[-1]}.")
        d_in = spec.d_in if standin.mode() == "published" else standin.tiny(spec.hf_model).hidden_size
        return standin.sae(release, sae_id, d_in, device=device, dtype=_dtype_str(dtype))
    directory = _registry()
    if release not in directory and "/" not in release:
        raise BadInput(f"unknown SAE release {release!r}; use a sae-lens release name (e.g. one of "
                       f"{sorted(RELEASES)}) or a Hugging Face repo id.")
    if release in directory and sae_id not in directory[release].saes_map:
        ids = list(directory[release].saes_map)
        raise BadInput(f"release {release!r} has no sae_id {sae_id!r}; valid ids look like {ids[:4]} "
                       f"({len(ids)} in all).")
    try:
        sae = SAE.from_pretrained(release, sae_id, device=device, dtype=_dtype_str(dtype))
    except _access_errors() as err:
        raise ModelAccessError(
            f"could not load SAE {release}/{sae_id} ({type(err).__name__}: {str(err)[:300]}). The SAE must be "
            "downloadable from the Hugging Face Hub or already present in the HF cache (HF_HOME): load it once "
            "on a machine with network access, or save it with sae.save_model(dir) and use load_local(dir)."
        ) from err
    return sae.eval()


def load_local(path, *, device: str = "cpu", dtype=None):
    """A sae-lens SAE saved by `sae.save_model(path)` (cfg.json + sae_weights.safetensors), via SAE.load_from_disk."""
    from sae_lens import SAE
    p = Path(path)
    if not (p / "cfg.json").is_file():
        raise ModelAccessError(f"no SAE at {p} (expected cfg.json and sae_weights.safetensors written by "
                               "sae.save_model(dir) or lib.sae.train(..., save_dir=dir)).")
    return SAE.load_from_disk(p, device=device, dtype=None if dtype is None else _dtype_str(dtype)).eval()


def check_width(sae, d_model: int) -> None:
    """Raise BadInput unless the SAE reads vectors of width `d_model` (the width of the vectors passed in)."""
    if int(sae.cfg.d_in) != int(d_model):
        raise BadInput(f"SAE expects d_in={sae.cfg.d_in} but got vectors of width {d_model}: pass the residual stream "
                       "at the layer the SAE reads (not another site, such as the MLP's neurons), or pick an SAE "
                       f"trained on vectors of width {d_model}")


def _acts2d(acts, sae=None) -> torch.Tensor:
    t = acts.detach() if isinstance(acts, torch.Tensor) else torch.as_tensor(np.asarray(acts))
    if t.ndim != 2:
        raise BadInput(f"acts must be [n, d_model] (one layer); got shape {tuple(t.shape)}. Pick one layer "
                       "(acts[:, layer]) or flatten tokens to rows first.")
    if sae is not None:
        check_width(sae, t.shape[1])
    return t


@torch.no_grad()
def _batched(fn, sae, acts, batch_size: int, width: int, on: str = "cpu") -> torch.Tensor:
    x = _acts2d(acts, sae)
    if batch_size < 1:
        raise BadInput(f"batch_size must be >= 1; got {batch_size}.")
    if on not in ("cpu", "sae"):
        raise BadInput(f"on must be 'cpu' (float32 rows on the CPU) or 'sae' (left on the SAE's device); got {on!r}.")
    device = torch.device("cpu") if on == "cpu" else sae.device
    out = torch.empty(len(x), width, dtype=torch.float32, device=device)  # filled in place: no second copy from cat
    for i in range(0, len(x), batch_size):
        out[i:i + batch_size] = fn(x[i:i + batch_size].to(sae.device, sae.dtype))
    return out


def encode(sae, acts, batch_size: int = 4096, features=None, on: str = "cpu") -> torch.Tensor:
    """Feature activations `[n, d_sae]` (float32) of `acts: [n, d_in]`, in batches, without gradients.

    The result takes n * d_sae * 4 bytes (1.3 GB for 10k rows of a 32k SAE): for token-level acts pass
    `features` (a list of ids) to keep only those columns, `[n, len(features)]`. on="cpu" (default) returns it on
    the CPU; on="sae" leaves it on the SAE's device, which skips the copy (on a GPU that copy is most of the time
    for all 32k features: benchmarks/README.md).
    """
    if features is None:
        return _batched(sae.encode, sae, acts, batch_size, sae.cfg.d_sae, on)
    idx = torch.as_tensor(np.asarray(features, dtype=np.int64).reshape(-1))
    if len(idx) and not (0 <= int(idx.min()) and int(idx.max()) < sae.cfg.d_sae):
        raise BadInput(f"features must lie in [0, d_sae={sae.cfg.d_sae}); got {idx.tolist()[:5]}...")
    return _batched(lambda x: sae.encode(x)[:, idx.to(x.device)], sae, acts, batch_size, len(idx), on)


def reconstruct(sae, acts, batch_size: int = 4096) -> torch.Tensor:
    """The SAE's reconstruction `decode(encode(acts))`: `[n, d_in]` float32 CPU."""
    return _batched(lambda x: sae.decode(sae.encode(x)), sae, acts, batch_size, sae.cfg.d_in)


def variance_explained(sae, acts, batch_size: int = 4096) -> float:
    """1 - sum |x - x_hat|^2 / sum |x - mean(x)|^2 over the rows of `acts: [n, d_in]`."""
    x = _acts2d(acts, sae).double()
    err = (x - reconstruct(sae, x, batch_size).double()).pow(2).sum()
    return float(1.0 - err / (x - x.mean(0)).pow(2).sum().clamp_min(1e-30))


def decoder_direction(sae, feature: int) -> torch.Tensor:
    """Feature `feature`'s decoder row `W_dec[feature]` as a unit float32 CPU vector `[d_in]`."""
    if not 0 <= int(feature) < sae.cfg.d_sae:
        raise BadInput(f"feature {feature} is out of range: this SAE has d_sae={sae.cfg.d_sae} features.")
    w = sae.W_dec[int(feature)].detach().float().cpu()
    return w / w.norm().clamp_min(1e-12)


def _feature_matrix(feature_acts) -> np.ndarray:
    f = feature_acts.detach().cpu().float().numpy() if isinstance(feature_acts, torch.Tensor) \
        else np.asarray(feature_acts, dtype=np.float32)
    if f.ndim != 2:
        raise BadInput(f"feature_acts must be [n, d_sae] (from lib.sae.encode); got shape {tuple(f.shape)}.")
    return f


def _group_labels(groups, n: int) -> np.ndarray:
    g = groups.detach().cpu().numpy() if isinstance(groups, torch.Tensor) else np.asarray(groups)
    if g.ndim != 1 or len(g) != n:
        raise BadInput(f"need one group label per row: {n} rows but groups has shape {tuple(g.shape)}.")
    return g


def feature_stats(feature_acts, groups=None) -> pd.DataFrame:
    """Per-feature firing statistics of `feature_acts: [n, d_sae]`, one row per feature.

    Columns: feature, freq (fraction of rows > 0), mean (over all rows), mean_active (over firing rows; NaN if
    it never fires), max; with `groups: [n]` labels (e.g. left/right/neutral) also freq_{g} and mean_{g} for
    each label g in sorted order.
    """
    f = _feature_matrix(feature_acts)
    if len(f) == 0:
        raise BadInput("feature_acts has no rows.")
    fires = f > 0
    n_fire = fires.sum(0)
    out = {"feature": np.arange(f.shape[1]), "freq": n_fire / len(f), "mean": f.mean(0, dtype=np.float64)}
    with np.errstate(invalid="ignore", divide="ignore"):  # sum over firing rows = sum of the positive parts
        out["mean_active"] = np.where(n_fire > 0, np.maximum(f, 0).sum(0, dtype=np.float64) / n_fire, np.nan)
    out["max"] = f.max(0).astype(np.float64)
    if groups is not None:
        g = _group_labels(groups, len(f))
        for label in np.unique(g):
            out[f"freq_{label}"] = fires[g == label].mean(0)
            out[f"mean_{label}"] = f[g == label].mean(0, dtype=np.float64)
    return pd.DataFrame(out)


def select_features(feature_acts, labels, *, direction=None, sae=None, top_k: int | None = 20,
                    min_freq: float = 0.0, positive=None, negative=None,
                    rank_by: str = "effect_size") -> pd.DataFrame:
    """Features whose activation differs most between two classes of rows, ranked.

    Criterion: for class a = `positive` and class b (the other label), mean_diff = mean_a - mean_b of each
    feature's activation and effect_size = Cohen's d = mean_diff / pooled SD (as in `lib.stats.cohens_d`; 0 for
    a feature constant in both classes). Features firing (> 0) on fewer than `min_freq` of the rows are
    dropped; the rest are ranked by |effect_size| (or |mean_diff| with rank_by="mean_diff"), so features
    for either class appear, with the sign saying which. With `direction: [d_in]` and the `sae`, `cosine` is
    the cosine of each feature's decoder row with it.

    labels: [n] two classes (0/1, bools, strings; `positive` as in `lib.stats.binary_labels`). With more
    classes (e.g. a neutral group), pass `positive=` and `negative=`; other rows are ignored.
    Returns top_k rows (all if None): feature, mean_a, mean_b, mean_diff, effect_size, freq_a, freq_b, freq,
    [cosine], rank (1 = best).
    """
    f = _feature_matrix(feature_acts)
    lab = _group_labels(labels, len(f))
    if negative is not None:
        if positive is None:
            raise BadInput("negative= needs positive= too (the two classes to compare).")
        keep = (lab == positive) | (lab == negative)
        f, lab = f[keep], lab[keep]
    is_a = binary_labels(lab, positive=positive, n=len(f))
    if min(is_a.sum(), (~is_a).sum()) < 2:
        raise BadInput(f"each class needs at least 2 rows; got {int(is_a.sum())} and {int((~is_a).sum())}.")
    if rank_by not in ("effect_size", "mean_diff"):
        raise BadInput(f"rank_by must be 'effect_size' or 'mean_diff'; got {rank_by!r}.")
    a, b = f[is_a], f[~is_a]
    mean_a, mean_b = a.mean(0, dtype=np.float64), b.mean(0, dtype=np.float64)
    diff = mean_a - mean_b
    ss = (len(a) - 1) * a.var(0, ddof=1, dtype=np.float64) + (len(b) - 1) * b.var(0, ddof=1, dtype=np.float64)
    pooled = np.sqrt(ss / (len(f) - 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(pooled > 0, diff / pooled, np.where(diff == 0, 0.0, np.sign(diff) * np.inf))
    table = pd.DataFrame({"feature": np.arange(f.shape[1]), "mean_a": mean_a, "mean_b": mean_b,
                          "mean_diff": diff, "effect_size": d, "freq_a": (a > 0).mean(0),
                          "freq_b": (b > 0).mean(0), "freq": (f > 0).mean(0)})
    if direction is not None:
        if sae is None:
            raise BadInput("direction= needs sae= too: the cosine is taken with each feature's decoder row.")
        v = torch.as_tensor(np.asarray(direction.detach().cpu() if isinstance(direction, torch.Tensor)
                                       else direction), dtype=torch.float64).reshape(-1)
        check_width(sae, v.numel())
        if sae.cfg.d_sae != f.shape[1]:
            raise BadInput(f"feature_acts has {f.shape[1]} features but the SAE has d_sae={sae.cfg.d_sae}.")
        w = sae.W_dec.detach().cpu().double()
        table["cosine"] = ((w @ v) / (w.norm(dim=1) * v.norm()).clamp_min(1e-12)).numpy()
    table = table[table["freq"] >= min_freq]
    order = np.lexsort((table["feature"].to_numpy(), -np.abs(table[rank_by].to_numpy())))
    table = table.iloc[order].reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table if top_k is None else table.head(int(top_k))


def ever_active(feature_acts_by_model: dict, features) -> pd.DataFrame:
    """The "ever active" table: for each feature (rows) and model, n_active_{model} (rows where it fired, > 0)
    and max_{model} (its largest activation), from `{model: feature_acts [n_model, d_sae]}`."""
    feats = [int(i) for i in np.asarray(features).reshape(-1)]
    out = {"feature": feats}
    for name, acts in feature_acts_by_model.items():
        f = _feature_matrix(acts)
        bad = [i for i in feats if not 0 <= i < f.shape[1]]
        if bad:
            raise BadInput(f"features {bad[:5]} are out of range for {name!r} (d_sae={f.shape[1]}).")
        sub = f[:, feats].astype(np.float64)
        out[f"n_active_{name}"] = (sub > 0).sum(0)
        out[f"max_{name}"] = sub.max(0) if len(sub) else np.full(len(feats), np.nan)
    return pd.DataFrame(out)


def neuronpedia_url(release: str, sae_id: str, feature: int) -> str | None:
    """The Neuronpedia dashboard of one feature, from the sae-lens registry's `neuronpedia` id; None if the
    release/id has none (e.g. an SAE trained here). Example: NEURONPEDIA/llama3.1-8b/19-llamascope-res-32k/42."""
    if int(feature) < 0:
        raise BadInput(f"feature must be >= 0; got {feature}.")
    entry = _registry().get(release)
    np_id = entry.neuronpedia_id.get(sae_id) if entry is not None else None
    return f"{NEURONPEDIA}/{np_id}/{int(feature)}" if np_id else None


def _row_batches(x: torch.Tensor, batch_size: int, gen: torch.Generator):
    """Endless full batches `[batch_size, d_in]` from the rows of x, reshuffled every epoch."""
    while True:
        perm = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x) - batch_size + 1, batch_size):
            yield x[perm[i:i + batch_size]]


def train(acts, *, d_sae: int, l1_coefficient: float = 1.5, training_tokens: int | None = None,
          batch_size: int = 1024, lr: float = 4e-3, seed: int = 0, architecture: str = "standard",
          k: int | None = None, save_dir=None, metadata: dict | None = None, threads: int | None = 1):
    """Train an SAE on cached activations `acts: [n, d_in]` with sae-lens's `SAETrainer`, offline.

    The trainer sees shuffled full batches of rows, epoch after epoch, until `training_tokens` rows (default
    10 epochs, at least 200k and at most 1M rows). During training, activations are scaled so that the mean
    norm of x - mean(x) is sqrt(d_in) (sae-lens's activation scaler, folded back into the weights at the
    end, so the returned SAE reads raw activations), and b_dec starts at mean(x); so `l1_coefficient`
    does not depend on the activations' scale or offset. Runs on the CPU with `threads` torch threads (restored
    afterwards; None leaves torch's setting): at these sizes two threads gain little over one and, on a busy
    2-core machine, were 5x slower. A 128 -> 512 SAE on 50k rows takes ~20 s on one core.
    architecture "standard" (ReLU + L1 penalty `l1_coefficient`, warmed up over the first 5% of steps) or
    "topk" (`k` features per row). The lr is constant, then decays linearly to 0 over the last 20% of steps.
    Returns the inference SAE (StandardSAE / TopKSAE) in eval mode; saved with `save_model(save_dir)` when
    save_dir is given. `metadata` (e.g. {"hook_name": "blocks.3.hook_resid_post"}) is stored in its cfg.
    """
    from sae_lens import (LoggingConfig, StandardTrainingSAE, StandardTrainingSAEConfig, TopKTrainingSAE,
                          TopKTrainingSAEConfig)
    from sae_lens.config import SAETrainerConfig
    x = _acts2d(acts).float().cpu().contiguous()
    n, d_in = x.shape
    if not torch.isfinite(x).all():
        raise BadInput("acts contain NaN/inf values; drop those rows first.")
    batch_size = min(int(batch_size), n)
    if n < 2 or d_sae < 1:
        raise BadInput(f"need at least 2 rows and d_sae >= 1; got {n} rows, d_sae={d_sae}.")
    total = int(training_tokens) if training_tokens is not None else max(200_000, min(10 * n, 1_000_000))
    steps = total // batch_size
    if steps < 10:
        raise BadInput(f"training_tokens={total} gives {steps} steps of {batch_size} rows; use at least "
                       f"{10 * batch_size}.")
    common = dict(d_in=d_in, d_sae=int(d_sae), normalize_activations="expected_average_only_in")
    if architecture == "standard":
        cfg = StandardTrainingSAEConfig(**common, l1_coefficient=float(l1_coefficient),
                                        l1_warm_up_steps=steps // 20)
        cls = StandardTrainingSAE
    elif architecture == "topk":
        if k is None or not 1 <= int(k) <= d_sae:
            raise BadInput(f"architecture='topk' needs k in [1, d_sae={d_sae}]; got k={k}.")
        cfg, cls = TopKTrainingSAEConfig(**common, k=int(k)), TopKTrainingSAE
    else:
        raise BadInput(f"architecture must be 'standard' or 'topk'; got {architecture!r}.")
    for key, value in (metadata or {}).items():
        cfg.metadata[key] = value
    trainer_cfg = SAETrainerConfig(
        total_training_samples=steps * batch_size, train_batch_size_samples=batch_size, lr=float(lr),
        lr_end=float(lr), lr_decay_steps=steps // 5, device="cpu", dead_feature_window=max(steps // 4, 1),
        feature_sampling_window=max(steps, 1), logger=LoggingConfig(log_to_wandb=False))
    mean = x.mean(0)
    scale = math.sqrt(d_in) / float((x - mean).norm(dim=1).mean().clamp_min(1e-12))
    old_threads = torch.get_num_threads()
    try:
        if threads is not None:
            torch.set_num_threads(int(threads))
        sae = _fit(cls, cfg, trainer_cfg, x, mean, scale, batch_size, seed)
    finally:
        torch.set_num_threads(old_threads)
    if save_dir is not None:
        sae.save_model(save_dir)
    return sae


def _fit(cls, cfg, trainer_cfg, x, mean, scale, batch_size: int, seed: int):
    """Run sae-lens's SAETrainer from a seeded init without touching the global RNG; the inference SAE."""
    from sae_lens import SAE, SAETrainer
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        tsae = cls(cfg)
        with torch.no_grad():
            tsae.b_dec.copy_(mean * scale)
        trainer = SAETrainer(cfg=trainer_cfg, sae=tsae, data_provider=_row_batches(
            x, batch_size, torch.Generator().manual_seed(seed)))
        trainer.activation_scaler.scaling_factor = scale  # exact over all rows; fit() folds it in at the end
        tsae = trainer.fit()
        # training SAE -> inference SAE, as sae-lens's save_inference_model does, in memory
        state = {name: t.detach().clone() for name, t in tsae.state_dict().items()}
        tsae.process_state_dict_for_saving_inference(state)
        sae = SAE.from_dict(tsae.cfg.get_inference_sae_cfg_dict())  # random init, overwritten next
        sae.load_state_dict(state)
    return sae.eval()
