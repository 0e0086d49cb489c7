"""Real corpora from the Hugging Face hub for the real-model path, mapped onto the project's own columns.

The book's own data (`lib.data`) is authored: a controlled stand-in that a lexicon can label exactly. On a real model
the chapters can also read real text with real labels. Each corpus here is loaded by its hub id at run time (the book
never ships it), then mapped onto the columns of the project data it stands in for:

    load_senator_tweets   m-newhauser/senator-tweets: 2021 tweets of US senators, party-labelled (Part I);
                          returns `lib.data.statements()` columns: id, text, lean ("left" | "right"), topic,
                          register, split (+ party, author)
    load_valueeval        webis/Touche23-ValueEval: arguments labelled with Schwartz-based value categories
                          (Part II); returns `lib.data.advice()` columns: id, value, text (+ split, values)

`CORPORA` names each corpus's id, revision, licence, url and citation; `licences()` is the table for a chapter.
Every loader takes fixture=True (a small authored file in the hub's raw schema, shipped in data/fixtures/, so the
mapping is tested offline) or source=<path> (a local copy in the hub's format: .parquet, .jsonl, .json, .csv, .tsv).
A hub that cannot be reached raises `ModelAccessError` (an OSError) naming the id and the three ways out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lib import data
from lib.errors import BadInput, ModelAccessError

__all__ = ["Corpus", "CORPORA", "SENATOR_TWEETS", "VALUEEVAL", "VALUEEVAL_CATEGORIES", "CATEGORY_VALUE",
           "load", "load_senator_tweets", "load_valueeval", "map_senator_tweets", "map_valueeval", "licences",
           "sample_balanced", "fixture_path"]


@dataclass(frozen=True)
class Corpus:
    """One hub corpus: where it lives, under which terms, and how its columns map onto the project's."""

    name: str
    id: str                      # Hugging Face dataset id
    revision: str | None         # a pinned commit, or None for the default branch
    licence: str                 # as the dataset card states it ("unspecified" where the card names none)
    url: str
    citation: str
    part: str                    # "I" (Neutral Mask) or "II" (value mechanisms)
    used_for: str
    stands_in_for: str           # the `lib.data` loader whose columns the mapping returns
    splits: dict[str, str]       # our split name -> the hub's split (or the data file at `revision`)
    columns: dict[str, str]      # the hub's raw column -> what it becomes
    fixture: dict[str, str]      # our split name -> fixture file under data/fixtures/
    caveat: str = ""
    raw_columns: tuple[str, ...] = field(default=())


SENATOR_TWEETS = Corpus(
    name="senator_tweets",
    id="m-newhauser/senator-tweets",
    revision=None,
    licence="unspecified (the card and dataset_infos.json name no licence; tweets remain their authors')",
    url="https://huggingface.co/datasets/m-newhauser/senator-tweets",
    citation="Newhauser, M. (2022). senator-tweets: 99,693 tweets of US senators, 20 Jan - 31 Dec 2021 "
             "[dataset]. Hugging Face, m-newhauser/senator-tweets.",
    part="I",
    used_for="real party-labelled congressional text: the partisan direction, probes and the lean judge's "
             "agreement on real tweets instead of the authored statements",
    stands_in_for="lib.data.statements",
    splits={"train": "train", "test": "test"},
    columns={"id": "id (as 'stw-<id>')", "text": "text", "labels": "lean (1 Democrat -> left, 0 Republican -> "
             "right)", "party": "party (checked against labels)", "username": "author", "date": "dropped"},
    fixture={"train": "senator-tweets/train.jsonl", "test": "senator-tweets/test.jsonl"},
    caveat="No licence is declared: the book loads it at run time for teaching and research and never redistributes "
           "it. The uploader relabelled the two Independent senators' tweets as Democrat. There are no neutral rows.",
    raw_columns=("date", "id", "username", "text", "party", "labels"),
)

# 20 value categories ("level 2" of Kiesel et al. 2022), in the order of the dataset's Labels vector.
VALUEEVAL_CATEGORIES = (
    "Self-direction: thought", "Self-direction: action", "Stimulation", "Hedonism", "Achievement",
    "Power: dominance", "Power: resources", "Face", "Security: personal", "Security: societal", "Tradition",
    "Conformity: rules", "Conformity: interpersonal", "Humility", "Benevolence: caring",
    "Benevolence: dependability", "Universalism: concern", "Universalism: nature", "Universalism: tolerance",
    "Universalism: objectivity")
# Each category's basic Schwartz value (the project's keys). Face and Humility sit on boundaries between basic values
# in Schwartz's refined theory (2012) and map to none; an argument labelled only with them has no value here.
CATEGORY_VALUE = {c: (None if c in ("Face", "Humility") else
                      re.sub(r"[- ]", "_", c.split(":")[0].lower())) for c in VALUEEVAL_CATEGORIES}

VALUEEVAL = Corpus(
    name="valueeval",
    id="webis/Touche23-ValueEval",
    # The last commit with the data as TSV files and no loading script (the default branch now holds only a
    # script, which `datasets` >= 4 no longer runs).
    revision="c56a063fda5467e577a5342e536473e2ff2b1dc9",
    licence="CC-BY-4.0",
    url="https://huggingface.co/datasets/webis/Touche23-ValueEval",
    citation="Mirzakhmedova, N., Kiesel, J., et al. (2023). The Touche23-ValueEval Dataset for Identifying Human "
             "Values behind Arguments. arXiv:2301.13771.",
    part="II",
    used_for="real value-labelled text for the value-expression judge and value probes, in place of the authored "
             "advice sentences (the paper's own queries and labelled responses are not on the hub)",
    stands_in_for="lib.data.advice",
    splits={"train": "data/training-00000-of-00001.tsv", "validation": "data/validation-00000-of-00001.tsv"},
    columns={"Argument ID": "id (as 've-<Argument ID>')", "Stance, Conclusion, Premise":
             "text (\"<Stance> '<Conclusion>': <Premise>\", the card's own print format)",
             "Labels": "values (20 categories -> 10 basic values) and value (when exactly one)"},
    fixture={"train": "touche23-valueeval/training-00000-of-00001.tsv",
             "validation": "touche23-valueeval/validation-00000-of-00001.tsv"},
    caveat="Arguments, not advice; most carry several values (value is set only where exactly one basic value "
           "remains). Face and Humility map to no basic value.",
    raw_columns=("Argument ID", "Conclusion", "Stance", "Premise", "Labels"),
)

CORPORA = {c.name: c for c in (SENATOR_TWEETS, VALUEEVAL)}


def licences() -> pd.DataFrame:
    """One row per corpus: name, part, id, revision, licence, url, used_for, caveat (for a chapter's sources box)."""
    return pd.DataFrame([{k: getattr(c, k) for k in ("name", "part", "id", "revision", "licence", "url",
                                                     "used_for", "caveat")} for c in CORPORA.values()])


# ---------------------------------------------------------------- reading raw tables
def fixture_path(name: str, split: str) -> Path:
    """The authored fixture of corpus `name` for `split` (under data/fixtures/ of `lib.data.data_dir()`)."""
    corpus = _corpus(name)
    _check_split(corpus, split)
    path = data.data_dir() / "fixtures" / corpus.fixture[split]
    if not path.is_file():
        raise BadInput(f"fixture {path} not found: run from a full checkout, or point BOOK_DATA_DIR at a data folder "
                       "holding fixtures/")
    return path


def _corpus(name: str) -> Corpus:
    if name not in CORPORA:
        raise BadInput(f"unknown corpus {name!r}; choose one of: {', '.join(CORPORA)}")
    return CORPORA[name]


def _check_split(corpus: Corpus, split: str) -> None:
    if split not in corpus.splits:
        raise BadInput(f"corpus {corpus.name} has no split {split!r}; choose one of: {', '.join(corpus.splits)}")


def _read_file(path) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"source file {path} not found; pass the path of a local copy in the hub's format")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in (".jsonl", ".json"):
        return pd.read_json(path, lines=suffix == ".jsonl", dtype=False)
    if suffix in (".csv", ".tsv"):
        return pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False)
    raise BadInput(f"cannot read {path.name}: give a .parquet, .jsonl, .json, .csv or .tsv file")


def _hub_table(corpus: Corpus, split: str, revision: str | None) -> pd.DataFrame:
    try:
        import datasets
    except ImportError:
        raise BadInput("loading a hub corpus needs the `datasets` package: pip install datasets") from None
    target = corpus.splits[split]
    kwargs = dict(revision=revision or corpus.revision)
    if "/" in target:  # a data file at a pinned revision
        kwargs.update(data_files={split: target}, split=split)
    else:
        kwargs.update(split=target)
    try:
        ds = datasets.load_dataset(corpus.id, **kwargs)
    except (OSError, RuntimeError) as err:  # offline, not cached, gated, wrong id (all OSError), script repos
        first = (str(err).splitlines() or [""])[0][:160]
        raise ModelAccessError(
            f"could not load the corpus {corpus.id!r} ({type(err).__name__}: {first}); check the network and that "
            "HF_HUB_OFFLINE / HF_DATASETS_OFFLINE are unset, set HF_TOKEN if the dataset is gated, or pass "
            f"source=<a local copy in the hub's format> or fixture=True (the small authored fixture in "
            "data/fixtures/).") from err
    return ds.to_pandas()


def _raw(corpus: Corpus, split: str, fixture: bool, source, revision) -> pd.DataFrame:
    _check_split(corpus, split)
    if fixture and source is not None:
        raise BadInput("give fixture=True or source=<path>, not both")
    from lib import standin

    if not fixture and source is None and standin.mode():
        print(f"[lib.corpora] stand-in models (BOOK_STANDIN={standin.mode()}): reading the authored fixture of "
              f"{corpus.id}, not the hub")
        fixture = True
    if fixture:
        raw = _read_file(fixture_path(corpus.name, split))
    elif source is not None:
        raw = _read_file(source)
    else:
        raw = _hub_table(corpus, split, revision)
    missing = [c for c in corpus.raw_columns if c not in raw.columns]
    if missing:
        raise BadInput(f"the {corpus.name} table lacks the column(s) {missing} (columns: {list(raw.columns)}); "
                       f"give a copy of {corpus.id} with its original columns")
    return raw


# ---------------------------------------------------------------- sampling
def sample_balanced(frame: pd.DataFrame, by: str, n: int | None, seed: int = 0, order=None) -> pd.DataFrame:
    """n rows taking the classes of column `by` in turn (each class shuffled by `seed`): as balanced as the classes'
    sizes allow, deterministic. order: the classes' order (default sorted); n=None returns the frame unchanged."""
    if n is None:
        return frame.reset_index(drop=True)
    if n < 1:
        raise BadInput(f"n must be a positive number of rows; got {n}")
    rng = np.random.default_rng(seed)
    classes = list(order) if order is not None else sorted(frame[by].dropna().unique())
    pools = [list(frame.index[(frame[by] == c).to_numpy()][rng.permutation(int((frame[by] == c).sum()))])
             for c in classes]
    picked = [pool[i] for i in range(max(map(len, pools), default=0)) for pool in pools if i < len(pool)]
    return frame.loc[picked[:n]].reset_index(drop=True)


# ---------------------------------------------------------------- Part I: senator tweets
LEAN_OF_LABEL = {1: "left", 0: "right"}       # the dataset's ClassLabel: "0" Republican, "1" Democrat
PARTY_OF_LABEL = {1: "Democrat", 0: "Republican"}


def map_senator_tweets(raw: pd.DataFrame, split: str) -> pd.DataFrame:
    """senator-tweets rows -> `lib.data.statements()` columns (id, text, lean, topic, register, split) + party,
    author. Raises BadInput if a row's `party` contradicts its `labels`."""
    labels = pd.to_numeric(raw["labels"], errors="coerce")
    bad = ~labels.isin(list(LEAN_OF_LABEL))
    if bad.any():
        raise BadInput(f"senator-tweets labels must be 0 (Republican) or 1 (Democrat); row {int(np.argmax(bad))} "
                       f"has {raw['labels'].iloc[int(np.argmax(bad))]!r}")
    labels = labels.astype(int)
    clash = raw["party"].astype(str).to_numpy() != labels.map(PARTY_OF_LABEL).to_numpy()
    if clash.any():
        i = int(np.argmax(clash))
        raise BadInput(f"senator-tweets row {i} has party {raw['party'].iloc[i]!r} but labels {labels.iloc[i]}; "
                       "expected 0 = Republican, 1 = Democrat")
    return pd.DataFrame({"id": ["stw-" + str(x) for x in raw["id"]], "text": raw["text"].astype(str).to_numpy(),
                         "lean": labels.map(LEAN_OF_LABEL).to_numpy(), "topic": "", "register": "tweet",
                         "split": split, "party": raw["party"].astype(str).to_numpy(),
                         "author": raw["username"].astype(str).to_numpy()})


def load_senator_tweets(split: str = "test", n: int | None = None, *, seed: int = 0, fixture: bool = False,
                        source=None, revision: str | None = None) -> pd.DataFrame:
    """US senators' 2021 tweets with their party as `lean` (Democrat -> "left", Republican -> "right"), in the
    columns of `lib.data.statements()`. split: "train" (79,754 on the hub) or "test" (19,939). n: a balanced, seeded
    sample (n/2 per side); fixture=True: the 24-row authored fixture; source: a local copy in the hub's format."""
    raw = _raw(SENATOR_TWEETS, split, fixture, source, revision)
    return sample_balanced(map_senator_tweets(raw, split), "lean", n, seed, order=("left", "right"))


# ---------------------------------------------------------------- Part II: Touche23-ValueEval
def _label_vector(x) -> list[int]:
    items = x if isinstance(x, (list, tuple, np.ndarray)) else re.findall(r"-?\d+(?:\.\d+)?", str(x))
    out = [int(float(v)) for v in items]
    if len(out) != len(VALUEEVAL_CATEGORIES) or set(out) - {0, 1}:
        raise BadInput(f"a ValueEval Labels entry must hold {len(VALUEEVAL_CATEGORIES)} zeros and ones; got {x!r}")
    return out


def map_valueeval(raw: pd.DataFrame, split: str, single_value: bool = True) -> pd.DataFrame:
    """Touche23-ValueEval rows -> `lib.data.advice()` columns (id, value, text) + split, values.

    values: the basic Schwartz values (project keys, circumplex order) of the argument's categories; value: the one
    value when exactly one remains, else None. single_value=True keeps only those arguments (like advice.jsonl, one
    known value per text)."""
    rows = []
    for r in raw.to_dict("records"):
        cats = [c for c, on in zip(VALUEEVAL_CATEGORIES, _label_vector(r["Labels"])) if on]
        keys = {CATEGORY_VALUE[c] for c in cats} - {None}
        vals = tuple(k for k in data.VALUE_KEYS if k in keys)
        text = f"{str(r['Stance']).strip().capitalize()} '{str(r['Conclusion']).strip()}': {str(r['Premise']).strip()}"
        rows.append({"id": f"ve-{r['Argument ID']}", "value": vals[0] if len(vals) == 1 else None, "text": text,
                     "split": split, "values": vals})
    frame = pd.DataFrame(rows, columns=["id", "value", "text", "split", "values"])
    if single_value:
        frame = frame[frame["value"].notna()]
    return frame.reset_index(drop=True)


def load_valueeval(split: str = "validation", n: int | None = None, *, seed: int = 0, single_value: bool = True,
                   fixture: bool = False, source=None, revision: str | None = None) -> pd.DataFrame:
    """Arguments labelled with the human values they resort to, as `lib.data.advice()` columns (id, value, text)
    + split, values. split: "train" (5,393 arguments) or "validation" (1,896). n: a seeded sample taking the values
    in turn (circumplex order); fixture=True: the authored fixture; source: a local TSV/parquet in the hub's format."""
    raw = _raw(VALUEEVAL, split, fixture, source, revision)
    frame = map_valueeval(raw, split, single_value=single_value)
    if n is None:
        return frame
    present = [k for k in data.VALUE_KEYS if (frame["value"] == k).any()]
    return sample_balanced(frame, "value", n, seed, order=present)


LOADERS = {"senator_tweets": load_senator_tweets, "valueeval": load_valueeval}


def load(name: str, **kwargs) -> pd.DataFrame:
    """`load_<name>(**kwargs)` by corpus name ("senator_tweets", "valueeval")."""
    _corpus(name)
    return LOADERS[name](**kwargs)
