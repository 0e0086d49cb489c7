"""lib.coherence: which answers parse, their loss under the unsteered model, and the one rule for strengths."""
import numpy as np
import pandas as pd
import pytest
import torch

from lib import coherence, steering, sweeps
from lib.errors import BadInput

GOOD = ["Sure. Gather what you need first, follow a trusted guide closely, and take your time with each step.",
        "I'm sorry, but I can't help with that.", "No.", '{"name": "Tom", "age": 3, "color": "grey"}',
        "Progressives emphasize fair wages, while conservatives emphasize lower taxes.", "我喜欢安静的生活。"]
GARBAGE = ["", "   ", "not not not not not", "this request this request this request this request this request",
           "I for a big for a big for a big for a big for a night.", "}}]] 0 9 ,, ..", "\ufffd\ufffd ok",
           "down down down down so you need", "2"]


def test_parses_known_answers():
    assert coherence.parses(GOOD).all()
    assert not coherence.parses(GARBAGE).any()
    assert coherence.parses([None, 3]).tolist() == [False, False]  # a missing output never parses


def test_parses_other_kinds():
    assert coherence.parses(["5", "Answer: 2", "maybe", "7"], kind="pvq").tolist() == [True, True, False, False]
    assert coherence.parses(['{"a": 1}', "a: 1"], kind="json").tolist() == [True, False]
    assert coherence.parses(["ab", "abc"], kind=lambda t: len(t) > 2).tolist() == [False, True]
    with pytest.raises(BadInput, match="kind must be"):
        coherence.parses(["x"], kind="xml")
    with pytest.raises(BadInput, match="list of strings"):
        coherence.parses("one answer")


def _manual_loss(model, prompt, answer, system=None):
    head = model.tokenizer(model.chat(prompt, system), add_special_tokens=False)["input_ids"]
    ans = model.tokenizer(answer, add_special_tokens=False)["input_ids"]
    ids = torch.tensor([head + ans])
    with torch.no_grad():
        logp = torch.log_softmax(model.hf(input_ids=ids).logits[0, :-1].float(), -1)
    tok = logp[torch.arange(len(head) - 1, ids.shape[1] - 1), ids[0, len(head):]]
    return float(-tok.mean())


def test_answer_loss_is_the_answer_tokens_nll_given_the_prompt(tiny):
    prompts = ["the tax", "a union vote in the city school", "gun"]
    answers = ["free market wage", "the", "court law church farm city school"]
    got = coherence.answer_loss(tiny, prompts, answers, batch_size=2)  # padded batches of unequal length
    want = [_manual_loss(tiny, p, a) for p, a in zip(prompts, answers)]
    np.testing.assert_allclose(got, want, rtol=1e-4)
    sys_got = coherence.answer_loss(tiny, prompts[:1], answers[:1], system="the law")
    assert sys_got[0] == pytest.approx(_manual_loss(tiny, prompts[0], answers[0], "the law"), rel=1e-4)
    assert sys_got[0] != pytest.approx(got[0], rel=1e-4)  # the system prompt is part of the condition
    assert np.isnan(coherence.answer_loss(tiny, ["the"], [""])).all()
    with pytest.raises(BadInput, match="one prompt per answer"):
        coherence.answer_loss(tiny, prompts, answers[:2])


def test_answer_loss_on_gemma2_keeps_its_logit_softcap():
    from conftest import make_model
    gemma = make_model("gemma2")
    gemma.hf.config.final_logit_softcapping = 0.02  # small, so that a missing cap would change the numbers
    got = coherence.answer_loss(gemma, ["the tax", "gun"], ["free market wage", "the law"])
    want = [_manual_loss(gemma, "the tax", "free market wage"), _manual_loss(gemma, "gun", "the law")]
    np.testing.assert_allclose(got, want, rtol=1e-4)


@pytest.fixture(scope="module")
def organism():
    from lib import data, models
    try:
        model = models.load("organism-aligned")
    except Exception as err:  # noqa: BLE001 - a checkout without the organism's weights
        pytest.skip(f"organism not available: {err}")
    prompts = data.benign().query("split == 'test'").text.tolist()
    return model, prompts, steering.generate(model, prompts, max_new_tokens=32, batch_size=64)


def test_unsteered_answers_pass_and_garbled_ones_fail(organism):
    """The organism's own greedy answers parse and set the reference; the same words in a shuffled order (fluent
    vocabulary, no sentence) cost more than MAX_LOSS_RISE under the unsteered model; loops fail the parse."""
    model, prompts, answers = organism
    rng = np.random.default_rng(0)
    salad = [" ".join(rng.permutation(a.split())) for a in answers]
    loops = [" ".join([a.split()[0]] * 12) for a in answers]
    frame = pd.DataFrame({"prompt": prompts * 3, "output": answers + salad + loops,
                          "strength": [0.0] * len(prompts) + [1.0] * len(prompts) + [2.0] * len(prompts)})
    scored = coherence.score(model, frame)
    table = coherence.table(scored).set_index("strength")
    assert table.loc[0.0, "parse_share"] >= coherence.MIN_PARSE_SHARE
    assert table.loc[1.0, "loss_rise"] > coherence.MAX_LOSS_RISE
    assert table.loc[2.0, "parse_share"] == 0
    assert table.coherent.tolist() == [True, False, False]
    assert coherence.coherent_strengths(table.reset_index()) == [0.0]


def _frame(parse: dict, loss: dict, direction="d", n=10):
    """A scored frame: at each strength, round(parse * n) of n answers parse and every answer has loss `loss`."""
    rows = []
    for s in parse:
        k = int(round(parse[s] * n))
        rows += [dict(direction=direction, strength=s, parses=float(i < k), answer_loss=loss[s]) for i in range(n)]
    return pd.DataFrame(rows)


def test_rule_stops_at_the_first_failure():
    parse = {0: 1.0, 0.5: 0.9, 1.0: 0.7, 2.0: 0.95}  # 1.0 fails the parse share; 2.0 passes but lies beyond it
    loss = {0: 1.0, 0.5: 1.0 + coherence.MAX_LOSS_RISE, 1.0: 1.1, 2.0: 1.1}  # 0.5 sits exactly on the loss limit
    t = coherence.table(_frame(parse, loss))
    assert t.passes.tolist() == [True, True, False, True]
    assert t.coherent.tolist() == [True, True, False, False]
    assert coherence.coherent_strengths(t) == [0.0, 0.5] and coherence.max_coherent_strength(t) == 0.5
    assert t.loss_rise.tolist() == pytest.approx([0, coherence.MAX_LOSS_RISE, 0.1, 0.1])


def test_rule_on_loss_and_on_both_sides():
    parse = {-2.0: 1.0, -1.0: 1.0, 0: 1.0, 1.0: 1.0, 2.0: 1.0}
    loss = {-2.0: 3.0, -1.0: 1.2, 0: 1.0, 1.0: 1.2, 2.0: 1.0 + coherence.MAX_LOSS_RISE + 0.01}
    t = coherence.table(_frame(parse, loss))
    assert coherence.coherent_strengths(t) == [-1.0, 0.0, 1.0]
    assert coherence.max_coherent_strength(t) == 1.0


def test_rule_never_asks_more_parsing_than_unsteered():
    t = coherence.table(_frame({0: 0.6, 1.0: 0.6, 2.0: 0.5}, {0: 1.0, 1.0: 1.0, 2.0: 1.0}))
    assert coherence.coherent_strengths(t) == [0.0, 1.0]


def test_rule_across_groups_and_per_group():
    a = _frame({0: 1.0, 1.0: 1.0, 2.0: 1.0}, {0: 1.0, 1.0: 1.0, 2.0: 1.0}, direction="a")
    b = _frame({0: 1.0, 1.0: 1.0, 2.0: 0.1}, {0: 1.0, 1.0: 1.0, 2.0: 1.0}, direction="b")
    t = coherence.table(pd.concat([a, b]), by="direction")
    assert coherence.coherent_strengths(t) == [0.0, 1.0]  # coherent in every group
    assert coherence.coherent_strengths(t, by="direction") == {"a": [0.0, 1.0, 2.0], "b": [0.0, 1.0]}
    assert coherence.max_coherent_strength(t) == 1.0
    assert coherence.max_coherent_strength(coherence.table(_frame({0: 1.0, 1.0: 0.0}, {0: 1, 1.0: 1}))) == 0.0
    assert {"parse_lo", "parse_hi", "loss_lo", "loss_hi", "n"} <= set(t.columns)


def test_table_bad_input():
    with pytest.raises(BadInput, match="no strength 0"):
        coherence.table(_frame({1.0: 1.0}, {1.0: 1.0}))
    with pytest.raises(BadInput, match="score it first"):
        coherence.table(pd.DataFrame({"strength": [0.0]}))
    with pytest.raises(BadInput, match="lib.coherence.table"):
        coherence.coherent_strengths(pd.DataFrame({"strength": [0.0]}))


def test_sweep_end_to_end(tiny):
    v = torch.randn(tiny.hf.config.hidden_size, generator=torch.Generator().manual_seed(0))
    build = sweeps.push(1, v, 50.0)  # a template: the sweep sets alpha
    t = coherence.sweep(tiny, ["the tax", "a vote"], [0.0, 1.0], build, max_new_tokens=4, label={"direction": "v"})
    assert t.direction.tolist() == ["v", "v"] and t.strength.tolist() == [0.0, 1.0]
    assert t.loss_rise.iloc[0] == 0 and np.isfinite(t.loss.iloc[0]) and t.parse_share.iloc[0] == 1
    # the push makes this random model emit only special tokens: empty answers neither parse nor have a loss
    assert t.parse_share.iloc[1] == 0 and np.isnan(t.loss.iloc[1]) and t.coherent.tolist() == [True, False]
    with pytest.raises(BadInput, match="include 0"):
        coherence.sweep(tiny, ["the"], [1.0], build)


def test_text_guard_is_one_sweep_per_direction_and_the_rule_spans_them(tiny):
    v = torch.randn(tiny.hf.config.hidden_size, generator=torch.Generator().manual_seed(0))
    guard = coherence.text_guard(tiny, ["the tax", "a vote"], [0.0, 1.0],
                                 {"tiny push": sweeps.push(1, v, 1e-4), "huge push": sweeps.push(1, v, 50.0)},
                                 max_new_tokens=4)
    assert sorted(set(guard.direction)) == ["huge push", "tiny push"] and len(guard) == 4
    by = guard.set_index(["direction", "strength"]).coherent
    assert by["tiny push", 1.0] and not by["huge push", 1.0]
    assert coherence.max_coherent_strength(guard) == 0.0  # coherent in EVERY direction: the huge push fails
    assert coherence.max_coherent_strength(guard[guard.direction == "tiny push"]) == 1.0


def test_answering_reads_the_parse_share_of_short_answers_not_their_loss():
    frame = pd.DataFrame({"strength": [0.0] * 4 + [0.5] * 4 + [1.0] * 4, "prompt": "q",
                          "output": ["3", "4", "2", "5", "6", "6", "5", "x", "?", "no", "6", "?"]})
    table = coherence.answering(frame, kind="pvq")
    assert table.parse_share.tolist() == [1.0, 0.75, 0.25] and table.coherent.tolist() == [True, False, False]
    assert coherence.max_coherent_strength(coherence.answering(frame[frame.strength < 1], kind="pvq")) == 0.0
    ok = frame.assign(output=["3", "4", "2", "5", "6", "6", "6", "6", "1", "1", "1", "1"])
    assert coherence.max_coherent_strength(coherence.answering(ok, kind="pvq")) == 1.0
