"""The chapters' own exercise solutions, for the tests: one source per solution, as in the book.

A solution is the code cells between ```` ```{solution-start} <label> ```` and ```` ```{solution-end} ```` in a
chapter's MyST source (sphinx-exercise's gated form, which the build executes). Tests run that code on inputs they
planted (`run("ex-cx-distance", axes=..., LAYER=1, ...)`) and assert the checker's verdict, so a solution that drifts from
its checker fails here, not in a reader's notebook.
"""
from __future__ import annotations

import re
from pathlib import Path

BOOK = Path(__file__).resolve().parent.parent / "book"

_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
# The old form: a ```{solution} block whose code is indented text, rendered and never executed (no chapter may have one)
LEGACY = re.compile(r"^```\{solution\}[ \t]+(\S+)", re.M)


def _gated(text: str, label: str) -> str | None:
    start = re.search(rf"^```\{{solution-start\}}[ \t]+{re.escape(label)}[ \t]*$", text, re.M)
    if start is None:
        return None
    end = re.compile(r"^```\{solution-end\}", re.M).search(text, start.end())
    if end is None:
        raise ValueError(f"solution {label!r} has no solution-end")
    cells = []
    for body in _CELL.findall(text[start.end():end.start()]):
        lines = body.splitlines()
        if lines and lines[0].strip() == "---":  # a YAML options block (e.g. mystnb: figure: ...) is not code
            close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
            if close is None:
                raise ValueError(f"solution {label!r} has a cell whose --- options block is not closed")
            if any("skip-execution" in line for line in lines[:close]):
                continue
            lines = lines[close + 1:]
        n_options = 0
        while n_options < len(lines) and lines[n_options].startswith(":"):  # `:tags: [...]` and the like
            n_options += 1
        if any("skip-execution" in line for line in lines[:n_options]):
            continue  # the build does not run it either
        cells.append("\n".join(lines[n_options:]))
    return "\n\n".join(cells)


def code(label: str) -> str:
    """The executed code of exercise `label`'s solution, from whichever chapter under book/ holds it."""
    for path in sorted(BOOK.rglob("*.md")):
        text = path.read_text()
        if label not in text:
            continue
        found = _gated(text, label)
        if found:
            return found
        if found is not None:
            raise ValueError(f"the solution of {label!r} in {path} has no executed code (prose only, or skipped)")
    raise KeyError(f"no solution for {label!r} in {BOOK}")


def run(label: str, **namespace) -> dict:
    """Execute the solution of `label` with `namespace` as its globals (the chapter's objects, planted by the test);
    returns the namespace, now holding what the solution computed."""
    exec(compile(code(label), f"<solution {label}>", "exec"), namespace)
    return namespace
