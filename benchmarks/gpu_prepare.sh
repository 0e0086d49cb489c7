#!/usr/bin/env bash
# The Python packages the offline GPU machine lacks, carried as wheels (benchmarks/gpu_wheels.txt).
#
#   bash benchmarks/gpu_prepare.sh download   # on this CPU machine, in the repo root: .whl/ (ignored by git), ~20 MB
#   source benchmarks/gpu_prepare.sh install  # on the GPU machine (device tool, carry: [".whl"]): installs them into
#                                             # /tmp/site, exports PYTHONPATH, checks every import
#
# download slims three wheels so that the repository and the wheels stay under the device tool's 64 MiB:
# bitsandbytes keeps its CUDA 13.0 and CPU libraries (the GPU machine's torch is 2.11+cu130; the other CUDA and ROCm
# builds are 120 MB unpacked), wandb drops its bin/ folder (wandb-core and friends run only when a W&B run
# starts; sae-lens only imports wandb), zstandard drops its cffi backend (the C one is used). Nothing else changes.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
wheels="${WHEELS:-$root/.whl}"

download() (  # a subshell: stops at the first error
  set -euo pipefail
  mkdir -p "$wheels"
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_24_x86_64 \
    --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 --platform manylinux1_x86_64 \
    -d "$wheels" -r "$here/gpu_wheels.txt"
  python3 - "$wheels" <<'PY'
import base64, hashlib, pathlib, re, sys, zipfile

DROP = {  # wheel name prefix -> files to leave out (regex on the path inside the wheel)
    "bitsandbytes-": r"bitsandbytes/libbitsandbytes_(cuda(?!130)\d+|rocm\d+)\.so$",
    "wandb-": r"wandb/bin/",
    "zstandard-": r"zstandard/_cffi\.",
}
for wheel in sorted(pathlib.Path(sys.argv[1]).glob("*.whl")):
    pattern = next((p for prefix, p in DROP.items() if wheel.name.startswith(prefix)), None)
    if pattern is None:
        continue
    with zipfile.ZipFile(wheel) as src:
        names = src.namelist()
        keep = [n for n in names if not re.search(pattern, n)]
        if len(keep) == len(names):
            continue  # slimmed already
        tmp = wheel.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for name in keep:
                data = src.read(name)
                if name.endswith(".dist-info/RECORD"):  # the dropped files leave the record too
                    data = "".join(line for line in data.decode().splitlines(True)
                                   if not re.search(pattern, line.split(",")[0])).encode()
                out.writestr(src.getinfo(name), data)
    before = wheel.stat().st_size
    tmp.replace(wheel)
    print(f"slimmed {wheel.name}: {before / 2**20:.1f} -> {wheel.stat().st_size / 2**20:.1f} MiB "
          f"({len(names) - len(keep)} files left out)")
PY
  echo "$(ls "$wheels"/*.whl | wc -l) wheels, $(du -sh "$wheels" | cut -f1) in $wheels"
)

install() {  # runs in the caller's shell (sourced), so that the exports stay; returns 1 on any failure
  local python="${PYTHON:-python3}" site="${SITE:-/tmp/site}"
  "$python" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$site" \
    "$wheels"/*.whl || return 1
  export PYTHONPATH="$site${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
  export PATH="$site/bin:$PATH"
  "$python" -c "import ${CHECK:-nnsight, sae_lens, transformer_lens, bitsandbytes, nbclient, jupytext, ipykernel, \
myst_nb.ext.glue, altair, ipywidgets}; print('gpu_prepare: imports ok')" || return 1
}

case "${1:-}" in
  download) download ;;
  install) install ;;
  *) echo "usage: bash $0 download | source $0 install" >&2; return 2 2>/dev/null || exit 2 ;;
esac
