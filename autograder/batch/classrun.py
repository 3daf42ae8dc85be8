"""A grade-all output folder read back, for what comes after grading (exports, the class report).

Only the folder's stable files are read: ``grades.csv`` (required: the scores) and ``report.json``
(optional: the run's metadata and each notebook's grading time). A row that cannot be trusted (a
score that is not a number, points above a test's maximum, a total that is not the sum of its
tests, a duplicate or unusable student id) is left out with a problem naming its line; every other
row is kept. A folder of another assignment, or graded with another version of its tests, is
refused whole.

Tasks: every test's grade_id starts with the id of the task it checks (task1_2_im2col_test_random
belongs to task1_2_im2col), and the task ids are the grade_ids of the solution cells.
"""
from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from .. import cells
from ..course import assignments, expected_tests, source_notebook
from ..errors import GradingError
from ..result import STATUSES
from .collect import SAFE_ID

FIXED = ("student_id", "status", "score", "max_score", "reason")
LMS_COLUMNS = ("lms_user_id", "late", "submitted_at")       # absent from folders graded before they existed


@dataclass
class Student:
    student_id: str
    status: str
    points: dict[str, float]            # test grade_id -> points, as graded
    score: float
    max_score: float
    reason: str = ""
    lms_user_id: str = ""
    late: bool | None = None            # as the LMS's file name said (None: it did not say)
    submitted_at: datetime | None = None
    seconds: float | None = None        # time to grade the notebook (report.json)
    messages: dict[str, str] = field(default_factory=dict)     # failed test -> its message (report.json)
    line: int = 0                       # its line in grades.csv


@dataclass
class ClassRun:
    folder: Path
    assignment: str
    tests: list[tuple[str, float]]      # (grade_id, max points), in notebook order
    tasks: dict[str, list[str]]         # task id -> its tests' grade_ids, in notebook order
    students: list[Student]
    run: dict = field(default_factory=dict)     # report.json's "run" ({} without report.json)
    problems: list[str] = field(default_factory=list)

    def max_points(self, grade_id: str) -> float:
        return dict(self.tests)[grade_id]

    def task_of(self, test_id: str) -> str:
        return next(task for task, tests in self.tasks.items() if test_id in tests)


def task_map(ps: str) -> dict[str, list[str]]:
    """task id -> its tests, from the solution notebook; a test no task id prefixes is its own task."""
    nb = nbformat.read(source_notebook(ps), as_version=4)
    ids = [cells.grade_id(c) for c in nb.cells if cells.is_solution(c) and cells.grade_id(c)]
    tasks: dict[str, list[str]] = {}
    for gid, _ in expected_tests(ps):
        owners = [t for t in ids if gid.startswith(t + "_")]
        tasks.setdefault(max(owners, key=len) if owners else gid, []).append(gid)
    return tasks


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} {text!r} is not a finite number")
    return value


def _time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _assignment(folder: Path, columns: list[str], report: dict, wanted: str | None) -> str:
    recorded = report.get("assignment")
    if wanted and recorded and wanted != recorded:
        raise GradingError(f"{folder} holds the grades of {recorded}, not of {wanted}")
    ps = wanted or recorded
    if ps is None:            # no report.json: the assignment whose tests are the columns
        matching = [a for a in assignments() if [g for g, _ in expected_tests(a)] == columns]
        if len(matching) != 1:
            raise GradingError(f"{folder}: no report.json and the columns of grades.csv are the tests of "
                               f"{len(matching)} assignments: name it with --assignment")
        ps = matching[0]
    expected = [g for g, _ in expected_tests(ps)]      # GradingError for an unknown assignment
    if columns != expected:
        missing = [g for g in expected if g not in columns]
        unknown = [c for c in columns if c not in expected]
        raise GradingError(
            f"{folder}/grades.csv does not have the tests of {ps} as they are now"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; not tests of {ps}: {', '.join(unknown)}" if unknown else "")
            + ("" if missing or unknown else "; the tests are in another order")
            + ": the folder was graded for another assignment or another version of it (grade it again)")
    return ps


def _student(raw: dict, line: int, tests: list[tuple[str, float]]) -> Student:
    """One row of grades.csv, checked; ValueError says what is wrong with it."""
    sid = (raw.get("student_id") or "").strip()
    if not SAFE_ID.match(sid):
        raise ValueError(f"student id {sid!r} is not one grade-all writes (letters, digits and ._@+- only)")
    status = raw.get("status") or ""
    if status not in STATUSES:
        raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    points = {}
    for gid, most in tests:
        points[gid] = _number(raw.get(gid), f"{gid}'s points")
        if not 0 <= points[gid] <= most:
            raise ValueError(f"{gid}'s points {points[gid]:g} are outside 0..{most:g}")
    score, max_score = _number(raw.get("score"), "the score"), _number(raw.get("max_score"), "max_score")
    if abs(score - sum(points.values())) > 1e-6:
        raise ValueError(f"the score {score:g} is not the sum of the tests' points ({sum(points.values()):g})")
    if abs(max_score - sum(m for _, m in tests)) > 1e-6:
        raise ValueError(f"max_score {max_score:g} is not the assignment's ({sum(m for _, m in tests):g})")
    late = (raw.get("late") or "").strip().lower()
    return Student(sid, status, points, score, max_score, raw.get("reason") or "",
                   (raw.get("lms_user_id") or "").strip(), {"yes": True, "no": False}.get(late),
                   _time((raw.get("submitted_at") or "").strip()), line=line)


def read_table(path: Path, what: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """(header, [(line, row)]) of a CSV file people edit, UTF-8 with or without Excel's BOM. A file
    that cannot be read as one is refused whole, naming the line where reading stopped."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise GradingError(f"{what} {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise GradingError(f"{what} {path}: line {line} is not UTF-8 text (save the file as CSV UTF-8)") from None
    rows, line = [], 1
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [(h or "").strip() for h in reader.fieldnames or []]
        reader.fieldnames = header
        for raw in reader:
            line = reader.line_num
            rows.append((line, raw))
    except csv.Error as exc:
        raise GradingError(f"{what} {path}: line {line + 1}: {exc}") from None
    return header, rows


def _details(entry: dict) -> tuple[float | None, dict[str, str]]:
    """(seconds, failed test -> message) of one student's report.json entry (None, {} if absent)."""
    took = entry.get("seconds")
    result = entry.get("result") if isinstance(entry.get("result"), dict) else {}
    tests = result.get("tests") if isinstance(result.get("tests"), list) else []
    messages = {t["grade_id"]: str(t.get("message") or "") for t in tests
                if isinstance(t, dict) and isinstance(t.get("grade_id"), str) and not t.get("passed")}
    return (float(took) if isinstance(took, (int, float)) else None), messages


def load(folder: Path, assignment: str | None = None) -> ClassRun:
    """Read a grade-all output folder; GradingError when it is not one (or of another assignment)."""
    folder = Path(folder)
    grades = folder / "grades.csv"
    if not grades.is_file():
        raise GradingError(f"{folder}: no grades.csv (not a grade-all output folder)")
    report: dict = {}
    if (folder / "report.json").is_file():
        try:
            report = json.loads((folder / "report.json").read_text())
            if not isinstance(report, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as exc:
            raise GradingError(f"{folder}/report.json is not readable: {exc}") from exc
    header, table = read_table(grades, "grade-all's")
    if not set(FIXED) <= set(header):
        raise GradingError(f"{grades}: needs the columns {', '.join(FIXED)} (has: {', '.join(header)})")
    columns = [c for c in header if c not in FIXED and c not in LMS_COLUMNS]
    ps = _assignment(folder, columns, report, assignment)
    tests = [(g, float(p)) for g, p in expected_tests(ps)]
    details = {s.get("student_id"): s for s in report.get("students") or [] if isinstance(s, dict)}
    students, problems, seen = [], [], {}
    for line, raw in table:
        try:
            student = _student(raw, line, tests)
        except ValueError as exc:
            problems.append(f"grades.csv line {line}: {exc}; this row is left out")
            continue
        if student.student_id in seen:
            problems.append(f"grades.csv line {line}: {student.student_id} again (first on line "
                            f"{seen[student.student_id]}); this row is left out")
            continue
        seen[student.student_id] = line
        student.seconds, student.messages = _details(details.get(student.student_id) or {})
        students.append(student)
    run = report.get("run") if isinstance(report.get("run"), dict) else {}
    return ClassRun(folder, ps, tests, task_map(ps), students, run, problems)
