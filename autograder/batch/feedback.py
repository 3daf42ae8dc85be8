"""One self-contained feedback page per student: DIR/feedback/<student>.html.

The page opens with one sentence (the score, how many tests passed), then every test's name,
points and message, the student's own code for each task, and the task descriptions with their
math. Each page is one file, to upload to an LMS or mail as it is: MathJax's SVG output
(tex-svg.js of the sphinx-mathjax-offline package: no web fonts to fetch) is inside the page,
gzipped and base64-encoded (about 0.9 MB instead of 2.1 MB), and unpacked by the browser
(DecompressionStream: Chrome 80, Firefox 113, Safari 16.4 and later; an older browser shows the
TeX source instead). MathJax's extension loading (require, autoload) is switched off: nothing is
requested from anywhere. Hidden tests keep their names, points and messages, but their source is
cut out (as nbgrader cuts it from the release) unless show_hidden_source.
"""
from __future__ import annotations

import base64
import functools
import gzip
import html
import importlib.util
import re
import shutil
from pathlib import Path

import nbformat

from .. import cells
from ..cells import markers
from ..course import source_notebook
from .gradesheet import atomic_write, fmt, one_line

MAX_CODE_CHARS = 100_000
# Anything in an instructor's markdown that would make the browser fetch from elsewhere.
REMOTE = re.compile(r"""\s(src|srcset|data|poster|background)\s*=\s*(["'])(?!\s*(?:data:|#))"""
                    r"""\s*(?:[a-z][a-z0-9+.-]*:|//)[^"']*\2""", re.I)

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.5}
h1{font-size:1.5rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.ok{color:#137333;font-weight:600} .fail{color:#b3261e;font-weight:600}
.score{font-size:1.3rem;font-weight:700} .status{padding:.1rem .4rem;border-radius:.3rem;background:#eee}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;border-radius:.3rem;font-size:.85rem}
pre.message{background:#fdecea;white-space:pre-wrap} .test{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #ddd}
.test.passed{border-color:#137333} .test.failed{border-color:#b3261e} .note{color:#555;font-style:italic}
.summary{font-size:1.1rem}
"""
MATHJAX_CONFIG = """window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']],
  displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']], processEscapes: true,
  packages: {'[-]': ['require', 'autoload']}},
  loader: {load: []}, svg: {fontCache: 'global'},
  options: {ignoreHtmlClass: 'tex2jax_ignore', processHtmlClass: 'tex2jax_process'}};"""
# Unpacks the gzipped MathJax held in the page and runs it: no request (a Blob's stream is local).
MATHJAX_LOADER = """(async () => {
  if (!('DecompressionStream' in window)) return;
  const packed = document.getElementById('mathjax-gz').textContent;
  const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
  const code = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  const script = document.createElement('script');
  script.textContent = code;
  document.head.appendChild(script);
})();"""


def mathjax_source() -> Path:
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the sphinx-mathjax-offline package is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "static" / "mathjax"


@functools.lru_cache(maxsize=1)
def packed_mathjax() -> str:
    """MathJax's tex-svg.js, gzipped and base64-encoded (once per process)."""
    return base64.b64encode(gzip.compress((mathjax_source() / "tex-svg.js").read_bytes(), 9, mtime=0)).decode()


def summary(row: dict) -> str:
    """One sentence: the score and how many tests passed (the table below has the details)."""
    result = row["result"]
    score = f'<span class="score">{fmt(result.score)} / {fmt(result.max_score)}</span>'
    if row["status"] != "graded":
        why = one_line(result.error or "no details", 300)
        return f"{score}: your notebook was not graded ({html.escape(row['status'])}): {html.escape(why)}"
    failed = sum(1 for t in result.tests if not t.passed)
    n = len(result.tests)
    if not failed:
        return f"{score}: all {n} tests passed."
    return (f"{score}: {n - failed} of {n} tests passed; the {failed} that failed are marked below, "
            f"each with its message.")


def _highlight(code: str) -> str:
    from pygments import highlight  # noqa: PLC0415
    from pygments.formatters import HtmlFormatter  # noqa: PLC0415
    from pygments.lexers import PythonLexer  # noqa: PLC0415

    if len(code) > MAX_CODE_CHARS:
        code = code[:MAX_CODE_CHARS] + "\n# ... (cut: too long to show)"
    return highlight(code, PythonLexer(), HtmlFormatter(cssclass="highlight"))


def _markdown(source: str) -> str:
    from nbconvert.filters.markdown import markdown2html_mistune  # noqa: PLC0415

    return REMOTE.sub(r' data-removed-\1=""', markdown2html_mistune(source))


def _test_block(cell, test, show_hidden: bool) -> str:
    passed = test.passed
    source = cell.source
    cut = 0
    if not show_hidden:
        source, cut = markers.without_regions(source, markers.HIDDEN)
    note = f'<p class="note">+ hidden tests ({cut} lines, source not shown)</p>' if cut else ""
    message = (f'<pre class="message">{html.escape(test.message)}</pre>' if test.message else "")
    return (f'<div class="test {"passed" if passed else "failed"}" id="{html.escape(test.grade_id)}">'
            f'<p><b>{html.escape(test.grade_id)}</b>: <span class="{"ok" if passed else "fail"}">'
            f'{fmt(test.points)} / {fmt(test.max_points)} {"passed" if passed else "failed"}</span></p>'
            f'{message}<details><summary>test code</summary>{_highlight(source)}{note}</details></div>')


def render(ps: str, row: dict, notebook: Path | None, source_nb, show_hidden: bool) -> str:
    from pygments.formatters import HtmlFormatter  # noqa: PLC0415

    result, sid = row["result"], row["student_id"]
    tests = {t.grade_id: t for t in result.tests}
    table = "".join(
        f'<tr><td><a href="#{html.escape(t.grade_id)}">{html.escape(t.grade_id)}</a></td>'
        f'<td>{fmt(t.points)} / {fmt(t.max_points)}</td>'
        f'<td class="{"ok" if t.passed else "fail"}">{"passed" if t.passed else "failed"}</td>'
        f'<td><code>{html.escape(t.message[:300])}</code></td></tr>' for t in result.tests)
    parts = [f'<h1>{html.escape(ps)}: feedback for {html.escape(sid)}</h1>',
             f'<p class="summary">{summary(row)}</p>']
    if row.get("note"):          # how the notebook was chosen among several
        parts.append(f'<p class="note">{html.escape(one_line(row["note"], 600))}</p>')
    parts.append('<table><tr><th>test</th><th>points</th><th>result</th><th>message</th></tr>'
                 f'{table}</table>')
    student = cells.student_cells(notebook)
    if student is not None:
        parts.append("<h2>Your notebook, task by task</h2>")
        for cell in source_nb.cells:
            gid = cells.grade_id(cell)
            if cells.is_solution(cell):      # the student's answer, never the instructor's
                code = student.get(gid)
                shown = ('<p class="note">this cell is missing from your notebook</p>' if code is None else
                         _highlight(code) if cells.is_code(cell) else f"<pre>{html.escape(code)}</pre>")
                parts.append(f'<p><b>Your answer</b> ({html.escape(gid)}):</p>{shown}')
            elif cell.cell_type == "markdown":
                parts.append(f'<div class="tex2jax_process">{_markdown(cell.source)}</div>')
            elif cells.is_test(cell) and gid in tests:
                parts.append(_test_block(cell, tests[gid], show_hidden))
    css = STYLE + HtmlFormatter(cssclass="highlight").get_style_defs(".highlight")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(ps)} feedback: {html.escape(sid)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f"<style>{css}</style><script>{MATHJAX_CONFIG}</script>"
            f'<script id="mathjax-gz" type="application/octet-stream">{packed_mathjax()}</script>'
            f"<script>{MATHJAX_LOADER}</script></head>"
            f'<body class="tex2jax_ignore">{"".join(parts)}</body></html>\n')


def write_feedback(folder: Path, ps: str, rows: list[dict], found: dict, show_hidden: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder / "_static", ignore_errors=True)     # the shared MathJax copy of earlier versions
    source_nb = nbformat.read(source_notebook(ps), as_version=4)
    pages = set()
    for row in rows:
        f = found.get(row["student_id"])
        page = render(ps, row, f.notebook if f else None, source_nb, show_hidden)
        pages.add(f"{row['student_id']}.html")
        atomic_write(folder / f"{row['student_id']}.html", page)
    for stale in folder.glob("*.html"):        # students no longer among the submissions
        if stale.name not in pages:
            stale.unlink()
