"""A pretend GPU on the CPU: tensors that say they live on cuda:0 and refuse to mix with CPU tensors, as CUDA does.

CI has no GPU, and on the CPU every tensor shares one device, so code that multiplies a weight on the GPU by a
vector on the CPU passes every test and then crashes on a reader's Colab T4 with "Expected all tensors to be on the
same device". Inside `fake_gpu()` that bug fails on the CPU too:

    with fake_gpu():
        model = lib.models.wrap(to_gpu(make_hf()), tok)   # every parameter and buffer now reports cuda:0
        model.device                                       # device(type='cuda', index=0)
        w = model.layers[0].mlp.down_proj.weight
        w @ torch.ones(w.shape[1])                         # RuntimeError: Expected all tensors to be on the same device

How it works. `OnGPU` is a CPU tensor subclass whose `.device` is cuda:0. A `__torch_function__` handler (on the
subclass, and a TorchFunctionMode for calls with no OnGPU argument) runs every torch call on the CPU and applies
CUDA's device rules on the way:
  - an op whose tensor arguments sit on both devices raises CUDA's error (0-dim CPU tensors excepted, as CUDA
    accepts CPU scalars); indexing an OnGPU tensor with CPU indices is allowed, as CUDA allows it;
  - `.to("cuda")`, `.cuda()`, `device="cuda"` in a factory (`torch.zeros`, `torch.tensor`, `torch.as_tensor`...)
    give an OnGPU tensor; `.cpu()`, `.to("cpu")` a plain one; `copy_` and `__setitem__` may cross devices;
  - `.numpy()` / `np.asarray` of an OnGPU tensor raise CUDA's TypeError; `.tolist()`, `.item()`, `float()` work;
  - any other op with an OnGPU argument returns OnGPU tensors.
The few `torch.cuda` calls that code makes when it sees a CUDA device (RNG state for `fork_rng`, `synchronize`,
`empty_cache`, memory statistics) are stubbed inside the block, and torch.compile is off (transformers compiles a
static-cache decoding step when it sees a GPU; dynamo cannot trace this subclass). Values are exactly the CPU's:
only devices are simulated, so a function's result inside the block must equal its result outside.
Not simulated: memory (nothing runs out), speed, and CUDA kernels' own numerics (bf16 rounding, TF32).
"""
from __future__ import annotations

import contextlib

import torch
import torch._dynamo
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_flatten, tree_map

CUDA = torch.device("cuda", 0)
SAME_DEVICE = "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!"
NUMPY = ("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory "
         "first.")


class OnGPU(torch.Tensor):
    """A CPU tensor that reports device cuda:0 (see the module docstring for the rules it follows)."""

    @property
    def device(self):
        return CUDA

    @property
    def is_cuda(self):
        return True

    def __repr__(self, **kwargs):
        return "OnGPU(" + repr(self.as_subclass(torch.Tensor)) + ")"

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return _call(func, args, kwargs or {})


class FakeGPU(TorchFunctionMode):
    """Catches calls with no OnGPU argument that create tensors on "cuda" (factories, `.to("cuda")`)."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        return _call(func, args, kwargs or {})


def _is_cuda(device) -> bool:
    if isinstance(device, int):
        return True
    return torch.device(device).type == "cuda"


_TO = (torch.Tensor.to,)
_CROSSING = {torch.Tensor.copy_, torch.Tensor.__setitem__, torch._has_compatible_shallow_copy_type}
_KEEP_ON_HOST = {torch.Tensor.tolist, torch.Tensor.item, torch.Tensor.__float__, torch.Tensor.__int__,
                 torch.Tensor.__bool__, torch.Tensor.__index__}


def _target(func, args, kwargs):
    """Where a call asks its result to go: True (cuda), False (cpu), None (no device named)."""
    if func is torch.Tensor.cuda:
        return True
    if func is torch.Tensor.cpu:
        return False
    if kwargs.get("device") is not None:
        return _is_cuda(kwargs["device"])
    if func in _TO:
        for a in args[1:]:
            if isinstance(a, (str, torch.device, int)) and not isinstance(a, bool):
                return _is_cuda(a)
            if isinstance(a, torch.Tensor):
                return isinstance(a, OnGPU)
    return None


def _where(t: torch.Tensor) -> str:
    return "cuda:0" if isinstance(t, OnGPU) else str(t.device)


def _wrap(x):
    return x.as_subclass(OnGPU) if type(x) is torch.Tensor else x


def _unwrap(x):
    return x.as_subclass(torch.Tensor) if isinstance(x, OnGPU) else x


_INPLACE_DUNDERS = {f"__i{op}__" for op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and", "or",
                                              "xor", "lshift", "rshift", "matmul")}


def _in_place(name: str) -> bool:
    return (name.endswith("_") and not name.endswith("__")) or name in _INPLACE_DUNDERS


def _tensors(args, kwargs) -> list:
    """The tensors among the arguments (a list or tuple argument, as torch.cat takes, is looked into)."""
    out = []
    for a in (*args, *kwargs.values()):
        if isinstance(a, torch.Tensor):
            out.append(a)
        elif isinstance(a, (list, tuple)):
            out.extend(t for t in tree_flatten(a)[0] if isinstance(t, torch.Tensor))
    return out


def _call(func, args, kwargs):
    with torch._C.DisableTorchFunctionSubclass():
        return _run(func, args, kwargs)


def _run(func, args, kwargs):
    name = getattr(func, "__name__", "")
    tensors = _tensors(args, kwargs)
    on_gpu = any(isinstance(t, OnGPU) for t in tensors)
    if func in (torch.Tensor.numpy, torch.Tensor.__array__) and isinstance(args[0], OnGPU):
        raise TypeError(NUMPY)
    if func is torch.Tensor.pin_memory:  # needs a CUDA driver; a no-op here
        return args[0]
    target = _target(func, args, kwargs)
    if target is None and func not in _CROSSING and name != "__set__":
        devices = {_where(t) for t in tensors if isinstance(t, OnGPU) or t.ndim > 0}
        if func is torch.Tensor.__getitem__ and isinstance(args[0], OnGPU):
            devices = {"cuda:0"}  # CUDA tensors accept CPU index tensors
        if len(devices) > 1:
            raise RuntimeError(f"{SAME_DEVICE} (in {name or func})")
    if target is not None:
        if "device" in kwargs:
            kwargs = dict(kwargs, device="cpu")
        if func in _TO:
            args = (args[0],) + tuple("cpu" if isinstance(a, (str, torch.device)) or (isinstance(a, int)
                                      and not isinstance(a, bool)) else _unwrap(a) for a in args[1:])
    out = args[0] if func is torch.Tensor.cuda else func(*args, **kwargs)
    if func in _KEEP_ON_HOST or _in_place(name) or func is torch.Tensor.__setitem__:
        return out  # host values; in-place ops return their (already typed) first argument
    if target is True or (target is None and on_gpu):
        return _wrap(out) if isinstance(out, torch.Tensor) else tree_map(_wrap, out)
    if target is False:
        return _unwrap(out) if isinstance(out, torch.Tensor) else tree_map(_unwrap, out)
    return out


def to_gpu(module: torch.nn.Module) -> torch.nn.Module:
    """Turn every parameter and buffer of `module` into OnGPU, in place (tied weights stay tied)."""
    done: dict[int, torch.Tensor] = {}
    for m in module.modules():
        for name, p in list(m._parameters.items()):
            if p is not None:
                if id(p) not in done:
                    done[id(p)] = torch.nn.Parameter(p.data.as_subclass(OnGPU), requires_grad=p.requires_grad)
                m._parameters[name] = done[id(p)]
        for name, b in list(m._buffers.items()):
            if b is not None and not isinstance(b, OnGPU):
                m._buffers[name] = b.as_subclass(OnGPU)
    cfg = getattr(module, "cfg", None)
    if cfg is not None and hasattr(cfg, "device"):  # a sae-lens SAE keeps its device in attributes
        cfg.device, module.device = "cuda", CUDA
    return module


@contextlib.contextmanager
def fake_gpu():
    """Inside the block, OnGPU tensors follow CUDA's device rules and `torch.cuda`'s few side calls are stubs."""
    stubs = dict(get_rng_state=lambda device="cuda": torch.get_rng_state(),
                 set_rng_state=lambda state, device="cuda": None, synchronize=lambda device=None: None,
                 empty_cache=lambda: None, max_memory_allocated=lambda device=None: 0,
                 memory_allocated=lambda device=None: 0, reset_peak_memory_stats=lambda device=None: None,
                 device_count=lambda: 1, current_device=lambda: 0)
    saved = {k: getattr(torch.cuda, k) for k in stubs}
    for k, v in stubs.items():
        setattr(torch.cuda, k, v)
    dynamo_off = torch._dynamo.config.disable
    torch._dynamo.config.disable = True  # transformers compiles a static-cache step "on a GPU"; it cannot trace OnGPU
    try:
        with FakeGPU():
            yield
    finally:
        torch._dynamo.config.disable = dynamo_off
        for k, v in saved.items():
            setattr(torch.cuda, k, v)
