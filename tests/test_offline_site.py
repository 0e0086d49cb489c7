import altair as alt
import pandas as pd

from lib.build import offline_site


def test_vendored_files_match_their_manifest():
    assert offline_site.check() == []


def test_vendored_versions_serve_what_altair_requests():
    requested = {"vega": alt.VEGA_VERSION, "vega-lite": alt.VEGALITE_VERSION, "vega-embed": alt.VEGAEMBED_VERSION}
    for name, spec in requested.items():
        assert offline_site.satisfies(offline_site.PACKAGES[name][0], spec), (
            f"altair {alt.__version__} requests {name}@{spec}: update lib.build.offline_site.PACKAGES and run "
            "`python -m lib.build.offline_site vendor`")


def test_satisfies_matches_version_prefixes():
    assert offline_site.satisfies("6.4.0", "6") and offline_site.satisfies("6.4.0", "6.4")
    assert offline_site.satisfies("6.4.1", "6.4.1") and offline_site.satisfies("6.4.1", None)
    assert not offline_site.satisfies("6.4.0", "6.4.1") and not offline_site.satisfies("6.4.0", "5")
    assert not offline_site.satisfies("16.0.0", "1")


def test_altair_chart_html_is_pointed_at_the_vendored_files():
    html = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x")._repr_mimebundle_()["text/html"]
    assert "cdn.jsdelivr.net" in html
    new, problems = offline_site.rewrite_html(html, "../../_static/")
    assert problems == [] and offline_site.external_resources(new) == []
    for name, rel in offline_site.CHART_FILES.items():
        assert f'"{name}": "../../_static/vendor/{rel}?noext"' in new
        assert (offline_site.VENDOR / rel).is_file()


def test_a_version_the_vendored_copy_cannot_serve_is_left_and_reported():
    html = '<script>const p = {"vega-lite": "https://cdn.jsdelivr.net/npm/vega-lite@5.20.1?noext"};</script>'
    new, problems = offline_site.rewrite_html(html, "_static/")
    assert new == html and len(problems) == 1 and "vega-lite@5.20.1" in problems[0]
    assert offline_site.external_resources(new) == ["https://cdn.jsdelivr.net/npm/vega-lite@5.20.1?noext"]


def test_external_resources_lists_other_hosts_only():
    html = ('<script src="../_static/x.js"></script><script src="https://cdnjs.example/require.js"></script>'
            '<link rel="stylesheet" href="//fonts.example/f.css"><a href="https://github.com/x">repo</a>'
            '<link rel="canonical" href="https://book.example/page.html">')
    assert offline_site.external_resources(html) == ["//fonts.example/f.css", "https://cdnjs.example/require.js"]


def test_duplicate_inline_head_scripts_are_dropped_once():
    line = '    <script>const THEBE_JS_URL = "u";</script>\n'
    html = f"<head>\n{line}<script src='a.js'></script>\n{line}</head><body>{line}{line}</body>"
    new = offline_site.dedupe_inline_scripts(html)
    head, body = new.split("</head>")
    assert head.count("THEBE_JS_URL") == 1 and body.count("THEBE_JS_URL") == 2 and "a.js" in head
