"""Helpers for the book: load models, read the residual stream with nnsight, find directions, SAEs, steering.

Chapters import the modules they need (`from lib import activations, directions`); this file stays light so that
`import lib` is fast and needs no GPU.
"""
import logging as _logging

__version__ = "0.1.0"

# bitsandbytes (imported by sae-lens, through transformer_lens, and by 4-bit loads) tries on import to fetch an optional
# CPU 4-bit kernel from the Hugging Face Hub with the `kernels` package; offline or without that kernel in the cache it
# logs two notices to stderr and uses its own CPU code. Those two notices, and only they, are dropped: on a laptop or in
# the book build they were the only stderr a chapter printed (04_sae, 05_steering), and they ask the reader for nothing.
KERNEL_FALLBACK_NOTICES = {
    "bitsandbytes.backends.cpu.ops": "Failed to load CPU gemm_4bit_forward from kernels-community",
    "kernels._internals.hf_hub": "Skipping publisher trust check for 'kernels-community/quantization-bitsandbytes'",
}


class _DropNotice(_logging.Filter):
    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def filter(self, record: _logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.prefix)


for _name, _prefix in KERNEL_FALLBACK_NOTICES.items():
    _logging.getLogger(_name).addFilter(_DropNotice(_prefix))
