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


def circumplex_map(fit, title: str) -> alt.HConcatChart:
    """Two panels for a `lib.circumplex` fit: left, the values' PCA map joined in circumplex order; right, the
    Procrustes-fitted points (filled) joined to their places on the ideal circle (hollow), with R² in the title."""
    import numpy as np

    from lib import circumplex

    coords = pd.DataFrame(fit.pca.coords, columns=["PC1", "PC2"]).assign(value=fit.values, order=range(len(fit.values)))
    ring = pd.concat([coords, coords.iloc[:1].assign(order=len(coords))])  # close the polygon
    color = alt.Color("value:N", sort=list(circumplex.VALUE_ORDER), legend=None)
    pcs = (alt.Chart(ring).mark_line(color="lightgray").encode(x="PC1:Q", y="PC2:Q", order="order:Q")
           + alt.Chart(coords).mark_circle(size=70).encode(x="PC1:Q", y="PC2:Q", color=color)
           + alt.Chart(coords).mark_text(dy=-9, fontSize=10).encode(x="PC1:Q", y="PC2:Q", text="value:N"))
    aligned = circumplex.procrustes_align(fit.pca.coords, fit.target)
    both = pd.DataFrame({"value": fit.values, "x": aligned[:, 0], "y": aligned[:, 1],
                         "x_ideal": fit.target[:, 0], "y_ideal": fit.target[:, 1]})
    t = np.linspace(0, 2 * np.pi, 91)
    x = alt.X("x:Q", scale=alt.Scale(domain=[-1.4, 1.4]), title="circle x")
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-1.4, 1.4]), title="circle y")
    fitted = (alt.Chart(pd.DataFrame({"x": np.cos(t), "y": np.sin(t), "o": t})).mark_line(color="lightgray")
              .encode(x=x, y=y, order="o:Q")
              + alt.Chart(both).mark_rule(color="gray").encode(x=x, y=y, x2="x_ideal:Q", y2="y_ideal:Q")
              + alt.Chart(both).mark_point(size=70).encode(x="x_ideal:Q", y="y_ideal:Q", color=color)
              + alt.Chart(both).mark_circle(size=70).encode(x="x:Q", y="y:Q", color=color)
              + alt.Chart(both).mark_text(dy=-9, fontSize=10).encode(x="x_ideal:Q", y="y_ideal:Q", text="value:N"))
    return alt.hconcat(pcs.properties(width=280, height=280, title=f"{title}: PCA map"),
                       fitted.properties(width=280, height=280,
                                         title=f"{title}: fitted (filled) vs ideal (hollow), R² = {fit.r2:.2f}"))


def ratio_bars(frame: pd.DataFrame, *, title: str = "", width: int = 360) -> alt.LayerChart:
    """Horizontal bars of `ratio` per `measure`, one colour per `model`, a tick at each row's `goal` and a rule at 1
    (the plain Hugging Face baseline); frame: `lib.build.perf.ratios`."""
    base = alt.Chart(frame).encode(y=alt.Y("measure:N", title=None, sort=None),
                                   yOffset=alt.YOffset("model:N"), color=alt.Color("model:N", title="model"))
    bars = base.mark_bar().encode(x=alt.X("ratio:Q", title="ratio (1 = plain Hugging Face)"),
                                  tooltip=["model", "device", "measure", "ratio", "goal", "met"])
    goals = base.transform_filter("isValid(datum.goal)").mark_tick(color="black", thickness=2, size=14).encode(
        x="goal:Q")
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4], color="gray").encode(x="x:Q")
    return alt.layer(bars, goals, one).properties(title=title, width=width)


RUN_COLORS = {"ok": "#2ca02c", "error": "#d62728", "timeout": "#ff7f0e", "kernel died": "#8c1c13",
              "not started (budget)": "#7f7f7f"}


def estimate_vs_measured(frame: pd.DataFrame, tiers: dict[str, float], *, title: str = "",
                         width: int = 260) -> alt.FacetChart:
    """Per profile (one panel each) and chapter (rows): the estimated GPU memory as a black tick, the measured peak
    as a dot coloured by the run's status, and a dashed rule at each tier's memory (`tiers`: {name: GiB}).
    frame: `lib.build.perf.book_memory`."""
    rules = pd.DataFrame({"tier": list(tiers), "gib": list(tiers.values())})
    data = frame.assign(status=frame["status"].fillna("not run"))
    y = alt.Y("chapter:N", sort=list(dict.fromkeys(frame["chapter"])), title=None)
    x = alt.X("gib:Q", title="GPU memory (GiB)")
    tooltip = ["profile", "chapter", "tier", "estimate_gib", "measured_gib", "status", "seconds", "ran_as"]
    estimate = alt.Chart().mark_tick(color="black", thickness=2, size=12).encode(
        y=y, x=alt.X("estimate_gib:Q", title="GPU memory (GiB)"), tooltip=tooltip)
    measured = alt.Chart().transform_filter("isValid(datum.measured_gib)").mark_point(filled=True, size=60).encode(
        y=y, x="measured_gib:Q", tooltip=tooltip,
        color=alt.Color("status:N", title="run",
                        scale=alt.Scale(domain=list(RUN_COLORS), range=list(RUN_COLORS.values()))))
    lines = alt.Chart(rules).mark_rule(strokeDash=[4, 4], color="gray").encode(x=x, tooltip=["tier", "gib"])
    return (alt.layer(estimate, measured, lines, data=data).properties(width=width)
            .facet(facet=alt.Facet("profile:N", title=None), columns=2, data=data)
            .properties(title=title))
