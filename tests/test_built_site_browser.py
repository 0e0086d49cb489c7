"""The built site, opened in headless Chromium with every request to another host blocked.

Needs a built site (`jupyter-book build .` -> _build/html; or BOOK_SITE=<folder>) made with lib.build.offline_site
(older builds lack _static/vendor/MANIFEST.json and are skipped), Debian's chromium (/usr/bin/chromium, or
BOOK_CHROMIUM) and the `playwright` package. Without them these tests skip, unless BOOK_SITE_REQUIRED=1 (as in
.ci/run, after the build), which turns each skip into a failure.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lib.build import notebooks

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("BOOK_SITE", ROOT / "_build" / "html")).resolve()
REQUIRED = os.environ.get("BOOK_SITE_REQUIRED") == "1"
CHROMIUM = os.environ.get("BOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Record every chart vega-embed draws: wrap the global `vegaEmbed` the moment vega-embed's bundle defines it, and
# count the items of the data marks (role "mark") in each view's scenegraph, i.e. bars, points, lines, cells.
RECORD_CHARTS = """
window.__charts = [];
(() => {
  let wrapped;
  const countMarks = (node) => {
    let n = 0;
    if (node && node.marktype && node.marktype !== "group" && node.role === "mark") n += (node.items || []).length;
    for (const child of (node && node.items) || []) n += countMarks(child);
    return n;
  };
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return wrapped; },
    set(embed) {
      wrapped = Object.assign(function (el, spec, opt) {
        const id = (typeof el === "string") ? el : el.id;
        return embed(el, spec, opt).then(
          (result) => { window.__charts.push({id, marks: countMarks(result.view.scenegraph().root)}); return result; },
          (err) => { window.__charts.push({id, error: String(err && err.message || err)}); throw err; });
      }, embed);
    },
  });
})();
"""
CHART_DIVS = "div[id^='altair-viz-']"


def _need(ok: bool, reason: str) -> None:
    if not ok:
        if REQUIRED:
            pytest.fail(f"{reason} (BOOK_SITE_REQUIRED=1)")
        pytest.skip(reason)


def _book_root() -> Path:
    """The book the site was built from: <book>/_build/html, else this repository."""
    candidate = SITE.parent.parent
    return candidate if (candidate / "_toc.yml").is_file() else ROOT


def _pages() -> list[tuple[str, Path]]:
    root = _book_root()
    return [(src.relative_to(root).with_suffix("").as_posix(), SITE / src.relative_to(root).with_suffix(".html"))
            for src in notebooks.chapters(root)]


@pytest.fixture(scope="module")
def site() -> Path:
    _need((SITE / "index.html").is_file(), f"no built site at {SITE}: run `jupyter-book build .` first")
    _need((SITE / "_static" / "vendor" / "MANIFEST.json").is_file(),
          f"the site at {SITE} was built before lib.build.offline_site vendored its JavaScript: rebuild it")
    return SITE


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


WAIT_FOR_MATH = "async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }"
DRAWN_AREAS = f"""() => [...document.querySelectorAll("{CHART_DIVS}")].map(d => {{
    const c = d.querySelector("canvas.marks, svg.marks");
    return c ? c.getBoundingClientRect().width * c.getBoundingClientRect().height : 0; }})"""


# Printed output (a verdict sentence, a check) wider than its box: the reader sees it cut at the edge behind a scroll
# bar. book/_static/book.css wraps it; this lists the first words of each output that is still cut.
CUT_OUTPUTS = """() => [...document.querySelectorAll("div.cell_output div.output.stream pre, div.cell_output div.output.text_plain pre")]
    .filter(p => p.scrollWidth > p.clientWidth + 1).map(p => p.textContent.trim().slice(0, 60))"""


def _visit(page, url: str, search: bool) -> dict:
    """Load one page, wait for its charts (and MathJax, and search results), and report what it drew."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url, wait_until="networkidle", timeout=60_000)
    n_charts = page.locator(CHART_DIVS).count()
    out = {"n_charts": n_charts}
    try:  # a chart that never draws is reported by test_every_chart_renders_with_marks
        page.wait_for_function(f"window.__charts.length >= {n_charts}", timeout=20_000)
    except PlaywrightTimeout:
        pass
    page.evaluate(WAIT_FOR_MATH)
    if search:
        try:
            page.wait_for_selector("ul.search li", timeout=20_000)
        except PlaywrightTimeout:
            pass
        out["search_hits"] = page.locator("ul.search li").count()
    out.update(charts=page.evaluate("window.__charts"), drawn=page.evaluate(DRAWN_AREAS),
               math=page.locator("mjx-container").count(), cut=page.evaluate(CUT_OUTPUTS))
    return out


@pytest.fixture(scope="module")
def browsed(site):
    """Open every chapter page (and a search) with the network cut off; what each page did."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the playwright package is not installed (pip install playwright)")
    _need(Path(CHROMIUM).is_file(), f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results, started, blocked, bad_status = {}, time.time(), [], []

    def route(r):
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:  # anything bound for another host never leaves: it is recorded and refused
            blocked.append(r.request.url)
            r.abort("internetdisconnected")

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(service_workers="block")
            context.route("**/*", route)
            context.add_init_script(RECORD_CHARTS)
            context.on("response", lambda resp: resp.status >= 400 and bad_status.append(f"{resp.status} {resp.url}"))
            for name, path in _pages() + [("search", site / "search.html")]:
                page, errors = context.new_page(), []
                page.on("console", lambda msg, errors=errors: msg.type == "error" and errors.append(msg.text))
                page.on("pageerror", lambda exc, errors=errors: errors.append(f"uncaught: {exc}"))
                n_blocked, n_bad = len(blocked), len(bad_status)
                url = base + path.relative_to(site).as_posix() + ("?q=residual+stream" if name == "search" else "")
                out = _visit(page, url, search=name == "search") if path.is_file() else {}
                page.close()
                results[name] = {"exists": path.is_file(), **out, "errors": errors, "blocked": blocked[n_blocked:],
                                 "bad_status": bad_status[n_bad:]}
            browser.close()
    finally:
        server.shutdown()
    print(f"browsed {len(results)} pages in {time.time() - started:.1f} s")
    return results


def test_every_chapter_page_was_built(site):
    missing = [name for name, path in _pages() if not path.is_file()]
    assert not missing, f"chapters in _toc.yml with no page in {site}: {missing}"


def test_cross_references_resolve(site):
    """Sphinx leaves an unresolved {ref}/{doc}/{term} as a bare span with class "xref"; internal links must exist."""
    unresolved, dead = {}, {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(site).as_posix()
        # a resolved reference wraps its span in a link: <a class="reference internal" ...><span class="xref ...">
        if spans := [m.group(2) for m in re.finditer(r'(<a [^>]*>)?<span class="xref[^"]*">([^<]*)', text)
                     if not m.group(1)]:
            unresolved[rel] = spans
        for href in re.findall(r'<a class="reference internal" href="([^"#?]+)', text):
            if not (page.parent / href).resolve().is_file():
                dead.setdefault(rel, []).append(href)
    assert not unresolved, f"unresolved cross-references: {unresolved}"
    assert not dead, f"internal links to missing pages: {dead}"


def test_no_request_leaves_the_machine(browsed):
    leaks = {name: r["blocked"] for name, r in browsed.items() if r["blocked"]}
    assert not leaks, f"pages tried to load from other hosts (offline they break): {leaks}"


def test_no_missing_files_or_console_errors(browsed):
    bad = {name: r["bad_status"] + r["errors"] for name, r in browsed.items() if r["bad_status"] or r["errors"]}
    assert not bad, f"pages with failed requests or console errors: {bad}"


def test_every_chart_renders_with_marks(browsed):
    problems, total = {}, 0
    for name, r in browsed.items():
        if not r["exists"] or name == "search":
            continue
        drawn = {c["id"]: c for c in r["charts"]}
        total += r["n_charts"]
        bad = [c for c in r["charts"] if "error" in c or c["marks"] == 0]
        bad += [f"{r['n_charts'] - len(drawn)} charts never drawn"] if len(drawn) < r["n_charts"] else []
        bad += [f"chart {i} has an empty canvas/svg" for i, area in enumerate(r["drawn"]) if area <= 0]
        if bad:
            problems[name] = bad
    assert not problems, f"charts that did not render: {problems}"
    assert total > 0, "no altair chart on any page: the chart check would pass vacuously"


def test_printed_output_is_read_whole(browsed):
    cut = {name: r["cut"] for name, r in browsed.items() if r.get("cut")}
    assert not cut, f"printed outputs cut at the page's edge (book/_static/book.css should wrap them): {cut}"


def test_search_finds_pages(browsed):
    assert browsed["search"]["search_hits"] > 0, "the site's search page found nothing for 'residual stream'"


def test_math_is_typeset_locally(browsed):
    assert any(r.get("math", 0) > 0 for r in browsed.values()), "MathJax typeset nothing on any chapter page"


def test_colab_buttons_open_the_generated_notebooks(site):
    root = _book_root()
    repo = notebooks.REPO_URL.split("github.com/")[1]
    wrong, n_checked = {}, 0
    for source in notebooks.notebook_chapters(root):
        name = source.relative_to(root).with_suffix("").as_posix()
        page = SITE / f"{name}.html"
        if not page.is_file():
            continue
        links = set(re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', page.read_text()))
        want = f"https://colab.research.google.com/github/{repo}/blob/main/{name}.ipynb"
        n_checked += 1
        if links != {want} or not source.with_suffix(".ipynb").is_file():
            wrong[name] = sorted(links)
    assert not wrong, (f"Colab links that do not open book/<page>.ipynb: {wrong}; run `{notebooks.SYNC_COMMAND}` "
                       "before building")
    assert n_checked > 0, "no notebook chapter page in the site to check"
