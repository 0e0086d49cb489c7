"""The built site works with no internet: the chart and math JavaScript ships with it.

Two parts:
- a Sphinx extension (listed in `_config.yml` under `sphinx.extra_extensions`) that copies the vendored files in
  `book/_static/vendor/` into the site's `_static/vendor/` and, when the build finishes, rewrites the CDN addresses
  that altair writes into every chart (vega, vega-lite, vega-embed on cdn.jsdelivr.net) to those local copies,
  with the right relative path for each page. MathJax is pointed at its local copy by `mathjax_path` in
  `_config.yml`. Anything still loaded from another host is reported as a build warning.
- the vendoring command, which fetches the pinned packages with `npm pack` and records them in MANIFEST.json:

    python -m lib.build.offline_site vendor   # (re)fetch the pinned versions into book/_static/vendor/
    python -m lib.build.offline_site check    # verify the vendored files against MANIFEST.json

The pinned versions are the ones altair requests (`alt.VEGA_VERSION` "6" -> newest 6.x, `alt.VEGALITE_VERSION`,
`alt.VEGAEMBED_VERSION` "7" -> newest 7.x); after an altair upgrade, change PACKAGES and run `vendor`.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from lib.errors import BadInput

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "book" / "_static" / "vendor"  # copied to <site>/_static/vendor/
# npm package -> (version, files inside the package to ship, folder under vendor/). Each package's LICENSE ships too.
PACKAGES = {
    "vega": ("6.4.0", ["build/vega.min.js"], "vega"),
    "vega-lite": ("6.4.1", ["build/vega-lite.min.js"], "vega-lite"),
    "vega-embed": ("7.3.0", ["build/vega-embed.min.js"], "vega-embed"),
    # MathJax's combined TeX+MathML -> CommonHTML build, its web fonts, and the TeX extensions it autoloads.
    "mathjax": ("3.2.2", ["es5/tex-mml-chtml.js", "es5/output/chtml/fonts/woff-v2/", "es5/input/tex/extensions/"],
                "mathjax"),
}
# What altair's chart HTML asks for -> the vendored file that serves it ("vega-lib" is vega's old bundle name).
CHART_FILES = {"vega": "vega/vega.min.js", "vega-lib": "vega/vega.min.js", "vega-lite": "vega-lite/vega-lite.min.js",
               "vega-embed": "vega-embed/vega-embed.min.js"}
CDN = re.compile(r"https://cdn\.jsdelivr\.net/npm/(vega-lite|vega-embed|vega-lib|vega)(?:@([0-9][\w.\-]*))?(\?noext)?")
EXTERNAL = re.compile(r"""<(script|link|img|iframe)\b[^>]*?\b(?:src|href)=["']((?:https?:)?//[^"']+)["'][^>]*>""",
                      re.I)
NOT_LOADED = re.compile(r"""\brel=["'](?:canonical|alternate|author|license|me)["']""", re.I)  # links, not fetches


# ----------------------------------------------------------------------------------------------- version matching
def satisfies(version: str, requested: str | None) -> bool:
    """Does vendored `version` ("6.4.0") serve a CDN request for `requested` ("6", "6.4", "6.4.0", or None)?"""
    if not requested:
        return True
    return version.split(".")[:len(requested.split("."))] == requested.split(".")


def rewrite_html(html: str, static_prefix: str) -> tuple[str, list[str]]:
    """Point altair's CDN script addresses at `static_prefix + 'vendor/...'`; returns (new html, problems).

    `static_prefix` is the page's relative path to `_static/` ("../../_static/"). A request whose version the
    vendored copy does not satisfy is left alone and reported.
    """
    problems = []

    def swap(match: re.Match) -> str:
        name, requested, noext = match.group(1), match.group(2), match.group(3) or ""
        package = "vega" if name == "vega-lib" else name
        version = PACKAGES[package][0]
        if not satisfies(version, requested):
            problems.append(f"{name}@{requested} requested, {package} {version} vendored: update "
                            f"lib.build.offline_site.PACKAGES and run `python -m lib.build.offline_site vendor`")
            return match.group(0)
        return f"{static_prefix}vendor/{CHART_FILES[name]}{noext}"

    return CDN.sub(swap, html), problems


INLINE_SCRIPT = re.compile(r"[ \t]*<script>(?:(?!</script>).)*</script>\n?", re.S)


def dedupe_inline_scripts(html: str) -> str:
    """Drop repeats of an identical attribute-less inline `<script>` in the page's <head> (keep the first).

    Jupyter Book 1 writes sphinx-thebe's and sphinx-togglebutton's config scripts twice into every page; the second
    `const THEBE_JS_URL = ...` throws "Identifier 'THEBE_JS_URL' has already been declared" in the console.
    """
    seen = set()

    def keep_first(match: re.Match) -> str:
        body = match.group(0).strip()
        if body in seen:
            return ""
        seen.add(body)
        return match.group(0)

    head, sep, body = html.partition("</head>")
    return INLINE_SCRIPT.sub(keep_first, head) + sep + body if sep else html


def external_resources(html: str) -> list[str]:
    """Addresses on other hosts that a page would load (scripts, stylesheets, images, frames, chart libraries)."""
    found = [m.group(2) for m in EXTERNAL.finditer(html) if not NOT_LOADED.search(m.group(0))]
    found += [m.group(0) for m in CDN.finditer(html)]
    return sorted(set(found))


# ---------------------------------------------------------------------------------------------- Sphinx extension
def _add_static_path(app, config) -> None:
    if not VENDOR.is_dir():
        raise BadInput(f"{VENDOR} is missing: run `python -m lib.build.offline_site vendor`.")
    parent = str(VENDOR.parent)  # its contents (vendor/...) land in <site>/_static/
    if parent not in config.html_static_path:
        config.html_static_path.append(parent)


def _rewrite_site(app, exception) -> None:
    from sphinx.util import logging

    log = logging.getLogger(__name__)
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    changed = 0
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        prefix = os.path.relpath(outdir / "_static", page.parent).replace(os.sep, "/") + "/"
        new, problems = rewrite_html(dedupe_inline_scripts(text), prefix)
        rel = page.relative_to(outdir).as_posix()
        for problem in sorted(set(problems)):
            log.warning(f"{rel}: {problem}", type="offline_site")
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
        for url in external_resources(new):
            log.warning(f"{rel} loads {url} from another host: the page will not render offline", type="offline_site")
    log.info(f"offline_site: rewrote {changed} pages (chart scripts -> _static/vendor, duplicate head scripts)")


def setup(app):
    app.connect("config-inited", _add_static_path)
    app.connect("build-finished", _rewrite_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


# ------------------------------------------------------------------------------------------------------ vendoring
def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor(dest: Path = VENDOR) -> dict:
    """Fetch PACKAGES with `npm pack`, copy the shipped files and licences into `dest`, write MANIFEST.json."""
    if shutil.which("npm") is None:
        raise BadInput("npm is not installed: install Node.js (apt-get install -y npm) to fetch the vendored files.")
    manifest = {"about": "JavaScript the built site serves itself; written by `python -m lib.build.offline_site vendor`",
                "packages": {}}
    if dest.exists():
        shutil.rmtree(dest)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, wanted, folder) in PACKAGES.items():
            tgz = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=tmp, check=True,
                                 capture_output=True, text=True).stdout.strip().splitlines()[-1]
            unpacked = Path(tmp) / name
            with tarfile.open(Path(tmp) / tgz) as tar:
                tar.extractall(unpacked, filter="data")
            package = unpacked / "package"
            licence = next(p for p in ("LICENSE", "LICENSE.txt", "LICENSE.md") if (package / p).is_file())
            base = package / Path(wanted[0]).parent  # e.g. build/ or es5/: the layout below it is kept
            copies = [(package / licence, Path(licence))]
            for item in wanted:
                found = sorted(p for p in (package / item).rglob("*") if p.is_file()) if item.endswith("/") \
                    else [package / item]
                copies += [(p, p.relative_to(base)) for p in found]
            files = []
            for src, rel in copies:
                target = dest / folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
                files.append(target)
            bundled = sorted(json.loads((package / "package.json").read_text()).get("dependencies", {}))
            manifest["packages"][name] = {
                "version": version, "source": f"npm pack {name}@{version}", "licence": licence,
                "licence_name": json.loads((package / "package.json").read_text()).get("license", "?"),
                "bundles": bundled if name == "vega-embed" else [],
                "files": {p.relative_to(dest).as_posix(): {"sha256": _sha256(p), "bytes": p.stat().st_size}
                          for p in sorted(files)}}
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    rows = [f"| {name} | {e['version']} | {e['licence_name']} ({folder}/{e['licence']}) | "
            f"{', '.join(e['bundles']) or '-'} |"
            for (name, e), (_, _, folder) in zip(manifest["packages"].items(), PACKAGES.values())]
    (dest / "README.md").write_text(
        "# Vendored JavaScript\n\nThe built site serves these files itself instead of loading them from a CDN, so "
        "charts and equations render with no internet (see lib/build/offline_site.py). Do not edit them: change "
        "`lib.build.offline_site.PACKAGES` and run `python -m lib.build.offline_site vendor`. Checksums: MANIFEST.json.\n\n"
        "| npm package | version | licence | also bundles (minified in) |\n| --- | --- | --- | --- |\n"
        + "\n".join(rows) + "\n")
    return manifest


def check(dest: Path = VENDOR) -> list[str]:
    """Problems with the vendored files: missing, changed, or a version that differs from PACKAGES."""
    path = dest / "MANIFEST.json"
    if not path.is_file():
        return [f"{path} is missing: run `python -m lib.build.offline_site vendor`"]
    manifest = json.loads(path.read_text())["packages"]
    problems = []
    for name, (version, _, _) in PACKAGES.items():
        entry = manifest.get(name)
        if entry is None or entry["version"] != version:
            problems.append(f"{name} {version} is pinned but {entry and entry['version']} is vendored")
            continue
        for rel, meta in entry["files"].items():
            file = dest / rel
            if not file.is_file() or _sha256(file) != meta["sha256"]:
                problems.append(f"{rel} is missing or differs from MANIFEST.json")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["vendor"]:
        manifest = vendor()
        for name, entry in manifest["packages"].items():
            size = sum(f["bytes"] for f in entry["files"].values())
            print(f"{name} {entry['version']}: {len(entry['files'])} files, {size / 1e6:.2f} MB")
        return 0
    if args == ["check"]:
        problems = check()
        print("\n".join(problems) or "vendored files match MANIFEST.json")
        return 1 if problems else 0
    print("usage: python -m lib.build.offline_site {vendor|check}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
