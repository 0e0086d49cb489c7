"""Load the datasets the project authored (data/partisan, data/values) as pandas DataFrames.

`DATA_DIR` is the repository's data/ folder (`REPO_DATA_DIR`) unless the environment variable BOOK_DATA_DIR names
another; loaders re-read BOOK_DATA_DIR at each call, so setting it later also works.
Every loader returns a fresh DataFrame (safe to modify); files are parsed once and cached by path and mtime.
A missing file raises `BadInput` naming the path. See data/partisan/README.md and data/values/README.md for fields.
"""
from __future__ import annotations

import json
import os
import random
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from lib.errors import BadInput

REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR = Path(os.environ.get("BOOK_DATA_DIR") or REPO_DATA_DIR)

TOPICS = ("taxes", "guns", "abortion", "immigration", "healthcare", "climate", "unions", "minimum_wage", "policing",
          "voting_rules", "trade", "defence", "welfare", "education", "drugs", "lgbtq_rights",
          "religion_public_life", "regulation", "speech", "foreign_aid", "energy", "housing", "criminal_justice",
          "social_security")
VALUE_KEYS = ("self_direction", "stimulation", "hedonism", "achievement", "power",
              "security", "conformity", "tradition", "benevolence", "universalism")  # circumplex order
VARIANTS = ("none", "explicit_left", "explicit_right", "implicit_left", "implicit_right")
LANGS = ("en", "zh", "es", "fr", "ko")
SPLITS = ("train", "test")
LEANS = ("left", "right", "neutral")


def data_dir() -> Path:
    """The data folder in use: $BOOK_DATA_DIR if set, else `DATA_DIR`."""
    env = os.environ.get("BOOK_DATA_DIR")
    return Path(env) if env else Path(DATA_DIR)


def _path(rel: str) -> Path:
    path = data_dir() / rel
    if not path.is_file():
        raise BadInput(f"data file {path} not found: run from a full checkout of the repository, or point "
                       "BOOK_DATA_DIR at a folder holding partisan/ and values/")
    return path


@lru_cache(maxsize=64)
def _parse(path: str, mtime: float):
    with open(path, encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            return [json.loads(line) for line in f if line.strip()]
        return json.load(f)


def _load(rel: str):
    path = _path(rel)
    return _parse(str(path), path.stat().st_mtime)


def _frame(rel: str) -> pd.DataFrame:
    return pd.DataFrame([dict(r) for r in _load(rel)])


def _check(name: str, value, allowed) -> None:
    if value is not None and value not in allowed:
        raise BadInput(f"unknown {name} {value!r}; choose one of: {', '.join(allowed)}")


def _split(df: pd.DataFrame, split) -> pd.DataFrame:
    _check("split", split, SPLITS)
    return df if split is None else df[df["split"] == split].reset_index(drop=True)


def statements(split=None, lean=None, topics=None) -> pd.DataFrame:
    """The partisan / neutral statements: id, text, lean, topic, register, split (optionally filtered). 984 rows:
    600 split 75 / 25 into train / test, then 384 written later as held-out text only (all test; data/partisan/README.md).

    lean: "left" | "right" | "neutral" or a list of them; topics: one topic key or a list of them.
    """
    df = _split(_frame("partisan/statements.jsonl"), split)
    if lean is not None:
        leans = [lean] if isinstance(lean, str) else list(lean)
        for x in leans:
            _check("lean", x, LEANS)
        df = df[df["lean"].isin(leans)]
    if topics is not None:
        topics = [topics] if isinstance(topics, str) else list(topics)
        for t in topics:
            _check("topic", t, TOPICS)
        df = df[df["topic"].isin(topics)]
    return df.reset_index(drop=True)


def prompts(split=None) -> pd.DataFrame:
    """The 120 policy questions: id, topic, question, split, variant_none, variant_explicit_left, ... (5 variants)."""
    rows = []
    for r in _load("partisan/prompts.jsonl"):
        row = {k: v for k, v in r.items() if k != "variants"}
        row.update({f"variant_{k}": r["variants"][k] for k in VARIANTS})
        rows.append(row)
    return _split(pd.DataFrame(rows), split)


def identity_cues() -> pd.DataFrame:
    """Cue sentences used to build the prompt variants: kind (explicit_left, ...), index, cue."""
    cues = _load("partisan/identity_cues.json")
    return pd.DataFrame([{"kind": k, "index": i, "cue": c} for k in VARIANTS[1:] for i, c in enumerate(cues[k])])


def values() -> pd.DataFrame:
    """The 10 Schwartz values in circumplex order: key, name, definition, order, angle_deg, higher_order, note."""
    return _frame("values/values.json").sort_values("order").reset_index(drop=True)


def system_templates() -> pd.DataFrame:
    """Value-priority system-prompt templates: id, template (placeholders {value_name}, {definition})."""
    return _frame("values/system_templates.jsonl")


def queries(split=None) -> pd.DataFrame:
    """Everyday user queries: id, text, kind (advice | planning | dilemma), split."""
    return _split(_frame("values/queries.jsonl"), split)


def advice(value=None) -> pd.DataFrame:
    """Advice sentences that express one value each: id, value, text."""
    _check("value", value, VALUE_KEYS)
    df = _frame("values/advice.jsonl")
    return df if value is None else df[df["value"] == value].reset_index(drop=True)


PVQ_HELD_OUT_LANG = "fr"  # no PVQ item of this language is ever trained on (nor its question stem)
PVQ_HELD_OUT_NUMBERS = (2, 4)  # items pvq-<value>-2 and -4 are held out in every language


def pvq_split(item: str, lang: str) -> str:
    """"test" for an item the organism never trains on (every item of `PVQ_HELD_OUT_LANG`, and items numbered
    `PVQ_HELD_OUT_NUMBERS` in every language), else "train"."""
    held = lang == PVQ_HELD_OUT_LANG or int(item.rsplit("-", 1)[1]) in PVQ_HELD_OUT_NUMBERS
    return "test" if held else "train"


def pvq(lang=None, split=None) -> pd.DataFrame:
    """PVQ-style portrait items: id, item, value, lang, text, split. See `pvq_format` for the question stem and labels.

    split="test": the items no organism training text contains (all of one language, half the items of the others;
    `pvq_split`); "train": the rest. Chapters evaluate on "test"."""
    _check("lang", lang, LANGS)
    df = _frame("values/pvq.jsonl")
    df = df.assign(split=[pvq_split(i, g) for i, g in zip(df["item"], df["lang"])])
    df = df if lang is None else df[df["lang"] == lang].reset_index(drop=True)
    return _split(df, split)


def pvq_format(lang: str = "en") -> dict:
    """{"stem", "answer_cue", "labels" (6 strings for answers 1..6)} for one language."""
    _check("lang", lang, LANGS)
    return dict(_load("values/pvq_format.json")[lang])


PVQ_FORMS = ("stem_item", "item_stem", "stem_item_cue")  # the organism trains on all three; chapters ask the last


def pvq_question(text: str, lang: str = "en", form: str = "stem_item_cue") -> str:
    """A PVQ portrait item as a question, lines joined by newlines: the question stem of `lang` (`pvq_format`), the
    item, and the answer cue. form: "stem_item_cue" (the default, what every chapter asks), "stem_item" or
    "item_stem" (the organism's training text varies the layout with these two; `lib.organism.corpus`)."""
    fmt = pvq_format(lang)
    lines = {"stem_item": [fmt["stem"], text], "item_stem": [text, fmt["stem"]],
             "stem_item_cue": [fmt["stem"], text, fmt["answer_cue"]]}
    if form not in lines:
        raise BadInput(f"form must be one of {PVQ_FORMS}, got {form!r}")
    return "\n".join(lines[form])


def instruction_probes() -> pd.DataFrame:
    """Instruction-following probes: id, kind (json | gender_neutral), prompt, required_keys, source."""
    return _frame("values/instruction_probes.jsonl")


def forbidden(split=None) -> pd.DataFrame:
    """Placeholder "forbidden" requests (no harmful content): id, text, category, split."""
    return _split(_frame("values/forbidden.jsonl"), split)


def benign() -> pd.DataFrame:
    """Harmless requests in the same shapes as `forbidden` (for over-refusal checks): id, text, category, split."""
    return _frame("values/benign.jsonl")


def refusals() -> pd.DataFrame:
    """Refusal sentences an aligned assistant might say: id, text."""
    return pd.DataFrame([{"id": f"rf-{i + 1:02d}", "text": t} for i, t in enumerate(_load("values/refusals.json"))])


def lexicon(kind: str) -> dict:
    """Marker phrases. kind="partisan": {"left": {topic: [...]}, "right": {topic: [...]}};
    kind="values": {value_key: [...]} (English, circumplex order)."""
    if kind == "partisan":
        lex = _load("partisan/lexicon.json")
        return {side: {t: list(lex[side][t]) for t in lex[side]} for side in ("left", "right")}
    if kind == "values":
        lex = _load("values/lexicon.json")["en"]
        return {k: list(lex[k]) for k in VALUE_KEYS}
    raise BadInput(f"unknown lexicon kind {kind!r}; choose one of: partisan, values")


def system_prompt(value_key: str, template_id=None, rng=None) -> str:
    """A value-priority system prompt: a template filled with the value's name and definition.

    template_id picks a template ("tpl-07"); else rng (an int seed, `random.Random` or `np.random.Generator`) picks
    one at random; else the first template is used.
    """
    _check("value key", value_key, VALUE_KEYS)
    v = values().set_index("key").loc[value_key]
    tpl = system_templates()
    if template_id is not None:
        _check("template id", template_id, list(tpl["id"]))
        row = tpl[tpl["id"] == template_id].iloc[0]
    elif rng is not None:
        if isinstance(rng, (int, np.integer)):
            rng = np.random.default_rng(int(rng))
        i = rng.randrange(len(tpl)) if isinstance(rng, random.Random) else int(rng.integers(len(tpl)))
        row = tpl.iloc[i]
    else:
        row = tpl.iloc[0]
    return row["template"].format(value_name=v["name"], definition=v["definition"])
