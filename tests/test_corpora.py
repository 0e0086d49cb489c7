"""Hub corpora: the mapping from each corpus's raw schema (the authored fixtures) onto the project's columns, the
hub call's arguments, the offline error, and a named licence for every corpus."""
import json
import os
import re
import subprocess
import sys

import datasets
import pandas as pd
import pytest

from lib import corpora, data
from lib.errors import BadInput, ModelAccessError


# ---------------------------------------------------------------- Part I: senator tweets
def test_senator_fixture_maps_onto_statement_columns():
    st = corpora.load_senator_tweets("train", fixture=True)
    assert list(st.columns[:6]) == list(data.statements().columns) == ["id", "text", "lean", "topic", "register",
                                                                        "split"]
    assert list(st.columns[6:]) == ["party", "author"]
    assert len(st) == 12 and st.lean.value_counts().to_dict() == {"left": 6, "right": 6}
    first, second = st.iloc[0], st.iloc[1]
    # row 0 is a Democrat (labels 1) -> left; row 1 a Republican (labels 0) -> right
    assert (first.id, first.lean, first.party, first.author) == ("stw-1000000000000007919", "left", "Democrat",
                                                                 "SenFixtureAlder")
    assert (second.lean, second.party) == ("right", "Republican")
    assert first.text.startswith("Great to visit the county fair")
    assert set(st.register) == {"tweet"} and set(st.split) == {"train"} and set(st.topic) == {""}
    assert (st.lean == st.party.map({"Democrat": "left", "Republican": "right"})).all()


def test_senator_balanced_sample_is_seeded():
    a = corpora.load_senator_tweets("test", n=6, fixture=True, seed=1)
    assert list(a.lean) == ["left", "right"] * 3 and set(a.split) == {"test"}
    assert a.equals(corpora.load_senator_tweets("test", n=6, fixture=True, seed=1))
    assert list(a.id) != list(corpora.load_senator_tweets("test", n=6, fixture=True, seed=2).id)
    assert len(corpora.load_senator_tweets("test", n=100, fixture=True)) == 12  # no more than there is


def test_senator_party_that_contradicts_labels_is_refused():
    raw = pd.read_json(corpora.fixture_path("senator_tweets", "test"), lines=True, dtype=False)
    raw.loc[3, "labels"] = 1 - raw.loc[3, "labels"]
    with pytest.raises(BadInput, match="row 3 has party 'Republican' but labels 1"):
        corpora.map_senator_tweets(raw, "test")
    raw.loc[3, "labels"] = 2
    with pytest.raises(BadInput, match="0 \\(Republican\\) or 1 \\(Democrat\\)"):
        corpora.map_senator_tweets(raw, "test")


# ---------------------------------------------------------------- Part II: Touche23-ValueEval
def test_category_map_covers_the_ten_values():
    assert len(corpora.VALUEEVAL_CATEGORIES) == 20
    assert corpora.CATEGORY_VALUE["Self-direction: thought"] == "self_direction"
    assert corpora.CATEGORY_VALUE["Power: resources"] == "power"
    assert corpora.CATEGORY_VALUE["Universalism: objectivity"] == "universalism"
    assert corpora.CATEGORY_VALUE["Face"] is None and corpora.CATEGORY_VALUE["Humility"] is None
    assert set(corpora.CATEGORY_VALUE.values()) - {None} == set(data.VALUE_KEYS)


def test_valueeval_fixture_maps_onto_advice_columns():
    ve = corpora.load_valueeval("train", fixture=True)
    assert list(ve.columns[:3]) == list(data.advice().columns) == ["id", "value", "text"]
    assert list(ve.columns[3:]) == ["split", "values"]
    by_id = ve.set_index("id")
    assert len(ve) == 15 and set(ve.value) == set(data.VALUE_KEYS)
    assert by_id.loc["ve-X01001", "value"] == "self_direction"     # Self-direction: action
    assert by_id.loc["ve-X01006", "value"] == "security"           # Security: personal + societal
    assert by_id.loc["ve-X01010", "value"] == "universalism"       # Universalism: nature + concern
    assert by_id.loc["ve-X01014", "value"] == "tradition"          # Face (no basic value) + Tradition
    assert by_id.loc["ve-X01016", "value"] == "benevolence"        # Benevolence: dependability + Humility
    assert by_id.loc["ve-X01001", "text"] == (
        "In favor of 'We should allow students to design their own course of study': people should be free to "
        "choose their own path and decide for themselves what they learn")
    everything = corpora.load_valueeval("train", fixture=True, single_value=False).set_index("id")
    assert len(everything) == 20
    assert everything.loc["ve-X01013", "values"] == ("achievement", "power")   # circumplex order
    assert everything.loc["ve-X01017", "values"] == ("hedonism", "security")
    assert pd.isna(everything.loc["ve-X01013", "value"])
    assert everything.loc["ve-X01011", "values"] == () and everything.loc["ve-X01019", "values"] == ()
    assert everything.loc["ve-X01019", "text"].startswith("Against 'We should rename")


def test_valueeval_sample_takes_values_in_turn():
    ve = corpora.load_valueeval("validation", n=10, fixture=True)
    assert list(ve.value) == list(data.VALUE_KEYS) and set(ve.split) == {"validation"}


def test_valueeval_labels_as_list_or_string():
    assert corpora._label_vector("[0, 1" + ", 0" * 18 + "]") == [0, 1] + [0] * 18
    assert corpora._label_vector([1] + [0] * 19) == [1] + [0] * 19
    with pytest.raises(BadInput, match="20 zeros and ones"):
        corpora._label_vector("[0, 1]")


# ---------------------------------------------------------------- sources, the hub call, errors
def test_source_file_in_hub_format_gives_the_same_frame(tmp_path):
    raw = pd.read_json(corpora.fixture_path("senator_tweets", "test"), lines=True, dtype=False)
    raw.to_parquet(tmp_path / "test.parquet")
    assert corpora.load_senator_tweets("test", source=tmp_path / "test.parquet").equals(
        corpora.load_senator_tweets("test", fixture=True))
    with pytest.raises(BadInput, match="not both"):
        corpora.load_senator_tweets("test", fixture=True, source=tmp_path / "test.parquet")
    with pytest.raises(BadInput, match="lacks the column\\(s\\) \\['labels'\\]"):
        raw.drop(columns="labels").to_parquet(tmp_path / "bad.parquet")
        corpora.load_senator_tweets("test", source=tmp_path / "bad.parquet")


def test_hub_call_arguments(monkeypatch):
    seen = []

    def fake_load_dataset(path, **kwargs):
        seen.append((path, kwargs))
        name = "senator_tweets" if path == corpora.SENATOR_TWEETS.id else "valueeval"
        split = "test" if name == "senator_tweets" else "train"
        return datasets.Dataset.from_pandas(corpora._read_file(corpora.fixture_path(name, split)))

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    assert corpora.load_senator_tweets("test").equals(corpora.load_senator_tweets("test", fixture=True))
    assert seen[-1] == ("m-newhauser/senator-tweets", {"revision": None, "split": "test"})
    assert corpora.load_valueeval("train").equals(corpora.load_valueeval("train", fixture=True))
    assert seen[-1] == ("webis/Touche23-ValueEval", {"revision": corpora.VALUEEVAL.revision, "split": "train",
                                                     "data_files": {"train": "data/training-00000-of-00001.tsv"}})
    corpora.load("valueeval", split="validation", revision="main")
    assert seen[-1][1]["revision"] == "main" and seen[-1][1]["data_files"] == {
        "validation": "data/validation-00000-of-00001.tsv"}


def test_offline_error_is_one_sentence_naming_the_id(monkeypatch):
    def offline(path, **kwargs):
        raise ConnectionError(f"Couldn't reach '{path}' on the Hub (OfflineModeIsEnabled)")

    monkeypatch.setattr(datasets, "load_dataset", offline)
    for loader, corpus in ((corpora.load_senator_tweets, corpora.SENATOR_TWEETS),
                           (corpora.load_valueeval, corpora.VALUEEVAL)):
        with pytest.raises(ModelAccessError) as info:
            loader()
        msg = str(info.value)
        assert isinstance(info.value, OSError)
        assert msg.startswith(f"could not load the corpus '{corpus.id}' (ConnectionError: Couldn't reach")
        assert "HF_HUB_OFFLINE" in msg and "HF_TOKEN" in msg and "source=" in msg and "fixture=True" in msg
        assert len(re.findall(r"[.!?](?=\s+[A-Z]|$)", msg)) == 1  # one sentence: one full stop, at the end


def test_offline_error_from_the_real_datasets_library(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(tmp_path)}
    code = ("from lib import corpora\n"
            "try:\n    corpora.load_valueeval()\n"
            "except Exception as e:\n    print(type(e).__name__ + '|' + str(e))\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                         cwd=os.path.dirname(os.path.dirname(__file__))).stdout
    name, _, msg = out.strip().partition("|")
    assert name == "ModelAccessError", out
    assert "'webis/Touche23-ValueEval'" in msg


def test_bad_names_and_splits():
    with pytest.raises(BadInput, match="unknown corpus 'tweets'; choose one of: senator_tweets, valueeval"):
        corpora.load("tweets")
    with pytest.raises(BadInput, match="no split 'test'; choose one of: train, validation"):
        corpora.load_valueeval("test", fixture=True)
    with pytest.raises(BadInput, match="no split 'validation'; choose one of: train, test"):
        corpora.load_senator_tweets("validation")


# ---------------------------------------------------------------- licences and fixtures
def test_every_corpus_names_licence_source_and_fixture():
    table = corpora.licences()
    assert list(table.name) == list(corpora.CORPORA) == ["senator_tweets", "valueeval"]
    for c in corpora.CORPORA.values():
        assert c.licence.strip() and c.citation.strip() and c.used_for.strip()
        assert c.url == f"https://huggingface.co/datasets/{c.id}"
        assert set(c.fixture) == set(c.splits)
        assert hasattr(corpora, f"load_{c.name}") and c.stands_in_for in ("lib.data.statements", "lib.data.advice")
    assert corpora.VALUEEVAL.licence == "CC-BY-4.0"
    assert corpora.SENATOR_TWEETS.licence.startswith("unspecified")  # the card names none: said, not guessed


def test_fixtures_are_small_and_authored():
    for name, corpus in corpora.CORPORA.items():
        for split in corpus.splits:
            raw = corpora._read_file(corpora.fixture_path(name, split))
            assert 0 < len(raw) <= 50 and list(raw.columns) == list(corpus.raw_columns)
    tweets = pd.concat([pd.read_json(corpora.fixture_path("senator_tweets", s), lines=True) for s in ("train", "test")])
    assert tweets.username.str.startswith("SenFixture").all()          # invented senators
    assert set(zip(tweets.party, tweets.labels)) == {("Democrat", 1), ("Republican", 0)}
    ids = pd.concat([corpora._read_file(corpora.fixture_path("valueeval", s)) for s in ("train", "validation")])
    assert ids["Argument ID"].str.fullmatch(r"X\d{5}").all()            # X: no real ValueEval source letter
    readme = (data.data_dir() / "fixtures" / "README.md").read_text()
    assert "authored" in readme and all(c.id in readme for c in corpora.CORPORA.values())
    json.loads(corpora.fixture_path("senator_tweets", "train").read_text().splitlines()[0])


def test_stand_in_runs_read_the_fixture_not_the_hub(monkeypatch):
    from lib import standin

    def no_hub(*args, **kwargs):
        raise AssertionError("a stand-in run must not reach the hub")

    monkeypatch.setattr(corpora, "_hub_table", no_hub)
    standin.use("tiny")
    try:
        frame = corpora.load_senator_tweets(split="test", n=200)
    finally:
        standin.use(None)
    pd.testing.assert_frame_equal(frame, corpora.load_senator_tweets(split="test", n=200, fixture=True))
