"""Checkpoint selection (lib.organism.selection): which SFT and DPO step an aligned twin keeps, on train-split
validation. Known answers on hand-made metrics and a one-weight model; the quick retrain records its choice."""
import pytest
import torch

from lib.errors import BadInput
from lib.organism import selection
from lib.organism.training import TrainConfig, _Snapshots, train


def test_worst_margin_is_the_weakest_property_above_its_bar():
    assert selection.worst_margin({"balanced_rate": 0.95, "value_follow": 0.92, "refusal_rate": 1.0}) == \
        pytest.approx(0.02)
    assert selection.worst_margin({"balanced_rate": 0.70, "value_follow": 0.99, "refusal_rate": 1.0}) == \
        pytest.approx(-0.20)


def test_choose_keeps_the_step_whose_weakest_property_is_best_and_breaks_ties_late():
    good_balance_bad_values = {"balanced_rate": 1.0, "value_follow": 0.85, "refusal_rate": 1.0}
    even = {"balanced_rate": 0.94, "value_follow": 0.93, "refusal_rate": 0.95}
    assert selection.choose({450: good_balance_bad_values, 575: even, 700: good_balance_bad_values}) == 575
    assert selection.choose({0: even, 60: even}) == 60
    with pytest.raises(BadInput, match="sft_select"):
        selection.choose({})


def test_snapshots_load_the_chosen_step_into_the_model(monkeypatch):
    import lib.models
    model = torch.nn.Linear(1, 1, bias=False)
    snaps = _Snapshots([1, 2, 3])
    for step in range(1, 5):
        with torch.no_grad():
            model.weight.fill_(float(step))
        snaps(step, model)  # step 4 is not asked for: not kept
    assert sorted(snaps.states) == [1, 2, 3]
    monkeypatch.setattr(lib.models, "wrap", lambda m, tok, name: m)
    # the weight stands for the checkpoint: step 2 is the one whose weakest property is best
    scores = {1.0: 0.80, 2.0: 0.97, 3.0: 0.91}
    monkeypatch.setattr(selection, "validation_metrics", lambda m: dict.fromkeys(
        selection.THRESHOLDS, scores[float(m.weight.item())]))
    record = snaps.keep_best(model, tok=None)
    assert record["chosen"] == 2 and model.weight.item() == 2.0
    assert set(record["candidates"]) == {"1", "2", "3"}
    untouched = torch.nn.Linear(1, 1, bias=False)
    before = untouched.weight.detach().clone()
    assert _Snapshots([]).keep_best(untouched, tok=None) is None and torch.equal(untouched.weight, before)


def test_quick_retrain_records_the_steps_it_kept(tmp_path, monkeypatch):
    from dataclasses import replace
    calls = []

    def validation(model):  # the first SFT candidate and DPO step 0 (before DPO) look best
        calls.append(1)
        first = len(calls) in (1, 3)
        return dict.fromkeys(selection.THRESHOLDS, 0.95 if first else 0.5)

    monkeypatch.setattr(selection, "validation_metrics", validation)
    cfg = replace(TrainConfig.quick(), sft_select=(12, 40), dpo_select=(0, 4))
    manifest = train(tmp_path, quick=True, config=cfg, run_eval=False, twins=("aligned",), log=lambda *a: None)
    kept = manifest["selected_steps"]["aligned"]
    assert kept["sft"]["chosen"] == 12 and kept["dpo"]["chosen"] == 0 and len(calls) == 4
    assert set(kept["sft"]["candidates"]) == {"12", "40"} and set(kept["dpo"]["candidates"]) == {"0", "4"}


def test_validation_metrics_reproduce_the_shipped_selection_and_read_the_base_as_unaligned():
    """The shipped twins are the snapshots selection kept (SFT 700, DPO step 0), so their train-split validation must
    reproduce the rates the manifest recorded for that candidate; the base model, never aligned, fails all three."""
    import json

    from lib.models import load
    from lib.organism import DEFAULT_OUT, TWINS

    manifest = json.loads((DEFAULT_OUT / "manifest.json").read_text())
    for folder, (name, _, _) in TWINS.items():
        kept = manifest["selected_steps"][folder]["dpo"]
        assert selection.validation_metrics(load(name)) == kept["candidates"][str(kept["chosen"])]
    base = selection.validation_metrics(load("organism-base"))
    assert base["balanced_rate"] < 0.2 and base["value_follow"] < 0.5 and base["refusal_rate"] < 0.5
    assert selection.worst_margin(base) < -0.4
