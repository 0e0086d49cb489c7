"""Part I's shared steps: statement activations, the partisan direction, and scored answers to policy questions.

Sign convention everywhere: RIGHT is positive (label 1, positive lean), LEFT is negative (label 0). The direction is
diff-in-means right minus left on the TRAIN statements; probes and spreads are reported on held-out statements.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from lib import activations, data, directions, generations, llm_judge, scoring
from lib.errors import BadInput


@dataclass
class StatementActs:
    """acts: [n_statements, n_layers, d_model] at `layers`; frame: the statements (same order), with `label`
    1 for right, 0 for left, -1 for neutral."""

    acts: torch.Tensor
    frame: pd.DataFrame
    layers: list[int]

    def select(self, *, split=None, leans=("left", "right")) -> "StatementActs":
        keep = self.frame.lean.isin(leans).to_numpy().copy()
        if split is not None:
            keep &= (self.frame.split == split).to_numpy()
        return StatementActs(self.acts[torch.from_numpy(keep)], self.frame[keep].reset_index(drop=True), self.layers)

    def at(self, layer: int) -> torch.Tensor:
        """[n, d_model] at one layer (a layer index of the model, not a position in `layers`)."""
        if layer not in self.layers:
            raise BadInput(f"layer {layer} was not collected; collected layers: {self.layers}")
        return self.acts[:, self.layers.index(layer)]


def statement_activations(model, *, layers=None, position: str = "mean", cache=True, progress=True) -> StatementActs:
    """Activations of every statement (left, right, neutral; both splits) at `layers` (default: all)."""
    frame = data.statements().reset_index(drop=True)
    layers = list(range(model.n_layers)) if layers is None else [model.layer_index(x) for x in layers]
    acts = activations.collect(model, frame.text.tolist(), layers, position, cache=cache, progress=progress)
    frame["label"] = frame.lean.map({"right": 1, "left": 0, "neutral": -1})
    return StatementActs(acts, frame, layers)


def partisan_direction(stacts: StatementActs, layer: int | None = None) -> torch.Tensor:
    """Unit diff-in-means direction (right minus left) from the TRAIN statements: [n_layers, d] or [d] at `layer`."""
    train = stacts.select(split="train")
    dirs = directions.diff_in_means(train.acts, train.frame.label.to_numpy(), positive=1)
    return dirs if layer is None else dirs[stacts.layers.index(layer)]


def score_lean(texts, judge: str = "lexicon", judge_model=None) -> np.ndarray:
    """Lean of each text in [-1, 1], right positive: the lexicon scorer, or an LLM judge's -3..3 score / 3.

    judge="lexicon" for the organism; judge="llm" with `judge_model` (a Model or Hugging Face id) on real models.
    Unparseable judge replies are NaN, never guessed.
    """
    if judge == "lexicon":
        return scoring.partisan_lean(list(texts))
    if judge == "llm":
        if judge_model is None:
            raise BadInput("judge='llm' needs judge_model= (a lib.models.Model or a Hugging Face id)")
        scores = llm_judge.judge(list(texts), "partisan_lean", judge_model)
        return np.array([np.nan if s is None else s / 3 for s in scores], dtype=float)
    raise BadInput(f"unknown judge {judge!r}; use 'lexicon' (organism) or 'llm' (real models, with judge_model=)")


def policy_answers(model, *, variants=("none",), split: str | None = "test", max_new_tokens: int = 40,
                   interventions=(), judge: str = "lexicon", judge_model=None, n: int | None = None,
                   **gen_kwargs) -> pd.DataFrame:
    """Greedy answers to the policy questions under each identity-cue variant, with their lean.

    Returns one row per (question, variant): id, topic, variant, cue ("none"/"explicit"/"implicit"), cue_side
    ("left"/"right"/None), prompt, answer, lean (right positive), label ("left"/"right"/"balanced").
    """
    questions = data.prompts(split=split)
    if n is not None:
        questions = questions.head(n)
    rows = []
    for variant in variants:
        if variant not in data.VARIANTS:
            raise BadInput(f"unknown variant {variant!r}; use one of {data.VARIANTS}")
        frame = questions[["id", "topic"]].copy()
        frame["variant"] = variant
        frame["cue"] = variant.split("_")[0]
        frame["cue_side"] = variant.split("_")[1] if "_" in variant else None
        frame["prompt"] = questions[f"variant_{variant}"].to_numpy()
        rows.append(frame)
    table = pd.concat(rows, ignore_index=True)
    table["answer"] = generations.generate_cached(model, table.prompt.tolist(), max_new_tokens=max_new_tokens,
                                           interventions=interventions, desc=f"answers ({model.name})", **gen_kwargs)
    table["lean"] = score_lean(table.answer, judge, judge_model)
    table["label"] = np.where(table.lean > 0, "right", np.where(table.lean < 0, "left", "balanced"))
    return table


def real_text_separation(model, direction: torch.Tensor, layer: int, frame: pd.DataFrame) -> dict:
    """How well a direction fit on the book's statements separates real party-labelled text (for example
    `lib.corpora.load_senator_tweets(n=200)`): projections of each `frame.text` (mean residual over its tokens at
    `layer`, BOS left out) onto `direction` [d_model], right positive. Returns {"n", "auc", "d"}: the ROC AUC with
    `frame.lean == "right"` as the positive class, and Cohen's d right minus left."""
    from lib import stats

    leans = set(frame.lean)
    if not leans <= {"left", "right"} or len(leans) < 2:
        raise BadInput(f"frame.lean must hold both 'left' and 'right' (and nothing else); got {sorted(leans)}")
    acts = activations.collect(model, frame.text.tolist(), [layer], position="mean")[:, 0]
    p = directions.project(acts, direction).numpy()
    right = (frame.lean == "right").to_numpy()
    return {"n": len(frame), "auc": stats.auc(p, right), "d": stats.cohens_d(p[right], p[~right])}
