"""Cached generation: identical to lib.steering.generate, keyed on everything that matters, resumable."""
import pytest
import torch

from lib import generations, steering
from lib.cache import TensorCache, fingerprint


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = steering.generate
    monkeypatch.setattr(steering, "generate", lambda m, p, **k: calls.append(len(p)) or real(m, p, **k))
    return calls


def test_same_texts_as_steering_and_cached(tiny, tmp_path, counted):
    prompts = ["gun law", "the tax rate", "church farm"]
    first = generations.generate_cached(tiny, prompts, cache=tmp_path, max_new_tokens=4, progress=False)
    assert first == steering.generate(tiny, prompts, max_new_tokens=4)
    n = len(counted)
    assert generations.generate_cached(tiny, prompts, cache=tmp_path, max_new_tokens=4, progress=False) == first
    assert len(counted) == n  # second call: no generation
    vec = torch.ones(tiny.d_model)
    generations.generate_cached(tiny, prompts, cache=tmp_path, max_new_tokens=4, progress=False,
                         interventions=[steering.AddVector(1, vec, 3.0)])
    assert len(counted) == n + 1  # an intervention is part of the key


def test_resumes_after_a_kill(tiny, tmp_path, monkeypatch):
    prompts = ["gun", "tax", "vote", "law", "city"]
    real = steering.generate
    state = {"n": 0}

    def dies_on_second_chunk(m, p, **k):
        state["n"] += 1
        if state["n"] == 2:
            raise KeyboardInterrupt
        return real(m, p, **k)

    monkeypatch.setattr(steering, "generate", dies_on_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        generations.generate_cached(tiny, prompts, cache=tmp_path, chunk_size=2, max_new_tokens=3, progress=False)
    calls = []
    monkeypatch.setattr(steering, "generate", lambda m, p, **k: calls.append(list(p)) or real(m, p, **k))
    texts = generations.generate_cached(tiny, prompts, cache=tmp_path, chunk_size=2, max_new_tokens=3, progress=False)
    assert calls == [["vote", "law"], ["city"]] and len(texts) == 5


def test_json_cache_detects_corruption(tmp_path):
    cache = TensorCache(tmp_path)
    cache.put_json("ab" * 32, ["x", "y"])
    assert cache.get_json("ab" * 32) == ["x", "y"]
    path = cache.path("ab" * 32, ".json")
    path.write_text(path.read_text().replace('"x"', '"z"'))
    with pytest.warns(UserWarning, match="corrupt"):
        assert cache.get_json("ab" * 32) is None
    assert not path.exists()


def test_fingerprint_of_interventions():
    a = fingerprint([steering.AddVector(1, torch.ones(4), 2.0)])
    assert a == fingerprint([steering.AddVector(1, torch.ones(4), 2.0)])
    assert a != fingerprint([steering.AddVector(1, torch.ones(4), 3.0)])
    assert a != fingerprint([steering.AddVector(1, torch.zeros(4), 2.0)])


def test_system_length_mismatch_is_clear(tiny):
    from lib.errors import BadInput
    with pytest.raises(BadInput, match="one per prompt"):
        generations.generate_cached(tiny, ["a", "b"], system=["x"], cache=False)
