"""Every page of the built book renders in a real browser, offline.

Serves the built site (default <repo>/_build/html, or $CONVNETS_SITE) on 127.0.0.1, opens each
page in headless Chromium (one browser per module, one fresh tab per page) and asserts:

* math is typeset: on pages with math, MathJax's startup promise resolves, every Sphinx math
  element holds an <mjx-container>, no TeX errors (mjx-merror) or undefined macros (red), and
  MathJax's fonts load; on every page the visible text outside code blocks has no raw TeX
  ($$, \\frac, \\( \\) \\[ \\], \\begin{);
* every <img> loaded (complete and naturalWidth > 0) and no web font failed;
* no request leaves the machine: every URL is file:, data:, blob: or the local server;
* no console error, uncaught exception or browser error log entry, and no local request that
  failed or answered HTTP >= 400 (a missing MathJax font, say). The one exception is the
  /favicon.ico that Chromium requests by itself when a page declares no icon.

The pages are those of _toc.yml ($CONVNETS_TOC) mapped to .html, plus any other .html page found
in the site (not genindex/search, not under _static/_sources/_downloads/_images).
Environment: CONVNETS_SITE, CONVNETS_TOC, CONVNETS_CHROMIUM, CONVNETS_BROWSER_PAGE_TIMEOUT (s), and
CONVNETS_REQUIRE_BROWSER (set by `make test`: a missing chromium fails instead of skipping).
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

import pytest
import yaml

try:  # tests/ as a plain folder (pytest puts it on sys.path) or as a package
    from browser_cdp import Chromium, PageReport, SiteServer, find_chromium
except ImportError:
    from tests.browser_cdp import Chromium, PageReport, SiteServer, find_chromium

# Reads the built book (`make site`): `make test` runs it after the build, in its second pytest run.
pytestmark = pytest.mark.book

REPO = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("CONVNETS_SITE") or REPO / "_build" / "html")
TOC = Path(os.environ.get("CONVNETS_TOC") or REPO / "_toc.yml")
PAGE_BUDGET = float(os.environ.get("CONVNETS_BROWSER_PAGE_TIMEOUT", "15"))

SKIP_NAMES = {"genindex.html", "search.html"}
SKIP_DIRS = {"_static", "_sources", "_downloads", "_images"}
SOURCE_SUFFIXES = {".md", ".ipynb", ".rst", ".myst"}
ALLOWED_SCHEMES = ("data:", "blob:", "file:", "about:")
# TeX that must not survive into the visible text (outside code blocks) once MathJax has run.
RAW_TEX = re.compile(r"\$\$|\\frac|\\\(|\\\)|\\\[|\\\]|\\begin\{")

# Sphinx writes every formula (and myst-nb every LaTeX output) as an element of class "math".
HAS_MATH = re.compile(r'class="(?:[^"]*\s)?math(?:\s[^"]*)?"')

NOT_BUILT = f"The built book is missing: {SITE} does not exist. Run `make book` first."


# --------------------------------------------------------------------------------------------
# Which pages
# --------------------------------------------------------------------------------------------


def toc_pages(toc: Path) -> list[str]:
    """The `root` and every `file` entry of a Jupyter Book _toc.yml, as site-relative .html paths."""
    if not toc.is_file():
        return []
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(toc.read_text()))
    pages = []
    for name in found:
        p = PurePosixPath(name)
        if p.suffix in SOURCE_SUFFIXES:
            p = p.with_suffix("")
        html = f"{p}.html"
        if html not in pages:
            pages.append(html)
    return pages


def site_pages(site: Path) -> list[str]:
    """Every .html page in the built site except Sphinx's generated and static ones."""
    if not site.is_dir():
        return []
    pages = []
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.endswith(".html") and name not in SKIP_NAMES:
                pages.append((Path(dirpath) / name).relative_to(site).as_posix())
    return pages


# The _toc.yml pages first (they must all exist), then anything else the build wrote (index.html).
PAGES = toc_pages(TOC)
PAGES += [p for p in site_pages(SITE) if p not in PAGES]


def redirect_target(html: str) -> str | None:
    """The target of a meta-refresh stub (Jupyter Book writes index.html as one), else None."""
    m = re.search(r'<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"', html, re.I)
    return m.group(1) if m else None


# --------------------------------------------------------------------------------------------
# Fixtures: one server and one browser for the module
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_server():
    if not SITE.is_dir():
        pytest.fail(NOT_BUILT, pytrace=False)
    server = SiteServer(SITE)
    yield server
    server.close()


@pytest.fixture(scope="module")
def browser():
    exe = find_chromium()
    if exe is None:
        message = "chromium is not installed (Debian: apt-get install chromium; `make sysdeps` does it as root)"
        # `make test` (and so CI) sets CONVNETS_REQUIRE_BROWSER: there a missing browser is a failure,
        # never a skip standing in for the page checks.
        if os.environ.get("CONVNETS_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    chromium = Chromium(exe)
    yield chromium
    chromium.close()


# --------------------------------------------------------------------------------------------
# What counts as a problem
# --------------------------------------------------------------------------------------------


def is_local(url: str, origin: str) -> bool:
    return url.startswith(ALLOWED_SCHEMES) or url == origin or url.startswith(origin + "/")


def problems_in(report: PageReport, origin: str, has_math: bool) -> list[str]:
    """Everything wrong with one page, as human-readable lines (empty: the page is fine)."""
    out: list[str] = []
    # Chromium asks for /favicon.ico by itself when a page declares no icon (Sphinx would put a
    # declared one under _static/): that request is the browser's, not the page's.
    implicit_favicon = f"{origin}/favicon.ico"
    if report.navigation_error:
        out.append(f"navigation failed: {report.navigation_error}")
    if not report.load_event:
        out.append("the load event never fired")
    probe = report.probe
    if probe is None:
        out.append(f"could not inspect the page: {report.probe_error}")
        probe = {}

    # Math.
    if has_math or probe.get("mathElements"):
        if probe.get("mathjax") != "ok":
            out.append(f"MathJax: {probe.get('mathjax')}")
        if not probe.get("mjxContainers"):
            out.append("the page has math but no <mjx-container>: MathJax typeset nothing")
        for tex in probe.get("untypeset", []):
            out.append(f"math element not typeset: {tex!r}")
        if not probe.get("mathjaxFontsLoaded"):
            out.append("no MathJax web font (MJX*) loaded")
    for err in probe.get("mathErrors", []):
        out.append(f"TeX error in typeset math: {err}")
    for macro in probe.get("undefinedMacros", []):
        out.append(f"undefined TeX macro (typeset in red): {macro}")
    text = probe.get("text", "")
    hits: dict[str, list[re.Match]] = {}
    for m in RAW_TEX.finditer(text):
        hits.setdefault(m.group(), []).append(m)
    for token, matches in hits.items():
        m = matches[0]
        snippet = text[max(0, m.start() - 40): m.end() + 40].replace("\n", " ")
        out.append(f"raw TeX {token} ({len(matches)}x) in the visible text, first in: ...{snippet}...")

    # Images and fonts.
    for src in probe.get("brokenImages", []):
        out.append(f"image did not load: {src}")
    for family in probe.get("fontErrors", []):
        out.append(f"web font failed to load: {family}")

    # Network.
    for url in sorted(set(u for u in report.requests if not is_local(u, origin))):
        out.append(f"request leaves the machine: {url}")
    for url, why in report.failed_requests:
        if is_local(url, origin) and url != implicit_favicon:
            out.append(f"local request failed: {url} -> {why}")

    # Console.
    for line in report.console_errors:
        if not line.endswith(f"({implicit_favicon})"):
            out.append(line)
    return out


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_site_is_built():
    if not SITE.is_dir():
        pytest.fail(NOT_BUILT, pytrace=False)
    assert PAGES, f"no pages: {TOC} lists none and {SITE} holds no .html page"


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_offline(page: str, request):
    if not SITE.is_dir():
        pytest.fail(NOT_BUILT, pytrace=False)
    path = SITE / page
    if not path.is_file():
        pytest.fail(f"{page} (from {TOC.name}) was not built: {path} is missing. Run `make book`.",
                    pytrace=False)
    html = path.read_text(encoding="utf-8", errors="replace")

    target = redirect_target(html)
    if target is not None:  # a redirect stub: its target must exist (and is tested itself)
        resolved = (path.parent / target.split("#")[0]).resolve()
        assert resolved.is_file(), f"{page} redirects to {target}, which does not exist"
        return

    # Start the browser only now, so that a missing site fails above instead of skipping here.
    server: SiteServer = request.getfixturevalue("site_server")
    browser: Chromium = request.getfixturevalue("browser")
    report = browser.check_page(server.url(page), budget=PAGE_BUDGET)
    has_math = HAS_MATH.search(html) is not None
    problems = problems_in(report, server.origin, has_math)
    if problems:
        pytest.fail(f"{page} ({report.seconds:.1f} s):\n  " + "\n  ".join(problems), pytrace=False)


# --------------------------------------------------------------------------------------------
# The Korean edition (every one of its pages is also checked above: it is part of the site)
# --------------------------------------------------------------------------------------------

KOREAN_CHAPTER = "ko/book/01_architecture.html"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.browser
def test_korean_chapter_renders_in_korean(request):
    """A Korean chapter: lang="ko", Hangul text drawn with a Hangul font (Noto Sans CJK, not a
    missing-glyph box), math typeset, no console error, no request off the machine."""
    if not (SITE / KOREAN_CHAPTER).is_file():
        pytest.fail(f"{KOREAN_CHAPTER} was not built. Run `make book`.", pytrace=False)
    server: SiteServer = request.getfixturevalue("site_server")
    browser: Chromium = request.getfixturevalue("browser")
    report = browser.check_page(server.url(KOREAN_CHAPTER), budget=PAGE_BUDGET, fonts_for="main section p")
    problems = problems_in(report, server.origin, has_math=True)
    assert not problems, f"{KOREAN_CHAPTER}:\n  " + "\n  ".join(problems)
    assert report.probe["lang"] == "ko"
    assert report.probe["mjxContainers"] > 10, "the chapter's math was not typeset"
    text = report.probe["text"]
    assert "아키텍처 개요" in text and len(HANGUL.findall(text)) > 3000, "too little Hangul on the page"
    # The first paragraph (over a hundred syllables): its Hangul glyphs come from Noto Sans CJK.
    hangul_fonts = {family: n for family, n in report.platform_fonts.items() if "CJK" in family}
    assert sum(hangul_fonts.values()) >= 100, \
        f"the first paragraph's Hangul was not drawn with a Hangul font: {report.platform_fonts}"
