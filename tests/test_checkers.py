"""Exercise checkers: the chapter's own solution passes, a plausible wrong answer fails with a hint, and the expected
answers are recomputed from the data (planted activations here), not stored."""
import numpy as np
import pandas as pd
import pytest
import torch

from lib import checkers, data, directions, partisan, sae as sae_lib, scoring, stats
from lib.errors import BadInput

import solutions


def _statement_acts(seed: int, shrink: float = 1.0, n_layers: int = 3, d: int = 16):
    """StatementActs over the real statement table with a planted partisan axis (coordinate 0), scaled by `shrink`."""
    frame = data.statements().reset_index(drop=True)
    frame["label"] = frame.lean.map({"right": 1, "left": 0, "neutral": -1})
    gen = torch.Generator().manual_seed(seed)
    acts = torch.randn(len(frame), n_layers, d, generator=gen)
    side = torch.tensor(frame.label.replace(-1, 0.5).to_numpy(), dtype=torch.float32) * 2 - 1  # -1, 0, +1
    acts[:, :, 0] += 3.0 * shrink * side[:, None]
    return partisan.StatementActs(acts, frame, list(range(n_layers)))


def test_unknown_exercise_and_missing_objects_are_clear_errors():
    with pytest.raises(BadInput, match="no checker for exercise 'ex-nope'; checkers exist for: ex-bos"):
        checkers.check("ex-nope", 1)
    with pytest.raises(BadInput, match=r"also needs acts=\.\.\., layer=\.\.\."):
        checkers.check("ex-nm-random-axes", 0.5)


def test_bos_ratio_against_hand_computed_values(capsys):
    rows = [(layer, pos, norm) for layer, norms in ((0, [10, 1, 2, 3, 4, 5, 100]), (1, [6, 2, 2, 2, 2, 2, 0]))
            for pos, norm in enumerate(norms)]
    norms = pd.DataFrame(rows, columns=["layer", "position", "norm"])
    assert checkers.check("ex-bos", pd.Series([10 / 3, 3.0], index=[0, 1]), norms=norms)
    assert "✔ ex-bos: right." in capsys.readouterr().out
    ratio = solutions.run("ex-bos", norms=norms)["ratio"]  # the chapter's solution gets the hand-computed ratios
    assert np.allclose(ratio.to_numpy(), [10 / 3, 3.0]) and "✔ ex-bos: right." in capsys.readouterr().out
    assert not checkers.check("ex-bos", [10 / (115 / 6), 1.0], norms=norms)  # positions 1-6: the 100 leaks in
    out = capsys.readouterr().out
    assert "✘ ex-bos: not yet." in out and "Hint: one ratio per layer" in out
    assert not checkers.check("ex-bos", [10 / 3], norms=norms)  # one layer missing
    assert "expected shape (2,), got (1,)" in capsys.readouterr().out


def test_register_table_is_recomputed_from_the_data(capsys):
    out = solutions.run("ex-nm-register", data=data, scoring=scoring, statements=data.statements())
    assert "✔ ex-nm-register: right." in capsys.readouterr().out  # the chapter's solution passes its checker
    table, statements = out["table"], out["statements"]
    assert table.shape == (statements.register.nunique(), 3) and (table.to_numpy() > 0).any()
    assert checkers.check("ex-nm-register", table)
    assert checkers.check("ex-nm-register", table.iloc[::-1, ::-1])  # row and column order do not matter
    assert not checkers.check("ex-nm-register", table + 0.01)
    medians = statements.pivot_table(index="register", columns="lean", values="markers", aggfunc="sum")
    assert not checkers.check("ex-nm-register", medians)
    assert not checkers.check("ex-nm-register", table.iloc[:, 0])  # a Series is not the table


def test_minimal_pairs_answer_is_recomputed(capsys):
    truth = checkers._minimal_pairs()
    assert truth is True  # the data were written as minimal pairs
    assert checkers.check("ex-nm-minimal-pairs", True) and not checkers.check("ex-nm-minimal-pairs", False)
    capsys.readouterr()
    cues, questions = data.identity_cues(), data.prompts()
    assert solutions.run("ex-nm-minimal-pairs", cues=cues, questions=questions)["answer"] is True
    assert "✔ ex-nm-minimal-pairs: right." in capsys.readouterr().out  # the chapter's solution passes its checker
    broken = questions.copy()  # one question's right-side cue swapped for another right-side cue: no longer a pair
    q = broken.iloc[0]
    other = next(c for c in cues[cues.kind == "explicit_right"].cue if not q.variant_explicit_right.startswith(c))
    broken.loc[broken.index[0], "variant_explicit_right"] = f"{other} {q.question}"
    assert solutions.run("ex-nm-minimal-pairs", cues=cues, questions=broken)["answer"] is False


def test_control_task_accepts_shuffled_labels_and_rejects_the_real_probe():
    acts = _statement_acts(0)
    train = acts.select(split="train")
    shuffled = np.random.default_rng(0).permutation(train.frame.label.to_numpy())
    control = directions.fit_probe(train.acts, shuffled, folds=5, seed=0)
    assert checkers.check("ex-nm-control", control.layer_auc, acts=acts)
    real = directions.fit_probe(train.acts, train.frame.label.to_numpy(), folds=5, seed=0)
    assert min(real.layer_auc) > 0.95 and not checkers.check("ex-nm-control", real.layer_auc, acts=acts)
    assert not checkers.check("ex-nm-control", control.layer_auc[:2], acts=acts)


def test_random_axes_share_matches_the_solution(capsys):
    acts = {"base": _statement_acts(1), "aligned": _statement_acts(1, shrink=0.3)}  # same noise, axis shrunk
    LAYER = 2
    test = {r: st.select(split="test", leans=("left", "right", "neutral")).at(LAYER) for r, st in acts.items()}
    u = partisan.partisan_direction(acts["base"], LAYER)
    partisan_ratio = float((test["aligned"] @ u).std() / (test["base"] @ u).std())
    comp = pd.DataFrame([dict(source="statements", direction="shared base", sd_ratio=partisan_ratio)])
    share = solutions.run("ex-nm-random-axes", acts=acts, LAYER=LAYER, comp=comp, torch=torch)["share"]
    assert "✔ ex-nm-random-axes: right." in capsys.readouterr().out  # the chapter's solution passes its checker
    assert partisan_ratio < 0.6 and share < 0.1  # the planted axis shrank more than almost any random one
    assert checkers.check("ex-nm-random-axes", share, acts=acts, layer=LAYER)
    assert not checkers.check("ex-nm-random-axes", 1 - share, acts=acts, layer=LAYER)


def test_sae_error_d_matches_cohens_d_of_the_error_projection():
    import sae_lens

    torch.manual_seed(0)
    sae = sae_lens.StandardSAE(sae_lens.StandardSAEConfig(d_in=8, d_sae=16))
    with torch.no_grad():
        for p in (sae.W_enc, sae.W_dec, sae.b_enc):
            p.copy_(torch.randn_like(p) * 0.3)
    x = torch.randn(40, 8)
    labels = np.array(["right", "left"] * 20)
    x[labels == "right", 3] += 2.0
    direction = torch.nn.functional.normalize(torch.randn(8), dim=0)
    err = x - sae_lib.reconstruct(sae, x)
    proj = (err @ direction).numpy()
    d = stats.cohens_d(proj[labels == "right"], proj[labels == "left"])
    kw = dict(sae=sae, acts=x, labels=labels, direction=direction)
    assert checkers.check("ex-sae-error", d, **kw)
    assert not checkers.check("ex-sae-error", -d, **kw) and not checkers.check("ex-sae-error", d + 0.1, **kw)


def test_steer_transfer_fraction_is_the_cosine():
    direction = {"base": torch.tensor([0.6, 0.8, 0.0]), "aligned": torch.tensor([1.0, 0.0, 0.0])}
    assert checkers.check("ex-steer-transfer", 0.6, direction=direction)
    assert not checkers.check("ex-steer-transfer", 0.8, direction=direction)


def test_heldout_cue_auc_matches_the_solution(capsys):
    questions = data.prompts()
    prompts = pd.DataFrame([{"id": q.id, "split": q.split, "variant": v, "cue": v.split("_")[0],
                             "cue_side": v.split("_")[-1] if "_" in v else "none", "prompt": getattr(q, f"variant_{v}")}
                            for q in questions.itertuples() for v in data.VARIANTS])
    gen = torch.Generator().manual_seed(0)
    last = torch.randn(len(prompts), 2, 8, generator=gen)
    side = torch.tensor(prompts.cue_side.map({"right": 1.0, "left": -1.0, "none": 0.0}).to_numpy(),
                        dtype=torch.float32)
    last[:, 1, 0] += 1.5 * side  # layer 1 reads the user's side, layer 0 does not
    layer = 1
    aucs = solutions.run("ex-bypass-heldout-cues", prompts=prompts, questions=questions, last=last, layer=layer,
                         directions=directions)["aucs"]
    assert "✔ ex-bypass-heldout-cues: right." in capsys.readouterr().out  # the chapter's solution passes its checker
    assert aucs[1] > 0.8 and abs(aucs[0] - 0.5) < 0.2
    assert checkers.check("ex-bypass-heldout-cues", aucs[layer], last=last, prompts=prompts, layer=layer)
    assert not checkers.check("ex-bypass-heldout-cues", aucs[0], last=last, prompts=prompts, layer=layer)


# ---------------------------------------------------------------- Part II (value mechanisms), synthetic objects

from types import SimpleNamespace

from lib import circumplex, crosslingual, values as values_lib

KEYS = list(data.VALUE_KEYS)


def test_opposites_are_five_steps_round_the_circle(capsys):
    opp = solutions.run("ex-opposites", values=data.values())["opp"]
    assert "✔ ex-opposites: right." in capsys.readouterr().out  # the chapter's solution passes its checker
    assert checkers.check("ex-opposites", opp) and checkers.check("ex-opposites", pd.Series(opp))
    assert opp["power"] == "universalism" and opp["security"] == "self_direction"
    order = list(circumplex.VALUE_ORDER)
    neighbour = {order[i]: order[(i + 4) % 10] for i in range(10)}
    assert not checkers.check("ex-opposites", neighbour)
    assert "Hint: a dict {value: its opposite}" in capsys.readouterr().out
    assert not checkers.check("ex-opposites", dict(list(opp.items())[:9]))
    assert "missing keys: universalism" in capsys.readouterr().out


def test_leak_solution_finds_the_planted_neighbour(capsys):
    n = len(KEYS)
    matrix = pd.DataFrame(0.9 * np.eye(n) + 0.4 * np.roll(np.eye(n), 1, axis=1) + 0.1, index=KEYS, columns=KEYS)
    partner = solutions.run("ex-leak", matrix=matrix, np=np, pd=pd, data=data)["partner"]
    assert "✔ ex-leak: right." in capsys.readouterr().out  # the chapter's solution passes its checker
    assert list(partner) == KEYS[1:] + KEYS[:1]  # each value's planted partner is the next one, not itself
    assert not checkers.check("ex-leak", matrix.idxmax(axis=1), matrix=matrix)  # the diagonal left in


def test_leak_partner_ignores_the_diagonal_and_empty_rows():
    matrix = pd.DataFrame([[0.9, 0.3, 0.1], [0.2, 0.8, 0.5], [np.nan, np.nan, np.nan]],
                          index=["a", "b", "c"], columns=["a", "b", "c"])
    assert checkers.check("ex-leak", {"a": "b", "b": "c"}, matrix=matrix)
    assert not checkers.check("ex-leak", {"a": "a", "b": "b"}, matrix=matrix)  # the diagonal left in


def test_layer_choice_change_is_peak_minus_stable():
    cos = pd.DataFrame([[0.1, 0.5, 0.2], [0.3, 0.4, 0.0]], index=["x", "y"], columns=[0, 1, 2])
    by_layer = pd.DataFrame({"layer": [0, 1, 2], "mean cos(v_int, v_prompt)": [0.2, 0.45, 0.1]})
    table = solutions.run("ex-layer-choice", cos=cos, by_layer=by_layer, LAYER=2, pd=pd)["table"]
    assert np.allclose(table.change, [0.5 - 0.2, 0.4 - 0.0])  # the chapter's solution: peak (layer 1) - stable (2)
    assert checkers.check("ex-layer-choice", pd.Series([0.5 - 0.2, 0.4 - 0.0], index=["x", "y"]),
                          cos=cos, by_layer=by_layer, layer=2)
    assert not checkers.check("ex-layer-choice", [0.2 - 0.5, 0.0 - 0.4], cos=cos, by_layer=by_layer, layer=2)


def test_axes_raw_norm_ratio():
    v_int, v_prompt = torch.zeros(10, 2, 4), torch.zeros(10, 2, 4)
    v_int[3, 1, 0], v_prompt[3, 1, 2] = 2.0, -6.0  # |v_prompt| / |v_int| = 3 for value 3 at layer 1
    kw = dict(v_int=v_int, v_prompt=v_prompt, value=KEYS[3], layer=1)
    assert checkers.check("ex-axes-raw", 3.0, **kw)
    assert not checkers.check("ex-axes-raw", 1 / 3, **kw)


def test_neuron_cone_counts_sum_over_values():
    gen = torch.Generator().manual_seed(0)
    v_int, v_prompt = torch.randn(10, 2, 16, generator=gen), torch.randn(10, 2, 16, generator=gen)
    axes = values_lib.value_axes(v_int, v_prompt, values=KEYS)
    w_out = torch.randn(200, 16, generator=gen)
    finite = KEYS[:4]
    counts = solutions.run("ex-neurons-cone", values=values_lib, w_out=w_out, axes=axes, LAYER=1, finite=finite,
                           TOP_FRAC=0.1, pd=pd)["counts_15"]  # its answer: the counts at 15 degrees
    kw = dict(w_out=w_out, axes=axes, layer=1, values=finite, top_frac=0.1)
    assert checkers.check("ex-neurons-cone", counts, **kw)
    at30 = pd.DataFrame({v: values_lib.classify_neurons(w_out, axes.at(v, 1), top_frac=0.1).counts()
                         for v in finite}).T.sum()
    assert sum(counts.values()) < at30.sum()  # a narrower cone keeps fewer neurons
    assert not checkers.check("ex-neurons-cone", dict(at30), **kw)


def test_div_tokens_hand_counted():
    sets = {"rep": ["a b a b"], "fresh": ["a b c d"]}  # bigrams ab ba ab -> 2/3; ab bc cd -> 1
    assert checkers.check("ex-div-tokens", {"rep": 2 / 3, "fresh": 1.0}, sets=sets, tokenizer=None)
    assert not checkers.check("ex-div-tokens", {"rep": 1.0, "fresh": 2 / 3}, sets=sets, tokenizer=None)


def test_lang_layers_finds_the_planted_layer():
    gen = torch.Generator().manual_seed(0)
    d = 12
    u = torch.randn(10, 3, d, generator=gen)
    u[:, 2] = float("nan")  # no finite vectors at layer 2: never a candidate
    pvq = pd.DataFrame([dict(lang=lang, value=v) for lang in ("en", "fr") for v in KEYS for _ in range(2)])
    acts = torch.randn(len(pvq), 3, d, generator=gen) * 0.1
    j = torch.tensor([KEYS.index(v) for v in pvq.value])
    en, fr = torch.tensor((pvq.lang == "en").to_numpy()), torch.tensor((pvq.lang == "fr").to_numpy())
    acts[en, 0] += 3 * u[j[en], 0]  # English items carry their value at layer 0, French at layer 1
    acts[fr, 1] += 3 * u[j[fr], 1]
    best = solutions.run("ex-lang-layers", layers=[0, 1, 2], LANGS=["en", "fr"], axes=SimpleNamespace(u_shared=u),
                         item_acts=acts, pvq=pvq, crosslingual=crosslingual, torch=torch, pd=pd)["best"]
    assert dict(best) == {"en": 0, "fr": 1}  # the chapter's solution finds the planted layers
    assert checkers.check("ex-lang-layers", {"en": 0, "fr": 1}, item_acts=acts, pvq=pvq, u_shared=u)
    assert not checkers.check("ex-lang-layers", {"en": 1, "fr": 1}, item_acts=acts, pvq=pvq, u_shared=u)


def test_cx_distance_matches_the_solution_on_a_circle(capsys):
    u_shared = np.zeros((10, 4))
    u_shared[:, :2] = circumplex.schwartz_circle(10) * 5  # cosine falls with circular distance
    u_shared[7] = np.nan  # a dropped value is skipped
    axes = SimpleNamespace(u_shared=np.stack([np.ones((10, 4)), u_shared], axis=1))  # [value, layer, d]: layer 1
    out = solutions.run("ex-cx-distance", axes=axes, LAYER=1, circumplex=circumplex, data=data, np=np, pd=pd)
    assert "✔ ex-cx-distance: right." in capsys.readouterr().out  # the chapter's solution passes its checker
    rho, pairs = out["rho"], out["pairs"]
    assert rho < -0.95 and len(pairs) == 36
    assert checkers.check("ex-cx-distance", rho, u_shared=u_shared)
    assert not checkers.check("ex-cx-distance", -rho, u_shared=u_shared)
    assert not checkers.check("ex-cx-distance", -1.0, u_shared=u_shared)  # float ties: not exactly -1


def test_compliance_one_value_is_the_closest_delta():
    d = torch.zeros(10, 1, 3)
    d[0, 0], d[1, 0], d[2, 0] = torch.tensor([1.0, 0, 0]), torch.tensor([1.0, 1, 0]), torch.tensor([0.0, 0, 1])
    deltas = SimpleNamespace(deltas=d, mean_delta=torch.tensor([[1.0, 0.2, 0.0]]))
    kw = dict(deltas=deltas, layer=0, kept=KEYS[:3])
    assert checkers.check("ex-compliance-one-value", KEYS[0], **kw)
    assert not checkers.check("ex-compliance-one-value", KEYS[1], **kw)
    assert not checkers.check("ex-compliance-one-value", KEYS[0], deltas=deltas, layer=0, kept=KEYS[1:3])


def test_every_solution_is_code_the_build_executes_and_no_cell_builds_steering_with_a_lambda():
    import re
    old = [f"{p.relative_to(solutions.BOOK)}: {m.group(1)}" for p in sorted(solutions.BOOK.rglob("*.md"))
           for m in solutions.LEGACY.finditer(p.read_text())]
    assert not old, "indented solutions (never executed): " + ", ".join(old)
    lambdas = [f"{p.relative_to(solutions.BOOK)}: {line.strip()}" for p in sorted(solutions.BOOK.rglob("*.md"))
               for line in p.read_text().splitlines()
               if re.search(r"lambda[^:]*:.*(AddVector|ScaleNeurons|ClampFeature|ProjectOut)", line)]
    assert not lambdas, "steering built with a lambda (pass a template, e.g. sweeps.push): " + "; ".join(lambdas)
