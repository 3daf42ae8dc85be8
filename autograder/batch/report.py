"""The class report: one offline HTML page per grade-all run, DIR/exports/class_report.html.

What an instructor looks at once a class is graded: the score histogram, the pass rate of every
test (which hidden test caught most students), the students not graded and why, the slowest
notebooks, and the overrides and late penalties the exports applied. The figures are drawn with
matplotlib as SVG and put in the page as data: URIs (text drawn as paths, so no font is needed);
no script, nothing loaded from anywhere.
"""
from __future__ import annotations

import base64
import html
import io
from collections import Counter
from datetime import datetime, timezone

import nbformat

from .. import cells
from ..cells import markers
from ..course import source_notebook
from .exports import Export
from .gradesheet import fmt, one_line

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45} h1{font-size:1.5rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0} td,th{border:1px solid #ddd;padding:.25rem .5rem;
text-align:left;vertical-align:top} td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#555} figure{margin:1rem 0} img{max-width:100%;height:auto} code{font-size:.85rem}
"""


def _svg(fig) -> str:
    """The figure as an <img> holding its SVG (matplotlib's text as paths: no fonts to load)."""
    import matplotlib.pyplot as plt  # noqa: PLC0415

    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


def _figures():
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt  # noqa: PLC0415

    return plt


def histogram(export: Export) -> str:
    import numpy as np  # noqa: PLC0415

    plt = _figures()
    most = sum(m for _, m in export.run.tests)
    graded = [r.final.score for r in export.rows if r.final.student.status == "graded"]
    other = [r.final.score for r in export.rows if r.final.student.status != "graded"]
    bins = np.linspace(0, most, int(min(20, max(1, most))) + 1)
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.hist([graded, other], bins=bins, stacked=True, color=["#3b78c2", "#c2803b"],
            label=[f"graded ({len(graded)})", f"not graded ({len(other)})"])
    ax.set_xlabel(f"score (out of {fmt(most)})")
    ax.set_ylabel("students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False)
    return _svg(fig)


def pass_rates(export: Export) -> list[tuple[str, float, int, int, bool, str]]:
    """(test, max points, passed, graded, hidden, commonest failure message), hardest first; pass
    rates among the students whose notebook was graded, before any override."""
    hidden = {cells.grade_id(c) for c in nbformat.read(source_notebook(export.run.assignment), as_version=4).cells
              if cells.is_test(c) and markers.HIDDEN[0] in c.source}
    graded = [r.final.student for r in export.rows if r.final.student.status == "graded"]
    rows = []
    for gid, most in export.run.tests:
        passed = sum(1 for s in graded if s.points[gid] >= most)
        messages = Counter(one_line(s.messages.get(gid, ""), 160) for s in graded
                           if s.points[gid] < most and s.messages.get(gid))
        rows.append((gid, most, passed, len(graded), gid in hidden, messages.most_common(1)[0][0] if messages else ""))
    return sorted(rows, key=lambda r: (r[2] / r[3] if r[3] else 1.0, r[0]))


def pass_rate_figure(rates) -> str:
    plt = _figures()
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(rates) + 1))
    names = [f"{gid}{' (hidden)' if hidden else ''}" for gid, _, _, _, hidden, _ in rates][::-1]
    values = [100 * p / n if n else 0 for _, _, p, n, _, _ in rates][::-1]
    ax.barh(names, values, color="#3b78c2")
    ax.set_xlim(0, 100)
    ax.set_xlabel("students who passed (%)")
    return _svg(fig)


def _table(header: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{html.escape(str(v))}</td>'
                                    for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def render(export: Export) -> str:
    run, rows = export.run, export.rows
    statuses = Counter(r.final.student.status for r in rows)
    scores = [r.final.score for r in rows if r.final.student.status == "graded"]
    when = run.run.get("finished") or "unknown"
    parts = [f"<h1>{html.escape(run.assignment)}: class report</h1>",
             f'<p class="note">{len(rows)} students ('
             + ", ".join(f"{n} {html.escape(s)}" for s, n in sorted(statuses.items()))
             + f"); graded {html.escape(str(when))} with {html.escape(str(run.run.get('grader', 'unknown')))}"
             + (f"; mean of the graded {fmt(round(sum(scores) / len(scores), 2))} / "
                f"{fmt(sum(m for _, m in run.tests))}" if scores else "") + ".</p>",
             "<h2>Scores</h2>",
             f'<figure><img id="score-histogram" alt="Histogram of the scores" src="{histogram(export)}">'
             "<figcaption class=note>Scores as exported: overrides"
             + (" and the late penalty" if export.penalty else "") + " applied.</figcaption></figure>"]
    rates = pass_rates(export)
    parts += ["<h2>Tests, hardest first</h2><p class=note>Pass rates among the graded notebooks, as graded "
              "(before overrides); hidden: the test cell holds hidden tests.</p>",
              f'<figure><img id="pass-rates" alt="Pass rate of each test" src="{pass_rate_figure(rates)}"></figure>',
              _table(["test", "points", "passed", "pass rate", "hidden", "commonest message when it failed"],
                     [[g, fmt(m), f"{p} / {n}", f"{100 * p / n:.0f}%" if n else "-", "yes" if h else "", msg]
                      for g, m, p, n, h, msg in rates], {1, 2, 3})]
    others = [[s.student_id, s.status, one_line(s.reason, 400)]
              for s in (r.final.student for r in rows) if s.status != "graded"]
    parts += ["<h2>Not graded</h2>",
              _table(["student", "status", "reason"], others) if others else "<p>Every notebook was graded.</p>"]
    timed = sorted((r.final.student for r in rows if r.final.student.seconds is not None),
                   key=lambda s: -s.seconds)[:10]
    parts += ["<h2>Slowest notebooks</h2>",
              _table(["student", "seconds", "status"], [[s.student_id, f"{s.seconds:.1f}", s.status] for s in timed],
                     {1}) if timed else "<p>No grading times (no report.json).</p>"]
    changed = [r for r in rows if r.final.applied]
    source = f" (from {export.overrides_file.name})" if export.overrides_file else ""
    parts += [f"<h2>Overrides{html.escape(source)}</h2>",
              _table(["student", "what changed", "score as graded", "score"],
                     [[r.final.student.student_id, "; ".join(r.final.applied), fmt(r.final.student.score),
                       fmt(r.final.adjusted)] for r in changed], {2, 3}) if changed else "<p>None.</p>"]
    late = [r for r in rows if r.final.late]
    parts += [f"<h2>Late ({len(late)})</h2>",
              _table(["student", "days late", "penalty", "score"],
                     [[r.final.student.student_id, "" if r.final.days_late is None else r.final.days_late,
                       r.final.penalty_note or "none", fmt(r.final.score)] for r in late], {1, 3})
              if late else "<p>No submission is marked late.</p>"]
    if export.problems:
        parts += [f"<h2>Problems ({len(export.problems)})</h2><ul>"
                  + "".join(f"<li>{html.escape(p)}</li>" for p in export.problems) + "</ul>"]
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    parts.append(f'<p class="note">Written {stamp} by <code>python -m autograder export</code> (or '
                 f"<code>report</code>) from {html.escape(str(run.folder))}.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(run.assignment)}: class report</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>\n")
