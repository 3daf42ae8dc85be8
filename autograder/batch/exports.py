"""``python -m autograder export DIR``: a grade-all output folder -> files an LMS imports as they are.

Written to DIR/exports/ (or --to), from DIR's grades.csv alone, so an instructor can export again
(another roster, an overrides file, a late rule) without grading again:

* ``canvas.csv``  Canvas's gradebook import (Grades > Import; the layout of Canvas's own gradebook
  export, as its guide "How do I import grades in the Gradebook?" asks): Student, ID, SIS User ID,
  SIS Login ID, Section, then one column named for the assignment with the points, and a "Points
  Possible" row with the maximum. A column named like an existing assignment ("PS1 (123456)", as
  Canvas's export names it: --column) fills that one; another name makes a new assignment.
* ``moodle.csv``  Moodle's grade import (Grades > Import > CSV file, docs.moodle.org "Grade
  import"): identifier columns (student_id, Full name, Email address, ID number, Username), then the
  grade. Moodle asks which column identifies the user ("Map from": e.g. Email address, "Map to":
  useremail) and which grade item the grade column fills.
* ``tests.csv``  one row per student: status, lateness, each test's points next to its task's total,
  the score as graded, the overrides and the late penalty applied, the score exported.
* ``notes.txt``  what was applied and who is missing from where, and every row left out.

With a roster, every roster student has a row (0 and status missing when nothing was graded) and
the graded students it does not list follow it; nobody is dropped. Overrides and a late penalty
apply to the exports only (finals.py), and each row says what they did.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .classrun import ClassRun, Student, load
from .finals import Final, finals, parse_due, parse_penalty
from .gradesheet import atomic_write, fmt
from .overrides import read_overrides
from .roster import Person, join, read_roster

CANVAS_IDS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_IDS = ("student_id", "Full name", "Email address", "ID number", "Username")


@dataclass
class Row:
    person: Person | None          # the roster's row (None: not on the roster, or no roster)
    final: Final


@dataclass
class Export:
    run: ClassRun
    rows: list[Row]
    column: str
    overrides_file: Path | None = None
    overrides_applied: int = 0
    penalty: str = ""
    due: str = ""
    has_roster: bool = False
    notes: list[str] = field(default_factory=list)       # who is where
    problems: list[str] = field(default_factory=list)    # rows left out, rules not applied


def _text(value: str) -> str:
    """A free-text cell a spreadsheet shows as text, never runs as a formula."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")       # RFC 4180, as both LMSs' exports write
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def build(folder: Path, *, assignment: str | None = None, roster: Path | None = None,
          overrides: Path | None = None, due: str | None = None, late_penalty: str | None = None,
          column: str | None = None) -> Export:
    """Everything the export writes, computed; GradingError for input that cannot be used at all."""
    run = load(folder, assignment)
    rule, deadline = parse_penalty(late_penalty), parse_due(due)
    if overrides is None and (run.folder / "overrides.csv").is_file():
        overrides = run.folder / "overrides.csv"
    out = Export(run, [], column or run.assignment, overrides, penalty=rule.text if rule else "",
                 due=deadline.isoformat() if deadline else "", has_roster=roster is not None,
                 problems=list(run.problems))
    changes = []
    if overrides is not None:
        changes, trouble = read_overrides(Path(overrides), run)
        out.problems += trouble
        out.overrides_applied = len(changes)
    people: list[Person] = []
    if roster is not None:
        people, trouble = read_roster(Path(roster))
        out.problems += trouble
    pairs = join(people, run.students) if roster is not None else ([(None, s) for s in run.students], [])
    out.notes = pairs[1]
    students = []
    for person, student in pairs[0]:
        if student is None:       # on the roster, not in grades.csv: a row all the same, as missing
            student = Student(person.student_id, "missing", {g: 0.0 for g, _ in run.tests}, 0.0,
                              sum(m for _, m in run.tests), "on the roster; no row in grades.csv",
                              person.get("lms_user_id"))
        students.append((person, student))
    done, trouble = finals(run, [s for _, s in students], changes, deadline, rule)
    out.problems += trouble
    out.rows = [Row(person, final) for (person, _), final in zip(students, done)]
    return out


def canvas_csv(export: Export) -> str:
    most = fmt(sum(m for _, m in export.run.tests))
    rows = [["Points Possible", "", "", "", "", most]]
    for row in export.rows:
        p, s = row.person, row.final.student
        rows.append([p.get("name") if p and p.get("name") else s.student_id,
                     (p.get("lms_user_id") if p else "") or s.lms_user_id,
                     p.get("sis_user_id") if p else "", p.get("sis_login_id") if p else "",
                     p.get("section") if p else "", fmt(row.final.score)])
    return _csv([*CANVAS_IDS, export.column], rows)


def moodle_csv(export: Export) -> str:
    rows = []
    for row in export.rows:
        p = row.person
        rows.append([p.student_id if p else row.final.student.student_id, *(p.get(c) if p else "" for c in
                                                     ("name", "email", "id_number", "username")),
                     fmt(row.final.score)])
    return _csv([*MOODLE_IDS, export.column], rows)


def tests_csv(export: Export) -> str:
    run = export.run
    layout = [gid for task, tests in run.tasks.items() for gid in [*tests, task]]     # a task's total after its tests
    header = ["student_id", "on_roster", "status", "lms_user_id", "late", "days_late", *layout,
              "graded_score", "overrides", "late_penalty", "score", "max_score", "reason"]
    rows = []
    for row in export.rows:
        f, s = row.final, row.final.student
        cells = [fmt(f.tasks[gid]) if gid in run.tasks else fmt(f.points[gid]) for gid in layout]
        rows.append([row.person.student_id if row.person else s.student_id,
                     ("yes" if row.person else "no") if export.has_roster else "",
                     s.status, s.lms_user_id, "" if f.late is None else ("yes" if f.late else "no"),
                     "" if f.days_late is None else f.days_late, *cells, fmt(s.score),
                     _text("; ".join(f.applied)), _text(f.penalty_note), fmt(f.score), fmt(s.max_score),
                     _text(s.reason)])
    return _csv(header, rows)


def notes_txt(export: Export, files: list[Path]) -> str:
    run = export.run
    lines = [f"Exports of {run.folder} ({run.assignment}), written "
             f"{datetime.now(timezone.utc).isoformat(timespec='seconds')} by `python -m autograder export`.",
             "Files: " + ", ".join(p.name for p in files),
             f"Students: {len(export.rows)}; the grade column is named {export.column!r} "
             f"(max {fmt(sum(m for _, m in run.tests))} points).",
             f"Overrides: {export.overrides_applied} applied from {export.overrides_file}" if export.overrides_file
             else "Overrides: none (no DIR/overrides.csv, no --overrides).",
             (f"Late penalty: {export.penalty}" + (f", due {export.due}" if export.due else "")
              + "; applied in these exports only (tests.csv: late_penalty), never in grades.csv.")
             if export.penalty else "Late penalty: none (tests.csv still says who was late)."]
    if export.notes:
        lines += ["", "Roster:"] + [f"  {n}" for n in export.notes]
    lines += ["", f"Problems ({len(export.problems)}):"] + [f"  {p}" for p in export.problems or ["none"]]
    return "\n".join(lines) + "\n"


def write(export: Export, to: Path) -> list[Path]:
    to.mkdir(parents=True, exist_ok=True)
    files = [to / "canvas.csv", to / "moodle.csv", to / "tests.csv"]
    for path, text in zip(files, (canvas_csv(export), moodle_csv(export), tests_csv(export))):
        atomic_write(path, text)
    atomic_write(to / "notes.txt", notes_txt(export, files))
    return [*files, to / "notes.txt"]
