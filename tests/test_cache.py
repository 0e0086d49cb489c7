"""The activation cache: exact round trips, hits without a forward pass, corrupt files recomputed, resume."""
import torch

import lib.activations as activations
from lib.activations import collect
from lib.cache import TensorCache, content_key


def test_round_trip_is_exact(tmp_path):
    cache = TensorCache(tmp_path)
    x = torch.randn(7, 3, 5)
    cache.put("ab" * 32, x)
    assert torch.equal(cache.get("ab" * 32), x)
    assert cache.get("cd" * 32) is None
    assert not list(tmp_path.rglob("*.tmp"))  # no temporary file left behind


def test_key_depends_on_every_part():
    base = dict(model="m", items=["a"], layers=[1], position="last")
    keys = {content_key(**base), content_key(**{**base, "model": "n"}), content_key(**{**base, "items": ["b"]}),
            content_key(**{**base, "layers": [2]}), content_key(**{**base, "position": "mean"})}
    assert len(keys) == 5 and content_key(**base) == content_key(**dict(reversed(list(base.items()))))


def count_forwards(monkeypatch):
    calls = []
    real = activations._forward
    monkeypatch.setattr(activations, "_forward", lambda *a: calls.append(len(a[1])) or real(*a))
    return calls


def test_second_collect_comes_from_cache(tiny, texts, tmp_path, monkeypatch):
    calls = count_forwards(monkeypatch)
    first = collect(tiny, texts, [0, 2], cache=tmp_path)
    n = len(calls)
    second = collect(tiny, texts, [0, 2], cache=tmp_path)
    assert n > 0 and len(calls) == n and torch.equal(first, second)
    collect(tiny, texts, [0, 3], cache=tmp_path)  # other layers: a miss
    assert len(calls) > n


def test_corrupt_file_is_detected_and_recomputed(tiny, texts, tmp_path, monkeypatch):
    first = collect(tiny, texts, [1], cache=tmp_path)
    (path,) = list(tmp_path.rglob("*.safetensors"))
    raw = bytearray(path.read_bytes())
    raw[-4:] = b"\x00\x01\x02\x03"  # flip the last float's bytes: the checksum no longer matches
    path.write_bytes(bytes(raw))
    calls = count_forwards(monkeypatch)
    with __import__("pytest").warns(UserWarning, match="corrupt"):
        again = collect(tiny, texts, [1], cache=tmp_path)
    assert calls and torch.equal(first, again)
    path.write_bytes(b"garbage")
    with __import__("pytest").warns(UserWarning, match="corrupt"):
        assert torch.equal(collect(tiny, texts, [1], cache=tmp_path), first)


def test_killed_run_resumes_from_finished_chunks(tiny, texts, tmp_path, monkeypatch):
    real = activations._forward
    done = []

    def dies_on_third_chunk(*a):
        if len(done) == 2:
            raise KeyboardInterrupt("killed")
        done.append(1)
        return real(*a)

    monkeypatch.setattr(activations, "_forward", dies_on_third_chunk)
    try:
        collect(tiny, texts, [1], cache=tmp_path, chunk_size=2, batch_size=2)
    except KeyboardInterrupt:
        pass
    assert len(list(tmp_path.rglob("*.safetensors"))) == 2  # two finished chunks survived
    calls = count_forwards(monkeypatch)
    monkeypatch.setattr(activations, "_forward", lambda *a: calls.append(1) or real(*a))
    resumed = collect(tiny, texts, [1], cache=tmp_path, chunk_size=2, batch_size=2)
    assert len(calls) == 1  # only the unfinished chunk ran
    torch.testing.assert_close(resumed, collect(tiny, texts, [1]), atol=1e-6, rtol=1e-6)
