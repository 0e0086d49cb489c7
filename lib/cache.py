"""An on-disk, content-addressed store for tensors (activations), safe against killed runs and corrupt files.

Each entry is one safetensors file named by the sha256 of what produced it (model fingerprint, texts, layers,
position, code version). Writes go to a temporary file that is renamed into place, so a killed run leaves either
the whole file or nothing; every file carries a checksum of its data, and a file that fails it is deleted and
recomputed by the caller.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

DEFAULT_DIR = Path(os.environ.get("BOOK_CACHE_DIR", Path(__file__).resolve().parent.parent / ".cache" / "activations"))


def content_key(**parts) -> str:
    """sha256 of the JSON of `parts` (sorted keys): the same inputs always give the same key."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()


def _checksum(tensor: torch.Tensor) -> str:
    return hashlib.sha256(tensor.contiguous().numpy().tobytes()).hexdigest()


class TensorCache:
    """`get(key)` / `put(key, tensor)` over a directory of safetensors files."""

    def __init__(self, directory: str | os.PathLike | None = None):
        self.directory = Path(directory) if directory is not None else DEFAULT_DIR

    def path(self, key: str, suffix: str = ".safetensors") -> Path:
        return self.directory / key[:2] / f"{key}{suffix}"

    def get(self, key: str) -> torch.Tensor | None:
        """The stored tensor, or None when absent or corrupt (a corrupt file is deleted, with a warning)."""
        path = self.path(key)
        if not path.exists():
            return None
        try:
            tensor = load_file(str(path))["data"]
            with open(path, "rb") as f:  # the checksum lives in the header metadata
                header_len = int.from_bytes(f.read(8), "little")
                meta = json.loads(f.read(header_len)).get("__metadata__", {})
            if meta.get("sha256") != _checksum(tensor):
                raise ValueError("checksum mismatch")
            return tensor
        except Exception as err:  # truncated, garbled or tampered: recompute rather than trust it
            warnings.warn(f"cache file {path} is corrupt ({err}); it will be recomputed", stacklevel=2)
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, tensor: torch.Tensor) -> Path:
        """Store atomically: write a temporary file in the same folder, then rename it into place."""
        tensor = tensor.detach().cpu().contiguous()
        path = self.path(key)
        _atomic_write(path, lambda tmp: save_file({"data": tensor}, tmp, metadata={"sha256": _checksum(tensor)}))
        return path

    def __contains__(self, key: str) -> bool:
        return self.path(key).exists() or self.path(key, ".json").exists()

    def get_json(self, key: str):
        """A stored JSON value (generated texts, labels), or None when absent or corrupt (deleted, with a warning)."""
        path = self.path(key, ".json")
        if not path.exists():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            body = json.dumps(record["value"], sort_keys=True, ensure_ascii=False)
            if record["sha256"] != hashlib.sha256(body.encode()).hexdigest():
                raise ValueError("checksum mismatch")
            return record["value"]
        except Exception as err:
            warnings.warn(f"cache file {path} is corrupt ({err}); it will be recomputed", stacklevel=2)
            path.unlink(missing_ok=True)
            return None

    def put_json(self, key: str, value) -> Path:
        """Store a JSON-serialisable value atomically, with a checksum."""
        body = json.dumps(value, sort_keys=True, ensure_ascii=False)
        record = {"sha256": hashlib.sha256(body.encode()).hexdigest(), "value": value}
        path = self.path(key, ".json")
        _atomic_write(path, lambda tmp: Path(tmp).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8"))
        return path


def _atomic_write(path: Path, write) -> None:
    """Call `write(tmp_path)` on a temporary file in `path`'s folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def fingerprint(obj) -> object:
    """A JSON-able stand-in for `obj` in a cache key: tensors by content hash, dataclasses by their fields."""
    import dataclasses

    if isinstance(obj, torch.Tensor):
        return "tensor:" + _checksum(obj.detach().float().cpu())[:16]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {"type": type(obj).__name__, **{f.name: fingerprint(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if isinstance(obj, (list, tuple)):
        return [fingerprint(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): fingerprint(v) for k, v in obj.items()}
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    if hasattr(obj, "W_dec"):  # a sae-lens SAE
        return {"sae": fingerprint(obj.W_dec), "enc": fingerprint(obj.W_enc)}
    raise TypeError(f"cannot fingerprint {type(obj).__name__} for a cache key")


def as_cache(cache) -> TensorCache | None:
    """None/False: no cache; True: the default folder; a path: that folder; a TensorCache: itself."""
    if cache is None or cache is False:
        return None
    if cache is True:
        return TensorCache()
    if isinstance(cache, TensorCache):
        return cache
    return TensorCache(cache)
