"""``python -m autograder similarity DIR``: pairs of students whose answers are suspiciously alike.

It flags, never grades. Built on copydetect (MOSS-style winnowing: k-gram fingerprints of the code
with names, strings and comments normalised away, so renaming variables or reordering functions
does not hide a copy). What is compared is each student's solution code cells, in the
release's task order; the release's own code in those cells (the template: signatures,
docstrings, "YOUR CODE HERE") is taken out of every fingerprint first, so the template alone
matches nobody.

A pair is flagged when at least ``threshold`` of each student's own code (what is left after the
template, in copydetect's filtered characters) is found in the other's, and the shared code is at
least ``min_shared`` characters long (a one-line answer that everyone writes the same way is not a
copy): compared as whole notebooks (a function moved to another cell still matches) and task by
task (one task copied among others written alone). With the defaults, the catalog's independent
correct answers to one task (tests/submissions) share at most about half of their code (the
lines the task's own formulas dictate), a renamed and reordered copy nearly all of it. The page,
DIR/similarity.html, lists the flagged pairs with the matching code side by side, and each
student's closest match. The notebooks are those of DIR/course/submitted (the bytes
graded) or, without a course folder, collected again from the submissions grade-all was given.
"""
from __future__ import annotations

import html
import io
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import cells
from ..course import released_notebook, source_notebook
from ..errors import GradingError

NOISE = 25                 # copydetect's k (noise threshold): the shortest match that counts
MAX_CODE_CHARS = 50_000    # per task and per notebook: more is cut (an answer is a few thousand; a
                           # fingerprint of 200,000 characters takes seconds)


@dataclass
class Pair:
    a: str
    b: str
    similarity: tuple[float, float]      # whole notebooks: the share of a's own code found in b, and of b's in a
    shared: int                          # characters of (filtered) code in common
    tasks: list[tuple[str, float, float, int]] = field(default_factory=list)   # the tasks alike on their own
    code: tuple[str, str] = ("", "")     # both codes as HTML, the shared parts in <mark>


@dataclass
class Similarity:
    assignment: str
    threshold: float
    min_shared: int
    compared: list[str]
    flagged: list[Pair]
    closest: dict[str, tuple[str, float]]          # student -> (closest other, similarity)
    template_only: list[str] = field(default_factory=list)       # wrote nothing beyond the template
    cut: list[str] = field(default_factory=list)                 # code cut to MAX_CODE_CHARS
    not_compared: dict[str, str] = field(default_factory=dict)   # student -> why


def task_ids(ps: str) -> list[str]:
    nb = nbformat.read(released_notebook(ps), as_version=4)
    return [cells.grade_id(c) for c in nb.cells if cells.is_solution(c) and cells.is_code(c) and cells.grade_id(c)]


def code_of(sources: dict[str, str], tasks: list[str], limit: int | None = MAX_CODE_CHARS) -> str:
    """A student's answers as one Python file, task by task (the '# task' lines are comments:
    copydetect ignores them), each answer and the whole cut to ``limit`` characters."""
    text = "".join(f"# task {t}\n{str(sources.get(t) or '')[:limit]}\n\n" for t in tasks)
    return text[:limit]


def _fingerprint(name: str, code: str, template: set):
    """copydetect's fingerprint of ``code`` without the template's fingerprints."""
    from copydetect import CodeFingerprint  # noqa: PLC0415
    from copydetect.utils import get_token_coverage  # noqa: PLC0415

    fp = CodeFingerprint(f"{name}.py", NOISE, 1, filter=True, language="python", fp=io.StringIO(code))
    # Removed here rather than with copydetect's `boilerplate` argument: that path assumes a file's
    # fingerprints are unique (np.intersect1d(assume_unique=True)), and a repeated line breaks it.
    fp.hashes = {h for h in fp.hashes if h not in template}
    fp.hash_idx = {h: i for h, i in fp.hash_idx.items() if h not in template}
    fp.token_coverage = get_token_coverage(fp.hash_idx, NOISE, len(fp.filtered_code))
    return fp


def _highlight(code: str, slices) -> str:
    from copydetect.utils import highlight_overlap  # noqa: PLC0415

    marked, _ = highlight_overlap(code, slices, "<mark>", "</mark>", truncate=6, escape_html=True)
    return str(marked)        # the code escaped, the marks not


def _alike(fa, fb, threshold: float, min_shared: int):
    """(shared, (share of a, share of b), slices, alike?) of two fingerprints; None if either is empty."""
    from copydetect import compare_files  # noqa: PLC0415

    if not fa.token_coverage or not fb.token_coverage:
        return None                         # nothing beyond the template on one side
    shared, (sa, sb), slices = compare_files(fa, fb)
    sa, sb = float(sa), float(sb)
    return int(shared), (sa, sb), slices, min(sa, sb) >= threshold and shared >= min_shared


def compare(codes: dict[str, dict[str, str]], template_code: str, tasks: list[str], threshold: float = 0.6,
            min_shared: int = 100) -> tuple[list[Pair], dict[str, tuple[str, float]], list[str]]:
    """Every pair of students compared (``codes``: student -> task -> code), as whole notebooks (a
    function moved to another cell still matches) and task by task (one task copied among others
    written alone). Flagged: both students' code alike in both directions, by ``threshold``, and
    at least ``min_shared`` characters of it. Returns the flagged pairs, most alike first, each
    student's closest match (whole notebooks, the share of the student's own code), and the
    students with nothing beyond the template (compared with nobody)."""
    from copydetect import CodeFingerprint  # noqa: PLC0415

    template = CodeFingerprint("template.py", NOISE, 1, filter=True, language="python",
                               fp=io.StringIO(template_code)).hashes
    whole = {sid: _fingerprint(sid, code_of(by_task, tasks), template) for sid, by_task in codes.items()}
    parts = {sid: {t: _fingerprint(f"{sid}-{t}", code_of(by_task, [t]), template) for t in tasks}
             for sid, by_task in codes.items()}
    flagged, closest = [], {}
    ids = sorted(codes)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            found = _alike(whole[a], whole[b], threshold, min_shared)
            if found is None:
                continue
            shared, (sa, sb), slices, alike = found
            for me, other, share in ((a, b, sa), (b, a, sb)):
                if share > closest.get(me, ("", -1.0))[1]:
                    closest[me] = (other, share)
            same_tasks = []
            for t in tasks:
                task = _alike(parts[a][t], parts[b][t], threshold, min_shared)
                if task is not None and task[3]:
                    same_tasks.append((t, *task[1], task[0]))
            if alike or same_tasks:
                code = (_highlight(whole[a].raw_code, slices[0]), _highlight(whole[b].raw_code, slices[1]))
                flagged.append(Pair(a, b, (sa, sb), shared, same_tasks, code))
    flagged.sort(key=lambda p: (-min(p.similarity), p.a, p.b))
    return flagged, closest, [sid for sid in ids if not whole[sid].token_coverage]


def _notebooks(folder: Path, ps: str, submissions: Path | None, name_regexp: str | None,
               work: Path) -> dict[str, Path]:
    """student -> the notebook graded: DIR/course/submitted, else collected again."""
    course = folder / "course" / "submitted"
    if course.is_dir() and submissions is None:
        found = {}
        for student in sorted(p for p in course.iterdir() if p.is_dir()):
            notebooks = sorted((student / ps).glob("*.ipynb"))
            if notebooks:
                found[student.name] = notebooks[0]
        return found
    if submissions is None:
        try:
            submissions = Path(json.loads((folder / "report.json").read_text())["run"]["submissions"])
        except (OSError, ValueError, KeyError, TypeError):
            raise GradingError(f"{folder}: no course folder and no report.json naming the submissions: "
                               f"pass --submissions") from None
    from .collect import collect  # noqa: PLC0415

    found, _ = collect(submissions, source_notebook(ps).name, work, name_regexp)
    return {f.student_id: f.notebook for f in found if f.notebook is not None}


def similarity(folder: Path, ps: str, *, submissions: Path | None = None, name_regexp: str | None = None,
               threshold: float = 0.6, min_shared: int = 100) -> Similarity:
    if not 0 < threshold <= 1:
        raise GradingError(f"--threshold {threshold}: a share of the code, more than 0 and at most 1")
    tasks = task_ids(ps)
    template = code_of(cells.by_grade_id(json.loads(released_notebook(ps).read_text())), tasks)
    codes, skipped = {}, {}
    with tempfile.TemporaryDirectory(prefix="similarity-") as work:
        for sid, notebook in _notebooks(Path(folder), ps, submissions, name_regexp, Path(work)).items():
            sources = cells.student_cells(notebook)
            if sources is None:
                skipped[sid] = "not a readable notebook"
            elif not any(t in sources for t in tasks):
                skipped[sid] = f"none of {ps}'s solution cells is in it"
            else:
                codes[sid] = {t: str(sources.get(t) or "") for t in tasks}
    cut = sorted(sid for sid, by_task in codes.items() if len(code_of(by_task, tasks, None)) > MAX_CODE_CHARS)
    flagged, closest, template_only = compare(codes, template, tasks, threshold, min_shared)
    return Similarity(ps, threshold, min_shared, sorted(codes), flagged, closest, template_only, cut, skipped)


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45} h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem} pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;
font-size:.8rem;white-space:pre-wrap} mark{background:#ffe08a} .note{color:#555}
"""


def render(result: Similarity, title: str = "") -> str:
    pct = lambda x: f"{100 * x:.0f}%"  # noqa: E731
    parts = [f"<h1>{html.escape(result.assignment)}: similar solutions{html.escape(title)}</h1>",
             f'<p class="note">This page flags; it never grades. Compared: {len(result.compared)} students\' solution '
             f"code, the release's template taken out, with copydetect (winnowing, k = {NOISE}, names and "
             f"strings normalised). A pair is listed when at least {pct(result.threshold)} of each one's own code "
             f"is found in the other's, and they share at least {result.min_shared} characters of it, in the "
             f"whole notebooks or in one task. "
             f"Matching code is <mark>marked</mark>. Read the code before concluding anything: short or "
             f"standard answers can match without copying.</p>",
             f"<h2>Flagged pairs ({len(result.flagged)})</h2>"]
    if not result.flagged:
        parts.append("<p>None above the threshold.</p>")
    for n, p in enumerate(result.flagged, 1):
        parts.append(f'<h3 id="pair-{n}">{html.escape(p.a)} and {html.escape(p.b)}: {pct(p.similarity[0])} of '
                     f"{html.escape(p.a)}'s code in {html.escape(p.b)}'s, {pct(p.similarity[1])} the other way "
                     f"({p.shared} characters shared)</h3>"
                     + ("<p>Alike on their own: " + ", ".join(
                         f"{html.escape(t)} ({pct(x)} / {pct(y)}, {n} characters)" for t, x, y, n in p.tasks) + "</p>"
                        if p.tasks else "")
                     + f'<div class="pair"><pre>{p.code[0]}</pre><pre>{p.code[1]}</pre></div>')
    rows = "".join(f"<tr><td>{html.escape(s)}</td><td>{html.escape(o)}</td><td>{pct(x)}</td></tr>"
                   for s, (o, x) in sorted(result.closest.items()))
    parts.append("<h2>Each student's closest match</h2>"
                 + (f"<table><tr><th>student</th><th>closest</th><th>share of the student's code</th></tr>{rows}"
                    "</table>" if rows else "<p>No two students wrote code beyond the template.</p>"))
    if result.template_only:
        parts.append("<h2>Nothing beyond the template</h2><p>Compared with nobody: "
                     + ", ".join(html.escape(s) for s in result.template_only) + ".</p>")
    if result.cut:
        parts.append(f"<p class=note>Code cut to its first {MAX_CODE_CHARS:,} characters (per task and in all) "
                     f"before comparing: " + ", ".join(html.escape(s) for s in result.cut) + ".</p>")
    if result.not_compared:
        parts.append("<h2>Not compared</h2><ul>" + "".join(
            f"<li>{html.escape(s)}: {html.escape(why)}</li>" for s, why in sorted(result.not_compared.items()))
            + "</ul>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(result.assignment)}: similar solutions</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>\n")
