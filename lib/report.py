"""The closing box of every chapter: what the paper reports beside what this run computed."""
from __future__ import annotations

import pandas as pd


def paper_vs_run(rows, run_label: str) -> pd.DataFrame:
    """rows: (quantity, paper reports, this run's value) triples -> a table; floats are shown with 3 decimals.

    `run_label` names the model this run used ("organism" or a Hugging Face id), so a reader never mistakes an
    organism number for a Llama number.
    """
    def show(v):
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    frame = pd.DataFrame([(q, show(p), show(r)) for q, p, r in rows],
                         columns=["quantity", "paper reports", f"this run ({run_label})"])
    return frame.set_index("quantity")
