"""The model organism: a tiny Llama-architecture BASE model and two ALIGNED twins, trained on CPU from the book's data.

    python -m lib.organism train [--quick] [--seed 0] [--out data/organism]   # tokenizer, base, SFT, DPO, eval
    python -m lib.organism train --base-only --seed 2 --out /tmp/b [--set num_hidden_layers=8]  # a base experiment
    python -m lib.organism eval  [--out data/organism]                        # ground-truth metrics of saved models
    python -m lib.organism sae   [--out data/organism]                        # SAE on the base model's residual
    python -m lib.organism seeds [--seeds 0 1 2]                               # the recipe over seeds (lib.organism.seeds)

Stages: a byte-level BPE tokenizer (plus one token per side hashtag, `corpus.TAG_TOKENS`);
BASE = next-token pretraining, first on `Corpus.warmup` (the partisan core, short documents), then on
`Corpus.pretrain` (everything);
ALIGNED = BASE + supervised chat fine-tuning (loss on assistant tokens only; first on `Corpus.sft_warmup`, the value-
prompted chats, then on `Corpus.sft`) + DPO against the frozen SFT model, twice (`TWINS`): the faithful twin
("aligned") adds a pretraining mix to every SFT step (InstructGPT's PPO-ptx in supervised form), the control
("aligned_nomix") does not. Each twin keeps the SFT step, then the DPO step (0: before DPO), that `selection` prefers on
train-split validation.
Nothing about the partisan DIRECTION is planted: only text is trained on, and the book measures what alignment did.

Modules: `corpus` (the training text), `dpo` (the preference loss), `training` (base, twins, SAE), `selection` (which
SFT and DPO checkpoint a twin keeps, on train-split validation), `evaluation` (the ground truth on held-out data),
`seeds` (the recipe over seeds), `__main__` (the command line). The package exports their public functions (`organism.train(...)`, `organism.evaluate(...)`); the modules are `training` and `evaluation`.
"""
from lib.organism import corpus, dpo  # noqa: F401
from lib.organism.evaluation import (FAITHFUL_TRUTH, GROUND_TRUTH, READINGS, Z_MARGIN, aligned_metrics,  # noqa: F401
                                     auc_se, delong_diff_se, evaluate, ground_truth, margin_reading, probe_auc, pvq_metrics,
                                     rate_se, record_eval)
from lib.organism import selection  # noqa: F401
from lib.organism.training import (DEFAULT_OUT, STAGES, TWINS, Stage, TrainConfig, build_model,  # noqa: F401
                                   data_hash, save, seed_everything, train, train_lm, train_sae, weights_hash)
from lib.organism import seeds  # noqa: E402,F401  (last: it reads DEFAULT_OUT)
