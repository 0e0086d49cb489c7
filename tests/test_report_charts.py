import html

import pandas as pd

from lib import charts, report


def test_paper_vs_run_formats_and_labels():
    table = report.paper_vs_run([("SD base", "0.234", 0.12345), ("layer", "18", 5)], "organism")
    assert list(table.columns) == ["paper reports", "this run (organism)"]
    assert table.loc["SD base"].tolist() == ["0.234", "0.123"] and table.loc["layer"].tolist() == ["18", "5"]


def test_the_box_shows_every_cell_whole():
    long = "Llama-3.1-8B AdvBench 13.3% -> 97.2%, HarmBench 23.8% -> 90.4%; Qwen2.5-7B 27.0% -> 89.0%, 52.4% -> 83.0%"
    table = report.paper_vs_run([("attack success", long, 0.5)], "organism")
    whole = html.escape(long)
    assert whole not in pd.DataFrame(table)._repr_html_()  # pandas' default cuts it (the page showed "HarmBenc...")
    assert whole in table._repr_html_() and long in repr(table)
    assert whole in table.loc[["attack success"]]._repr_html_()  # a slice keeps the whole-cell display
    assert pd.get_option("display.max_colwidth") == 50  # and the option is left as it was


def test_charts_encode_the_columns_they_are_given():
    frame = pd.DataFrame({"layer": [0, 1, 0, 1], "auc": [0.5, 0.9, 0.6, 0.8], "lo": [0.4] * 4, "hi": [1.0] * 4,
                          "model": ["base", "base", "aligned", "aligned"]})
    spec = charts.lines(frame, "layer", "auc", color="model", lo="lo", hi="hi", title="t").to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line"]
    assert spec["layer"][1]["encoding"]["y"]["field"] == "auc" and spec["title"] == "t"
    hist = charts.distributions(frame, "auc", "model").to_dict()
    assert hist["encoding"]["x"]["bin"] == {"maxbins": 40} and hist["encoding"]["color"]["field"] == "model"


def test_circumplex_map_draws_every_value_and_the_fit():
    import numpy as np

    from lib import circumplex
    rng = np.random.default_rng(0)
    basis = np.linalg.qr(rng.normal(size=(32, 2)))[0].T  # a planted circle in 32 dimensions
    vectors = circumplex.schwartz_circle() @ basis + 0.01 * rng.normal(size=(10, 32))
    fit = circumplex.value_circumplex(vectors, list(circumplex.VALUE_ORDER), n_perm=50)
    spec = charts.circumplex_map(fit, "planted").to_dict()
    left, right = spec["hconcat"]
    assert f"R² = {fit.r2:.2f}" in right["title"] and fit.r2 > 0.99
    points = [layer for layer in right["layer"] if layer["mark"]["type"] == "circle"][0]
    rows = spec["datasets"][points["data"]["name"]]
    assert sorted(r["value"] for r in rows) == sorted(circumplex.VALUE_ORDER)
    for r in rows:  # after Procrustes each fitted point sits on its place on the ideal circle
        assert abs(r["x"] - r["x_ideal"]) < 0.05 and abs(r["y"] - r["y_ideal"]) < 0.05


def test_close_glues_every_named_value_and_returns_the_box(monkeypatch, tmp_path):
    import numpy as np
    import myst_nb
    import pytest
    from IPython.display import Markdown

    from lib import profiles
    from lib.build import results
    from lib.errors import BadInput

    monkeypatch.setattr(results, "RESULTS_DIR", tmp_path)
    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=True: glued.__setitem__(name, value))
    profile = profiles.PROFILES["organism"]
    rows = [("SD ratio", 0.299, np.float64(0.14801), "sd_ratio"), ("layer", 18, np.int64(3), "layer"),
            ("reading", "compressed", "erased", "reading"), ("shown only", "n/a", 2.0, None)]
    box = report.close("03_variance", profile, rows, glue_only={"verdict": Markdown("**erased**"), "p": 0.01})
    assert box.loc["SD ratio"].tolist() == ["0.299", "0.148"] and box.loc["shown only"].tolist() == ["n/a", "2.000"]
    # numpy scalars become Python numbers (else the page would print "np.float64(0.148)"); Markdown stays Markdown
    assert glued["sd_ratio"] == 0.14801 and type(glued["sd_ratio"]) is float and type(glued["layer"]) is int
    assert glued["reading"] == "erased" and isinstance(glued["verdict"], Markdown) and glued["p"] == 0.01
    assert {"gpu_need", "gpu_gib"} <= set(glued) and "shown only" not in glued
    with pytest.raises(BadInput, match="unique"):
        report.close("03_variance", profile, rows[:1], glue_only={"sd_ratio": 1.0})
