"""Where the time of a layer extraction goes, on a Llama-3.1-8B-shaped random model (GPU; --tiny for a CPU smoke run).

Same batch for every row (32 x 256 tokens by default), median of `--repeats` runs after 2 warm-ups, synchronised.
Rows: the plain HF forward with logits; the decoder stack alone (`hf.model`, no lm_head); a plain torch forward hook
that stops the forward after block `layer` (the lower bound for any truncated extraction); an nnsight trace that saves
nothing; an nnsight trace that saves block `layer` and stops there; `lib.activations.collect` at `layer` and at every
layer (these also tokenize the texts, which the rows above are given ready); and the tokenizer alone.
Writes JSON with the device, the versions and each row's tokens/s and seconds.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import lib.activations as acts_mod  # noqa: E402
import lib.models  # noqa: E402
from benchmarks import configs  # noqa: E402
from benchmarks.gpu_real_arch import versions  # noqa: E402


class Stop(Exception):
    pass


def timed(fn, repeats: int, cuda: bool) -> list[float]:
    runs = []
    for i in range(2 + repeats):
        if cuda:
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        if cuda:
            torch.cuda.synchronize()
        if i >= 2:
            runs.append(time.perf_counter() - t0)
    return runs


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=sorted(configs.ALIASES), default="llama")
    p.add_argument("--layer", type=int, default=18)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seq", type=int, default=256)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--tiny", action="store_true")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    cuda = not args.tiny
    config = configs.tiny(args.model) if args.tiny else configs.published(args.model)
    layer = min(args.layer, config.num_hidden_layers - 2)
    if args.tiny:
        args.batch, args.seq = 4, 32
    hf = configs.build_model(config, "cuda" if cuda else "cpu", torch.bfloat16 if cuda else torch.float32)
    model = lib.models.wrap(hf, configs.tokenizer(config), name=config.name_or_path)
    texts = configs.synthetic_texts(model.tokenizer, config, args.batch, args.seq)
    enc = model.tokenizer(texts, return_tensors="pt")
    ids, mask = enc.input_ids.to(model.device), enc.attention_mask.to(model.device)
    lm = model.nnsight

    def hook_stop():
        def hook(module, a, out):
            raise Stop
        h = model.layers[layer].register_forward_hook(hook)
        try:
            hf.model(input_ids=ids, attention_mask=mask, use_cache=False)
        except Stop:
            pass
        finally:
            h.remove()

    def nnsight_nothing():
        with lm.trace({"input_ids": ids, "attention_mask": mask}, use_cache=False):
            pass

    def nnsight_stop():
        with lm.trace({"input_ids": ids, "attention_mask": mask}, use_cache=False) as tracer:
            out = lm.model.layers[layer].output.save()
            tracer.stop()
        return out

    rows = {
        "hf_forward_logits": lambda: hf(input_ids=ids, attention_mask=mask, use_cache=False),
        "hf_decoder_stack_no_lm_head": lambda: hf.model(input_ids=ids, attention_mask=mask, use_cache=False),
        "torch_hook_stop_after_layer": hook_stop,
        "nnsight_trace_nothing_saved": nnsight_nothing,
        "nnsight_trace_save_layer_stop": nnsight_stop,
        "lib_collect_layer": lambda: acts_mod.collect(model, texts, [layer], batch_size=args.batch,
                                                      max_tokens=args.seq),
        "lib_collect_all_layers": lambda: acts_mod.collect(model, texts, list(range(config.num_hidden_layers)),
                                                           batch_size=args.batch, max_tokens=args.seq),
        "tokenize_only": lambda: model.tokenizer(texts),
    }
    out = dict(device=torch.cuda.get_device_name(0) if cuda else "cpu", tiny=args.tiny, versions=versions(),
               model=config.name_or_path, layer=layer, batch=args.batch, seq_len=args.seq, repeats=args.repeats,
               seconds={}, tokens_per_s={})
    with torch.no_grad():
        for name, fn in rows.items():
            runs = timed(fn, args.repeats, cuda)
            out["seconds"][name] = runs
            out["tokens_per_s"][name] = args.batch * args.seq / statistics.median(runs)
            print(f"{name:32s} {1000 * statistics.median(runs):8.1f} ms", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    return out


if __name__ == "__main__":
    main()
