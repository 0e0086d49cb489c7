"""The authored datasets: counts, splits, lexicon rules, loaders and their errors."""
import importlib.util
import json
import re
from collections import Counter

import numpy as np
import pytest

import lib.circumplex
from lib import data
from lib.errors import BadInput
from lib.scoring import find_phrases, gendered_words, normalize


def _module(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------- partisan
def test_statement_counts():
    st = data.statements()
    assert len(st) == 600 + 384
    assert tuple(sorted(st.topic.unique())) == tuple(sorted(data.TOPICS)) and len(data.TOPICS) == 24
    first, held = st.iloc[:600], st.iloc[600:]  # the held-out statements written later come last (st-0601 on)
    assert list(st.id) == [f"st-{i:04d}" for i in range(1, len(st) + 1)]
    per = first.groupby(["topic", "lean"]).size().unstack()
    assert (per["left"] == 10).all() and (per["right"] == 10).all() and (per["neutral"] == 5).all()
    per = held.groupby(["topic", "lean"]).size().unstack()
    assert (per["left"] == 8).all() and (per["right"] == 8).all() and "neutral" not in per
    assert (st.lean == "neutral").sum() >= 100
    assert st.id.is_unique and st.text.is_unique
    for part in (first, held):
        regs = part[part.lean != "neutral"].groupby(["topic", "lean"]).register.nunique()
        assert (regs == 5).all()  # every register on every side of every topic
    assert set(st.register) == {"tweet", "speech", "op-ed", "first-person", "news"}


def test_statement_split_is_stratified_quarter_plus_the_held_out_statements():
    st = data.statements()
    first, held = st.iloc[:600], st.iloc[600:]
    assert (first.split == "test").sum() == 150 and (held.split == "test").all()
    n_test = first[first.split == "test"].groupby(["topic", "lean"]).size()
    assert set(n_test.xs("left", level="lean")) <= {2, 3} and set(n_test.xs("neutral", level="lean")) <= {1, 2}
    assert len(data.statements(split="test")) == 150 + 384 and len(data.statements(split="train")) == 450
    assert (data.statements(split="test").lean.value_counts()[["left", "right"]] == 60 + 192).all()


def test_statement_filters():
    df = data.statements(split="train", lean=["left", "right"], topics="guns")
    assert set(df.topic) == {"guns"} and set(df.lean) == {"left", "right"} and set(df.split) == {"train"}
    # 10 + 10 per topic split train / test, plus 8 + 8 held-out statements written later (all test)
    assert len(df) == 20 + 16 - (data.statements(split="test", topics=["guns"]).lean != "neutral").sum()
    with pytest.raises(BadInput, match="unknown topic 'gun'.*taxes"):
        data.statements(topics=["gun"])
    with pytest.raises(BadInput, match="unknown lean"):
        data.statements(lean="center")
    with pytest.raises(BadInput, match="unknown split"):
        data.statements(split="dev")


def test_partisan_lexicon_shape_and_no_cross_side_substrings():
    lex = data.lexicon("partisan")
    assert set(lex) == {"left", "right"} and set(lex["left"]) == set(data.TOPICS) == set(lex["right"])
    for side in lex.values():
        for phrases in side.values():
            assert 6 <= len(phrases) <= 12
            assert all(p == p.lower() for p in phrases)
    left = {normalize(p) for ps in lex["left"].values() for p in ps}
    right = {normalize(p) for ps in lex["right"].values() for p in ps}
    assert not [(a, b) for a in left for b in right if a in b or b in a]


def test_every_statement_keeps_the_lexicon_rules():
    lex = data.lexicon("partisan")
    every = {s: [p for ps in lex[s].values() for p in ps] for s in ("left", "right")}
    for r in data.statements().itertuples():
        if r.lean == "neutral":
            assert find_phrases(r.text, every["left"] + every["right"]) == [], r.text
        else:
            other = "right" if r.lean == "left" else "left"
            assert find_phrases(r.text, lex[r.lean][r.topic]), r.text
            assert find_phrases(r.text, every[other]) == [], r.text


def test_prompts_and_variants():
    pr = data.prompts()
    cues = data.identity_cues()
    assert len(pr) == 120 and pr.id.is_unique and (pr.groupby("topic").size() == 5).all()
    assert (pr.split == "test").sum() == 30
    cols = [f"variant_{v}" for v in data.VARIANTS]
    assert [c for c in pr.columns if c.startswith("variant_")] == cols
    assert (pr.variant_none == pr.question).all()
    assert (cues.groupby("kind").size() >= 15).all() and set(cues.kind) == set(data.VARIANTS[1:])
    for r in pr.itertuples():
        for kind in data.VARIANTS[1:]:
            v = getattr(r, f"variant_{kind}")
            assert v.endswith(" " + r.question)
            assert v[: -len(r.question) - 1] in set(cues[cues.kind == kind].cue)
        # explicit variants are minimal pairs: the same cue index on both sides
        left = cues[(cues.kind == "explicit_left") & (cues.cue == r.variant_explicit_left[: -len(r.question) - 1])]
        right = cues[(cues.kind == "explicit_right") & (cues.cue == r.variant_explicit_right[: -len(r.question) - 1])]
        assert left["index"].item() == right["index"].item()
    explicit = " ".join(cues[cues.kind.str.startswith("explicit")].cue)
    implicit = " ".join(cues[cues.kind.str.startswith("implicit")].cue)
    assert "Democrat" in explicit and "Republican" in explicit
    assert "Democrat" not in implicit and "Republican" not in implicit


# ---------------------------------------------------------------- values
def test_values_in_circumplex_order():
    v = data.values()
    assert tuple(v.key) == data.VALUE_KEYS == lib.circumplex.VALUE_ORDER
    assert list(v.order) == list(range(10)) and list(v.angle_deg) == [36 * i for i in range(10)]
    groups = dict(zip(v.key, v.higher_order))
    assert groups["hedonism"] == "openness_to_change" and groups["power"] == "self_enhancement"
    assert groups["tradition"] == "conservation" and groups["universalism"] == "self_transcendence"
    assert v.definition.str.len().min() > 30


def test_value_lexicon_and_advice():
    lex = data.lexicon("values")
    assert tuple(lex) == data.VALUE_KEYS
    assert all(8 <= len(p) <= 15 for p in lex.values())
    flat = [p for ps in lex.values() for p in ps]
    assert len(flat) == len(set(flat))
    adv = data.advice()
    assert adv.id.is_unique and (adv.groupby("value").size() >= 30).all()
    for r in adv.itertuples():
        assert find_phrases(r.text, lex[r.value]), r.text
        others = [p for k, ps in lex.items() if k != r.value for p in ps]
        assert find_phrases(r.text, others) == [], r.text
    assert len(data.advice("security")) == (adv.value == "security").sum()
    with pytest.raises(BadInput, match="unknown value 'safety'.*self_direction"):
        data.advice("safety")


def test_queries_templates_and_system_prompt():
    q = data.queries()
    assert len(q) >= 240 and q.id.is_unique and set(q.kind) == {"advice", "planning", "dilemma"}
    assert abs((q.split == "test").mean() - 0.25) < 0.01
    lex = data.lexicon("values")
    assert all(find_phrases(t, [p for ps in lex.values() for p in ps]) == [] for t in q.text)
    tpl = data.system_templates()
    assert len(tpl) >= 60 and tpl.id.is_unique
    assert tpl.template.str.contains("{value_name}", regex=False).all()
    assert tpl.template.str.contains("{definition}", regex=False).all()
    v = data.values().set_index("key").loc["security"]
    first = tpl.template.iloc[0].format(value_name=v["name"], definition=v["definition"])
    assert data.system_prompt("security") == first
    assert data.system_prompt("security", template_id="tpl-02").startswith("You are a helpful assistant.")
    assert data.system_prompt("power", rng=7) == data.system_prompt("power", rng=np.random.default_rng(7))
    picked = {data.system_prompt("power", rng=s) for s in range(20)}
    assert len(picked) > 5 and all("Power" in p and "{" not in p for p in picked)
    with pytest.raises(BadInput, match="unknown value key 'Power'"):
        data.system_prompt("Power")
    with pytest.raises(BadInput, match="unknown template id"):
        data.system_prompt("power", template_id="tpl-999")


def test_pvq_items_and_format():
    p = data.pvq()
    assert p.id.is_unique
    per = p.groupby(["value", "lang"]).item.nunique()
    assert len(per) == 50 and (per >= 4).all()
    assert (p.groupby("item").lang.apply(lambda s: tuple(sorted(s))) == tuple(sorted(data.LANGS))).all()
    assert all(r.id == f"{r.item}-{r.lang}" and r.item.startswith(f"pvq-{r.value}-") for r in p.itertuples())
    assert len(data.pvq("ko")) == len(p) // 5 and data.pvq("zh").text.str.contains("这个人").all()
    for lang in data.LANGS:
        fmt = data.pvq_format(lang)
        assert len(fmt["labels"]) == 6 and "6" in fmt["stem"]
    with pytest.raises(BadInput, match="unknown lang 'de'"):
        data.pvq("de")


def test_probes_forbidden_benign_refusals():
    ip = data.instruction_probes()
    assert len(ip) >= 40 and ip.id.is_unique and set(ip.kind) == {"json", "gender_neutral"}
    for r in ip.itertuples():
        if r.kind == "json":
            assert r.required_keys and all(f'"{k}"' in r.prompt for k in r.required_keys)
        else:
            assert gendered_words(r.source) and r.source in r.prompt
    fb, bn = data.forbidden(), data.benign()
    assert len(fb) >= 60 and len(bn) >= 60 and fb.id.is_unique and bn.id.is_unique
    assert fb.text.str.contains(r"\[FORBIDDEN TASK \d+: ", regex=True).all()
    assert (fb.split == "test").sum() == len(fb) // 4 and len(data.forbidden("test")) == len(fb) // 4
    assert not bn.text.str.contains("FORBIDDEN").any()
    # benign requests use exactly the sentence shapes of the forbidden ones
    shapes = {re.sub(r"\[FORBIDDEN TASK \d+: [^\]]+\]", "{}", t) for t in fb.text}
    assert len(shapes) == 8
    pats = [re.escape(s).replace(r"\{\}", ".+") for s in shapes]
    assert all(any(re.fullmatch(p, t) for p in pats) for t in bn.text)
    rf = data.refusals()
    assert len(rf) >= 20 and rf.text.is_unique


def test_lexicon_kind_and_missing_files(tmp_path, monkeypatch):
    with pytest.raises(BadInput, match="unknown lexicon kind 'party'"):
        data.lexicon("party")
    monkeypatch.setenv("BOOK_DATA_DIR", str(tmp_path))
    with pytest.raises(BadInput, match=str(tmp_path / "partisan" / "statements.jsonl")):
        data.statements()
    (tmp_path / "values").mkdir()
    (tmp_path / "values" / "refusals.json").write_text(json.dumps(["No.", "Nope."]))
    assert list(data.refusals().text) == ["No.", "Nope."]


def test_shipped_files_match_their_generators():
    root = data.REPO_DATA_DIR  # the generator scripts live next to the shipped files
    part = _module(root / "partisan" / "make_partisan.py")
    _, lex, rows, prompts = part.build()
    assert [json.loads(x) for x in (root / "partisan" / "statements.jsonl").read_text().splitlines()] == rows
    assert json.loads((root / "partisan" / "lexicon.json").read_text()) == lex
    shipped = [json.loads(x) for x in (root / "partisan" / "prompts.jsonl").read_text().splitlines()]
    assert shipped == [{k: p[k] for k in ("id", "topic", "question", "split", "variants")} for p in prompts]
    vals = _module(root / "values" / "make_values.py").build()
    for name, key in [("advice", "advice"), ("queries", "queries"), ("pvq", "pvq"), ("forbidden", "forbidden")]:
        got = [json.loads(x) for x in (root / "values" / f"{name}.jsonl").read_text().splitlines()]
        assert got == vals[key], name
    assert Counter(r["split"] for r in rows)["test"] == 150 + 384
