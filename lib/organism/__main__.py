"""`python -m lib.organism train | eval | sae | seeds`: see the lib.organism package docstring."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lib.errors import BadInput
from lib.organism import __doc__ as DOC
from lib.organism.evaluation import record_eval
from lib.organism.training import DEFAULT_OUT, TrainConfig, train, train_sae


def configured(settings: list[str], quick: bool = False) -> TrainConfig:
    """TrainConfig (or its quick variant) with "field=value" / "stage.field=value" overrides applied."""
    from dataclasses import fields, replace

    cfg = TrainConfig.quick() if quick else TrainConfig()
    for item in settings:
        key, _, value = item.partition("=")
        owner = getattr(cfg, key.split(".", 1)[0], None) if "." in key else cfg
        name = key.split(".", 1)[-1]
        if not value or owner is None or name not in {f.name for f in fields(owner)}:
            raise BadInput(f"--set {item!r}: give FIELD=VALUE with a TrainConfig field (e.g. pretrain_mix=0.15) or "
                           f"STAGE.FIELD=VALUE (e.g. sft.steps=700); fields: {', '.join(f.name for f in fields(cfg))}")
        if "." in key:
            stage, field = key.split(".", 1)
            old = getattr(cfg, stage)
            cfg = replace(cfg, **{stage: replace(old, **{field: type(getattr(old, field))(value)})})
        elif isinstance(getattr(cfg, key), tuple):  # steps, comma-separated (sft_select=450,700); "none": no steps
            if value != "none" and not all(v.strip().isdigit() for v in value.split(",")):
                raise BadInput(f"--set {item!r}: give steps as comma-separated whole numbers (e.g. {key}=450,700) "
                               f"or {key}=none")
            cfg = replace(cfg, **{key: () if value == "none" else tuple(int(v) for v in value.split(","))})
        else:
            cfg = replace(cfg, **{key: type(getattr(cfg, key))(value)})
    return cfg


def measured_readings(manifest: dict):
    """The ground-truth rows (`ground_truth`) that a trained folder's eval has numbers for: all of them after a full
    run, the base model's three after `train --base-only`."""
    from lib.organism.evaluation import ground_truth

    table = ground_truth(manifest)
    return table[table.reading != "not measured"]


def main(argv=None) -> int:
    """The command line; a bad input (a --set field, twins, --base-only with --twins or without --out) prints one
    error line and returns 2, as `python -m lib.build.results` does."""
    parser = argparse.ArgumentParser(prog="python -m lib.organism", description=DOC.split("\n")[0])
    parser.add_argument("command", choices=["train", "eval", "sae", "seeds"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="seeds: the seeds to train or read")
    parser.add_argument("--work", type=Path, default=Path("/tmp/organism-seeds"), help="seeds: where seeds train")
    parser.add_argument("--quick", action="store_true", help="test-sized run (< 60 s); write it to a temp dir")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--base", type=Path, default=None, help="train: reuse this base folder (same seed and config)")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="train: override a TrainConfig field, e.g. pretrain_mix=0.15 or sft.steps=700")
    parser.add_argument("--twins", nargs="+", default=None, help="train: only these TWINS folders (e.g. aligned)")
    parser.add_argument("--base-only", action="store_true",
                        help="train: the base model alone, evaluated on held-out data (a base experiment)")
    parser.add_argument("--eval", action="store_true", help="train --quick: evaluate too (a full run always does)")
    args = parser.parse_args(argv)
    try:
        run(args)
    except BadInput as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


def run(args) -> None:
    """The chosen command (main's body); a bad input raises BadInput."""
    if args.command == "train":
        if args.base_only and (args.twins or args.base):
            raise BadInput("--base-only trains the base model alone: leave out --twins and --base")
        if args.base_only and args.out.resolve() == DEFAULT_OUT.resolve():
            raise BadInput(f"--base-only needs its own --out folder (e.g. --out /tmp/base-s{args.seed}): in "
                           f"{DEFAULT_OUT} it would replace the shipped base and manifest beside the shipped twins")
        twins = {"twins": ()} if args.base_only else {"twins": tuple(args.twins)} if args.twins else {}
        manifest = train(args.out, seed=args.seed, quick=args.quick, base_from=args.base, **twins,
                         run_eval=True if args.eval else None,
                         config=configured(args.set, args.quick) if args.set else None)
        print(json.dumps({k: manifest[k] for k in ("wall_s", "weights_sha256")}, indent=1))
        if "eval" in manifest:  # the full record is in out/manifest.json
            print(measured_readings(manifest).to_string())
    elif args.command == "eval":
        print(json.dumps(record_eval(args.out), indent=1))  # keeps the manifest's record of the saved pair current
    elif args.command == "seeds":
        from lib.organism import seeds
        frame = seeds.run(args.seeds, args.work, args.out / "seeds.json")
        print(frame.to_string())
    else:
        print(json.dumps(train_sae(args.out), indent=1))


if __name__ == "__main__":
    sys.exit(main())
