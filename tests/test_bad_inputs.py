"""The bad-input list of issue #7, one row each: every case gives ONE lib error whose message says what to do.

No deep traceback: the error is a `lib.errors.BookError` raised in lib itself, with no chained library exception
(raised directly, or `from None`). Then the out-of-memory retry, and the safety checks: the HF token never shows up
in errors, logs or committed files; weights load from safetensors; no remote code by default.
"""
from __future__ import annotations

import contextlib
import inspect
import logging
import re
import subprocess
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
import torch
import transformers

from conftest import make_model, make_tokenizer
from lib import activations, directions, llm_judge, models, partisan, sae, scoring, steering
from lib.errors import BadInput, BookError, ModelAccessError, OutOfMemory

ROOT = Path(__file__).resolve().parent.parent
FAKE_TOKEN = "hf_" + "Zq7" * 12  # shaped like a real token (hf_ + 34+ letters/digits); never a real one


@pytest.fixture(scope="module")
def model():
    return make_model("llama")  # 4 layers, d_model 32


def _gated_refusal(*args, **kwargs):
    raise OSError("You are trying to access a gated repo. 401 Client Error: Unauthorized")


def _width_4_sae():
    import sae_lens

    return sae_lens.StandardSAE(sae_lens.StandardSAEConfig(d_in=4, d_sae=8))


def _oom_always(module, args):
    raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")


def _collect_under_oom(model):
    handle = model.layers[0].register_forward_pre_hook(_oom_always)
    try:
        activations.collect(model, ["the tax rate", "gun"], [1], batch_size=2)
    finally:
        handle.remove()


def _loss_under_oom(model):
    handle = model.layers[0].register_forward_pre_hook(_oom_always)
    try:
        steering.loss(model, ["the tax rate", "gun law"], batch_size=2)
    finally:
        handle.remove()


@dataclass(frozen=True)
class Case:
    item: str                          # the wording of the list
    call: Callable                     # call(model, monkeypatch) must raise
    error: type
    message: str                       # regex the message must match (it names the fix)


X = torch.randn(12, 2, 32)
CASES = [
    Case("unknown model id", lambda m, mp: models.load("acme/not-a-model"),
         ModelAccessError, r"unknown model id 'acme/not-a-model'.*Pass allow_unlisted=True"),
    Case("gated model without a token", lambda m, mp: (
        mp.delenv("HF_TOKEN", raising=False),
        mp.setattr(transformers.AutoTokenizer, "from_pretrained", _gated_refusal),
        models.load("meta-llama/Llama-3.1-8B-Instruct", device="cpu")),
         ModelAccessError, r"gated model: set the HF_TOKEN .*huggingface\.co/meta-llama/Llama-3\.1-8B-Instruct"),
    Case("layer out of range (read)", lambda m, mp: activations.collect(m, ["gun"], [4]),
         BadInput, r"layer 4 is out of range for tiny-llama: it has 4 layers, use 0\.\.3"),
    Case("layer out of range (steer)", lambda m, mp: steering.generate(
        m, ["gun"], interventions=[steering.AddVector(7, torch.zeros(32), 1.0)], max_new_tokens=2),
         BadInput, r"layer 7 is out of range .* use 0\.\.3"),
    Case("SAE width mismatch", lambda m, mp: sae.encode(_width_4_sae(), torch.zeros(3, 32)),
         BadInput, r"SAE expects d_in=4 but got vectors of width 32: pass the residual stream at the layer the SAE reads"),
    Case("empty labels (diff-in-means)", lambda m, mp: directions.diff_in_means(X, []),
         BadInput, r"got 0 labels for 12 texts; pass one label per text"),
    Case("empty texts (diff-in-means)", lambda m, mp: directions.diff_in_means(X[:0], np.array([])),
         BadInput, r"no texts .*pass activations of at least two texts per class"),
    Case("one-class labels (diff-in-means)", lambda m, mp: directions.diff_in_means(X, np.ones(12)),
         BadInput, r"exactly two classes; got 1 .*Both classes are needed"),
    Case("one-class labels (probe)", lambda m, mp: directions.fit_probe(X, ["left"] * 12),
         BadInput, r"exactly two classes; got 1 .*Both classes are needed"),
    Case("non-string texts (read)", lambda m, mp: activations.collect(m, ["gun", 3], [0]),
         BadInput, r"texts must be non-empty strings; item 1 is 3 \(int\)"),
    Case("non-string texts (score)", lambda m, mp: scoring.partisan_lean(["gun law", None]),
         BadInput, r"texts must all be strings; item 1 is None .*convert it with str\(\) or drop it"),
    Case("unknown position", lambda m, mp: activations.collect(m, ["gun"], [0], position="first"),
         BadInput, r"unknown position 'first'; use one of \('last', 'mean', 'response_mean'\)"),
    Case("unknown judge", lambda m, mp: partisan.score_lean(["gun law"], judge="gpt-4o"),
         BadInput, r"unknown judge 'gpt-4o'; use 'lexicon' \(organism\) or 'llm'"),
    Case("unknown judge rubric", lambda m, mp: llm_judge.judge_prompt("vibes", "gun law"),
         BadInput, r"unknown judge rubric 'vibes'; choose one of: partisan_lean"),
    Case("out of GPU memory at batch size 1 (read)", lambda m, mp: _collect_under_oom(m),
         OutOfMemory, r"even at batch_size=1 \(halved from 2\): pass shorter texts or a lower max_tokens"),
    Case("out of GPU memory at batch size 1 (loss)", lambda m, mp: _loss_under_oom(m),
         OutOfMemory, r"even at batch size 1 \(halved from 2\): pass shorter texts"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.item for c in CASES])
def test_bad_input_gives_one_clear_lib_error(case, model, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # no case may touch the network
    with pytest.raises(case.error, match=case.message) as info:
        case.call(model, monkeypatch)
    err = info.value
    assert isinstance(err, BookError)
    # no chained library traceback under it: raised directly, or `from None`
    assert err.__cause__ is None and (err.__context__ is None or err.__suppress_context__), err.__context__
    # and raised by lib itself, not by a library lib called
    raised_in = Path(traceback.extract_tb(err.__traceback__)[-1].filename).resolve()
    assert raised_in.parent == ROOT / "lib", raised_in


# ---------------------------------------------------------------- out of memory: retry with half the batch

@contextlib.contextmanager
def oom_above(model, limit: int):
    """While inside: the first block raises CUDA OOM for any batch larger than `limit`; yields the batch sizes seen."""
    sizes = []

    def hook(module, args):
        sizes.append(args[0].shape[0])
        if args[0].shape[0] > limit:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory")

    handle = model.layers[0].register_forward_pre_hook(hook)
    try:
        yield sizes
    finally:
        handle.remove()


def test_oom_in_forward_halves_the_batch_and_gives_the_same_activations(model):
    texts = ["the tax rate", "a union vote in the city school", "gun", "free market wage health", "church farm"]
    expected = activations.collect(model, texts, [1, 3], batch_size=4)
    with oom_above(model, 2) as sizes:
        got = activations.collect(model, texts, [1, 3], batch_size=4)
    assert sizes == [4, 2, 2, 1]  # 4 fails; then 2, 2 and the last 1 text at the halved size
    torch.testing.assert_close(got, expected, atol=1e-5, rtol=1e-5)


def test_oom_in_forward_halves_the_batch_for_logits_and_loss(model):
    texts = ["the tax rate", "a union vote in the city school", "gun law", "free market wage health", "church farm"]
    logits, loss = steering.forward_logits(model, texts, batch_size=4), steering.loss(model, texts, batch_size=4)
    with oom_above(model, 1) as sizes:
        torch.testing.assert_close(steering.forward_logits(model, texts, batch_size=4), logits, atol=1e-4, rtol=0)
        assert steering.loss(model, texts, batch_size=4) == pytest.approx(loss, abs=1e-5)
    assert sizes[:3] == [4, 2, 1] and set(sizes[3:]) == {4, 2, 1} and sizes.count(1) == 2 * len(texts)


def test_oom_in_generation_forward_halves_the_batch(model):
    prompts = ["the tax rate", "gun law", "church farm"]
    expected = steering.generate(model, prompts, max_new_tokens=3, batch_size=4)

    def oom_above_one(module, args):
        if args[0].shape[0] > 1:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory")

    handle = model.layers[0].register_forward_pre_hook(oom_above_one)
    try:
        assert steering.generate(model, prompts, max_new_tokens=3, batch_size=4) == expected
    finally:
        handle.remove()


# ---------------------------------------------------------------- the HF token stays secret

def test_token_never_in_error_messages_or_logs(monkeypatch, caplog, capsys):
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", _gated_refusal)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ModelAccessError) as err:
        models.load("meta-llama/Llama-3.1-8B-Instruct", device="cpu")
    shown = "".join(traceback.format_exception(err.value))
    assert "your HF_TOKEN's account has not yet accepted its licence" in str(err.value)
    captured = capsys.readouterr()
    for text in (shown, caplog.text, captured.out, captured.err):
        assert FAKE_TOKEN not in text


TOKEN_PATTERN = re.compile(r"hf_[A-Za-z0-9]{30,}")


def _repository_files(suffixes) -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split("\n")
        files = [ROOT / f for f in out if f]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: walk it, skipping build outputs
        skip = {"_build", ".cache", ".git", ".pytest_cache"}
        files = [p for p in ROOT.rglob("*") if not skip & set(p.relative_to(ROOT).parts)]
    return [f for f in files if f.suffix in suffixes and f.is_file()]


def test_no_hf_token_in_committed_text_files():
    files = _repository_files({".md", ".ipynb", ".json", ".jsonl", ".yml", ".yaml", ".txt", ".py"})
    assert files, "found no files to scan"
    leaks = [str(f.relative_to(ROOT)) for f in files if TOKEN_PATTERN.search(f.read_text(errors="ignore"))]
    assert not leaks, f"an HF token-like string is committed in {leaks}: revoke it and remove it"
    assert TOKEN_PATTERN.search(FAKE_TOKEN)  # the pattern does catch a token of that shape


# ---------------------------------------------------------------- safe loading

def test_load_uses_safetensors_and_no_remote_code_by_default(monkeypatch):
    seen = {}

    def tokenizer(*args, **kwargs):
        seen["tokenizer"] = kwargs
        return make_tokenizer()

    def model(*args, **kwargs):
        seen["model"] = kwargs
        raise OSError("stop here")

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", tokenizer)
    monkeypatch.setattr(transformers.AutoModelForCausalLM, "from_pretrained", model)
    with pytest.raises(ModelAccessError, match="could not load"):
        models.load("Qwen/Qwen2.5-7B-Instruct", device="cpu")
    assert seen["model"]["use_safetensors"] is True
    assert seen["model"]["trust_remote_code"] is False and seen["tokenizer"]["trust_remote_code"] is False
    assert inspect.signature(models.load).parameters["trust_remote_code"].default is False


# lib/organism/training.py resumes its OWN training checkpoint (optimizer state included), written by the same code.
TORCH_LOAD_ALLOWED = {"organism/training.py"}


def test_lib_never_unpickles_or_runs_remote_code():
    for path in sorted((ROOT / "lib").rglob("*.py")):
        text, name = path.read_text(), path.relative_to(ROOT / "lib").as_posix()
        assert not re.search(r"trust_remote_code\s*=\s*True\s*[,)]", text), name  # as a call argument
        for call in re.findall(r"torch\.load\([^)]*\)", text):
            assert "weights_only=True" in call or name in TORCH_LOAD_ALLOWED, f"{name}: {call}"
