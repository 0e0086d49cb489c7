"""The few altair charts the book repeats: curves with confidence bands, and distributions by group."""
from __future__ import annotations

import altair as alt
import pandas as pd


def lines(frame: pd.DataFrame, x: str, y: str, *, color: str | None = None, lo: str | None = None,
          hi: str | None = None, title: str = "", x_title: str | None = None, y_title: str | None = None,
          width: int = 420, height: int = 240) -> alt.Chart:
    """`y` against `x` (one line per `color`), with a shaded band between columns `lo` and `hi` when given."""
    enc = dict(x=alt.X(f"{x}:Q", title=x_title or x), color=alt.Color(f"{color}:N") if color else alt.value("#4c78a8"))
    line = alt.Chart(frame).mark_line(point=True).encode(
        y=alt.Y(f"{y}:Q", title=y_title or y), tooltip=[c for c in (x, y, color, lo, hi) if c], **enc)
    chart = line
    if lo and hi:
        band = alt.Chart(frame).mark_area(opacity=0.2).encode(y=f"{lo}:Q", y2=f"{hi}:Q", **enc)
        chart = band + line
    return chart.properties(title=title, width=width, height=height)


def distributions(frame: pd.DataFrame, value: str, group: str, *, facet: str | None = None, title: str = "",
                  x_title: str | None = None, bins: int = 40, width: int = 420, height: int = 160) -> alt.Chart:
    """Overlaid histograms of `value` per `group` (optionally one row per `facet`), aggregated before plotting."""
    chart = alt.Chart(frame).mark_bar(opacity=0.55, binSpacing=0).encode(
        x=alt.X(f"{value}:Q", bin=alt.Bin(maxbins=bins), title=x_title or value),
        y=alt.Y("count():Q", stack=None, title="count"),
        color=alt.Color(f"{group}:N"),
    ).properties(width=width, height=height)
    if facet:
        chart = chart.facet(row=alt.Row(f"{facet}:N", title=None))
    return chart.properties(title=title)
