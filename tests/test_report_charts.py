import pandas as pd

from lib import charts, report


def test_paper_vs_run_formats_and_labels():
    table = report.paper_vs_run([("SD base", "0.234", 0.12345), ("layer", "18", 5)], "organism")
    assert list(table.columns) == ["paper reports", "this run (organism)"]
    assert table.loc["SD base"].tolist() == ["0.234", "0.123"] and table.loc["layer"].tolist() == ["18", "5"]


def test_charts_encode_the_columns_they_are_given():
    frame = pd.DataFrame({"layer": [0, 1, 0, 1], "auc": [0.5, 0.9, 0.6, 0.8], "lo": [0.4] * 4, "hi": [1.0] * 4,
                          "model": ["base", "base", "aligned", "aligned"]})
    spec = charts.lines(frame, "layer", "auc", color="model", lo="lo", hi="hi", title="t").to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line"]
    assert spec["layer"][1]["encoding"]["y"]["field"] == "auc" and spec["title"] == "t"
    hist = charts.distributions(frame, "auc", "model").to_dict()
    assert hist["encoding"]["x"]["bin"] == {"maxbins": 40} and hist["encoding"]["color"]["field"] == "model"
