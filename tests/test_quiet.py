"""lib drops bitsandbytes' two kernel-fallback notices (the only stderr the book build printed) and nothing else."""
import logging
import os
import subprocess
import sys
from pathlib import Path

import lib

ROOT = Path(__file__).resolve().parents[1]


def test_only_the_kernel_fallback_notices_are_dropped(caplog):
    caplog.set_level(logging.WARNING)
    for name, prefix in lib.KERNEL_FALLBACK_NOTICES.items():
        log = logging.getLogger(name)
        log.warning("%s: Version 1 is not available in the local cache.", prefix)
        log.warning("Some other warning from %s", name)
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [f"Some other warning from {name}" for name in lib.KERNEL_FALLBACK_NOTICES]


def test_loading_the_organism_sae_offline_prints_no_kernel_notice():
    """The cell 04_sae and 05_steering run, in a fresh interpreter as a kernel would (bitsandbytes imports there).
    bitsandbytes only tries the kernel on a CPU with AVX512-BF16 (this project's CI machines have it); elsewhere no
    notice is logged and this test passes without exercising the filter, which the test above covers."""
    code = ("from lib import models, sae\n"
            "s = sae.load_local(models.ORGANISM_DIR / 'sae')\n"
            "print(s.cfg.d_sae)\n")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-W", "ignore::DeprecationWarning", "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) > 0
    assert "kernels-community" not in done.stderr, done.stderr
