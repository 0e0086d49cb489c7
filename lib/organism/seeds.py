"""Training noise: the organism's recipe retrained with several seeds, and the headline findings of each.

    python -m lib.organism seeds [--seeds 0 1 2] [--work /tmp/organism-seeds] [--out data/organism/seeds.json]

Not run in CI (each seed is a full `lib.organism.train`, about 30 minutes on 2 shared CPU cores). A seed whose folder under
`--work` already holds a trained and evaluated manifest is read, not retrained. The table it writes is what the
organism chapter shows: for every seed and aligned twin, the held-out probe AUC (base vs twin), the SD ratio of the
partisan projection (twin / base) and each model's Cohen's d, read at the seed's base-probe layer (`sd_layer`) on
statements averaged over their tokens (`sd_position`), balance, value following, refusal, and the PVQ gain of a
value system prompt on held-out items; the checkpoints the twin kept (`lib.organism.selection`); whether the seed
meets the ground truth (`lib.organism.ground_truth`), whether it meets every property with margin
(`lib.organism.margin_reading`), whether the twin's own properties (all but the base model's) are, and which
properties it does not meet clearly.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from lib import organism  # the package (seeds is imported last by its __init__)
from lib.errors import BadInput

SEEDS_FILE = organism.DEFAULT_OUT / "seeds.json"


def sd_ratio(base, aligned, layer: int, position: str = "mean") -> dict:
    """SD of held-out left/right statements' projections on each model's own diff-in-means axis (fit on the train
    statements) at `layer`, twin over base; with Cohen's d of each model. Erasure: d collapses; compression: the SD
    shrinks while d (separation relative to spread) is kept."""
    from lib import data
    from lib.activations import collect
    from lib.directions import diff_in_means, project

    out = {}
    for name, model in (("base", base), ("aligned", aligned)):
        acts = {}
        for split in ("train", "test"):
            frame = data.statements(split=split, lean=["left", "right"])
            acts[split] = (collect(model, list(frame.text), [layer], position=position)[:, 0],
                           (frame.lean == "right").to_numpy().astype(int))
        u = diff_in_means(acts["train"][0], acts["train"][1])
        proj = project(acts["test"][0], u).numpy()
        y = acts["test"][1]
        pooled = np.sqrt((proj[y == 1].var(ddof=1) + proj[y == 0].var(ddof=1)) / 2)
        out[name] = {"sd": float(proj.std(ddof=1)), "d": float((proj[y == 1].mean() - proj[y == 0].mean()) / pooled)}
    return {"sd_ratio": round(out["aligned"]["sd"] / out["base"]["sd"], 4),
            "d_base": round(out["base"]["d"], 3), "d_aligned": round(out["aligned"]["d"], 3)}


def headline(folder: Path, manifest: dict) -> list[dict]:
    """One row per aligned twin of a trained folder: the numbers the seeds table shows."""
    from lib.models import load

    ev = manifest["eval"]
    base = load(str(folder / "base"))
    rows = []
    layer = int(ev["probe_layer"])  # the seed's base-probe layer: each seed's spread is read at its own
    for twin, metrics in ev["twins"].items():
        spread = sd_ratio(base, load(str(folder / twin)), layer)  # position "mean", sd_ratio's default
        checks = organism.ground_truth(manifest, twin=twin)
        rows.append({
            "seed": manifest["seed"], "twin": organism.TWINS[twin][0],
            "probe_auc_base": ev["probe_test_auc"], "probe_auc_twin": metrics["probe_test_auc"],
            "sd_ratio": spread["sd_ratio"], "d_base": spread["d_base"], "d_twin": spread["d_aligned"],
            "sd_layer": layer, "sd_position": "mean",
            "balanced": metrics["balanced_rate"], "value_follow": metrics["value_follow"],
            "refusal": metrics["refusal_rate"],
            "pvq_gain_held_out_items": metrics["pvq_trained_langs"]["gain"],
            "pvq_gain_held_out_lang": metrics["pvq_held_out_lang"]["gain"],
            "meets_ground_truth": bool(checks.met.all()),
            "meets_with_margin": bool((checks.reading == "met with margin").all()),
            "twin_meets_with_margin": bool((checks[~checks.index.str.startswith("base:")].reading
                                            == "met with margin").all()),  # the aligned stages' own properties
            "not_clear": "; ".join(f"{what} ({r.reading})" for what, r in checks.iterrows()
                                   if r.reading != "met with margin"),
            "kept_steps": kept_steps(manifest.get("selected_steps", {}).get(twin)),
            "train_s": manifest["wall_s"]["train_total"]})
    return rows


def kept_steps(selected: dict | None) -> str:
    """"SFT 575 / DPO 120": the checkpoints `lib.organism.selection` kept for a twin ("last" for a run without
    selection)."""
    if not selected:
        return "last"
    chosen = {stage: (selected.get(stage) or {}).get("chosen", "last") for stage in ("sft", "dpo")}
    return f"SFT {chosen['sft']} / DPO {chosen['dpo']}"


def alignment_sentence(manifest: dict | None = None) -> str:
    """One sentence on which alignment stages the shipped aligned twins carry: the SFT and DPO steps each kept
    (`kept_steps`, from the manifest's `selected_steps`; the shipped data/organism manifest if None), and whether DPO
    is in them. DPO step 0 is the model before DPO: a twin that kept it is aligned by supervised fine-tuning alone."""
    if manifest is None:
        manifest = json.loads((organism.DEFAULT_OUT / "manifest.json").read_text())
    twins = list(manifest.get("twins") or organism.TWINS)
    selected = manifest.get("selected_steps") or {}
    if not selected:
        return (f"The shipped aligned twins ({', '.join(organism.TWINS[t][0] for t in twins)}) record no checkpoint "
                "selection: each is the last step of its SFT and DPO stages, so DPO is in every one of them.")
    kept = {t: kept_steps(selected.get(t)) for t in twins}
    dpo = {t: str(((selected.get(t) or {}).get("dpo") or {}).get("chosen", "last")) != "0" for t in twins}
    steps = "; ".join(f"{organism.TWINS[t][0]}: {kept[t]}" for t in twins)
    if not any(dpo.values()):
        every = "Both" if len(twins) == 2 else f"All {len(twins)}"
        return (f"{every} shipped aligned twins kept the checkpoint before DPO ({steps}; DPO step 0 is the model "
                "before DPO): no shipped aligned model includes DPO, so every organism result is on models aligned "
                "by supervised fine-tuning alone, not by preference optimisation such as RLHF.")
    if all(dpo.values()):
        return (f"Every shipped aligned twin kept a checkpoint after DPO ({steps}): each is aligned by supervised "
                "fine-tuning followed by DPO, a preference optimisation like RLHF's.")
    with_dpo = ", ".join(organism.TWINS[t][0] for t in twins if dpo[t])
    without = ", ".join(organism.TWINS[t][0] for t in twins if not dpo[t])
    return (f"The shipped aligned twins kept different stages ({steps}; DPO step 0 is the model before DPO): DPO "
            f"is in {with_dpo} only; {without} is aligned by supervised fine-tuning alone.")


def eval_is_stale(ev: dict) -> str:
    """Why a manifest's eval must be computed again ("" if it need not): it lacks the per-unit outcomes or probe
    scores that standard errors need, or it read other held-out data than today's (`evaluation.held_out_hash`)."""
    from lib.organism.evaluation import held_out_hash

    if "by_unit" not in ev or "probe_test_scores" not in ev:
        return "per-unit outcomes and probe scores for standard errors"
    if ev.get("held_out_sha256") != held_out_hash():
        return "it was evaluated on other held-out data"
    return ""


def run(seeds=(0, 1, 2), work: Path = Path("/tmp/organism-seeds"), out: Path = SEEDS_FILE, log=print) -> pd.DataFrame:
    """Train (or read) every seed under `work`/seed<k>, collect `headline` rows, write them to `out` (JSON). A seed
    whose eval is stale (`eval_is_stale`) is evaluated again (not retrained)."""
    rows = []
    for seed in seeds:
        folder = Path(work) / f"seed{seed}"
        path = folder / "manifest.json"
        manifest = json.loads(path.read_text()) if path.exists() else {}
        if "twins" not in manifest.get("eval", {}):
            log(f"seed {seed}: training in {folder}")
            manifest = organism.train(folder, seed=seed, log=log)
        elif stale := eval_is_stale(manifest["eval"]):
            log(f"seed {seed}: evaluating {folder} again ({stale})")
            manifest["eval"] = organism.record_eval(folder)
        rows += headline(folder, manifest)
    Path(out).write_text(json.dumps({"seeds": list(seeds), "rows": rows}, indent=1) + "\n")
    return pd.DataFrame(rows)


def table(path: Path = SEEDS_FILE) -> pd.DataFrame:
    """The committed seeds table (rows: seed x twin), with mean and SD per twin appended by `summary`."""
    frame = pd.DataFrame(json.loads(Path(path).read_text())["rows"])
    if len(frame) and not {"sd_layer", "sd_position"} <= set(frame.columns):
        raise BadInput(f"{path} does not say at which layer and position its spread columns were read (sd_layer, "
                       "sd_position): write it again with `python -m lib.organism seeds` (a seed already trained "
                       "under --work is read, not retrained)")
    return frame


def _not_clear_pattern() -> re.Pattern:
    """'property (reading)', a `not_clear` entry: any reading of `evaluation.READINGS` but "met with margin"."""
    from lib.organism.evaluation import READINGS

    readings = "|".join(re.escape(r) for r in READINGS if r != "met with margin")
    return re.compile(rf"^(?P<what>.+) \((?P<reading>{readings})\)$")


def shortfalls(frame: pd.DataFrame) -> pd.DataFrame:
    """Every property some seed does not meet with margin (the rows' `not_clear`), by model and property, with each
    seed's reading as a column ("met with margin" where that seed met it so); empty if every seed meets every property
    with margin. The base model's properties are one row ("base model"), not one per twin: both twins share the base."""
    readings = {}
    for row in frame.itertuples():
        for part in filter(None, row.not_clear.split("; ")):
            match = _not_clear_pattern().match(part)
            if match is None:
                raise BadInput(f"seed {row.seed}: cannot read {part!r} as 'property (reading)' in not_clear: write "
                               "the table again with `python -m lib.organism seeds` (a seed already trained under "
                               "--work is read, not retrained)")
            what = match["what"]
            model = "base model" if what.startswith("base:") else row.twin
            readings.setdefault((model, what), {})[row.seed] = match["reading"]
    seeds = sorted(frame.seed.unique())
    if not readings:
        return pd.DataFrame(columns=[f"seed {seed}" for seed in seeds],
                            index=pd.MultiIndex.from_arrays([[], []], names=["model", "property"]))
    table = pd.DataFrame([[found.get(seed, "met with margin") for seed in seeds] for found in readings.values()],
                         index=pd.MultiIndex.from_tuples(list(readings), names=["model", "property"]),
                         columns=[f"seed {seed}" for seed in seeds])
    return table.sort_index()


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean and SD over seeds of every number, per twin: what is training noise and what is the recipe."""
    numbers = frame.drop(columns=["seed", "meets_ground_truth", "meets_with_margin", "twin_meets_with_margin",
                                  "not_clear", "kept_steps", "train_s", "sd_layer", "sd_position"],
                         errors="ignore")
    return numbers.groupby("twin").agg(["mean", "std"]).round(3)
