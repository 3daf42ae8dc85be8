"""From the grades as graded to the grades exported: overrides, then a late penalty, each shown.

    graded points --(test overrides)--> test points --(sum per task, task overrides)--> task totals
    --(sum)--> adjusted score --(late penalty, when a rule is given)--> score

Lateness: the LMS's own mark in the file name (Canvas's _LATE), or, given ``due``, the attempt's
time from the file name (Blackboard's) against it. A penalty rule is ``10%`` (or ``0.1``: that
fraction off any late submission) or ``10%/day`` (per day or part of a day late, at most all of
it; it needs the attempt's time). It applies in the exports only, never to grades.csv, and each
row says what it took; a late row whose days are unknown under a per-day rule keeps its score and
is listed as a problem.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import GradingError
from .classrun import ClassRun, Student
from .overrides import Override

DAY = 86400.0


@dataclass(frozen=True)
class Penalty:
    fraction: float
    per_day: bool
    text: str


@dataclass
class Final:
    student: Student
    points: dict[str, float]                 # test -> points after test overrides
    tasks: dict[str, float]                  # task -> total after task overrides
    adjusted: float                          # the score after overrides
    applied: list[str] = field(default_factory=list)    # the overrides, in words
    late: bool | None = None
    days_late: int | None = None
    penalty: float = 0.0                     # the fraction taken off
    penalty_note: str = ""
    score: float = 0.0                       # what the exports give


def parse_penalty(text: str | None) -> Penalty | None:
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%)?\s*(/\s*day)?\s*", text)
    if not m:
        raise GradingError(f"--late-penalty {text!r}: write e.g. 10%/day, 10% or 0.1")
    fraction = float(m[1]) / (100 if m[2] else 1)
    if not 0 < fraction <= 1:
        raise GradingError(f"--late-penalty {text!r}: the fraction must be more than 0 and at most 100%")
    return Penalty(fraction, bool(m[3]), text.strip())


def parse_due(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        due = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise GradingError(f"--due {text!r}: write an ISO 8601 time, e.g. 2024-01-31T23:59+01:00") from None
    if due.tzinfo is None:
        raise GradingError(f"--due {text!r}: give its time zone (e.g. 2024-01-31T23:59+01:00 or ...Z): the "
                           f"attempts' times are in UTC")
    return due


def lateness(student: Student, due: datetime | None) -> tuple[bool | None, int | None]:
    """(late, whole days late, rounded up): from the attempt's time when ``due`` and the time are
    known, else as the LMS's file name says (days unknown)."""
    if student.status == "missing":
        return None, None
    if due is not None and student.submitted_at is not None:
        when = student.submitted_at if student.submitted_at.tzinfo else student.submitted_at.replace(tzinfo=due.tzinfo)
        seconds = (when - due).total_seconds()
        return seconds > 0, max(0, math.ceil(seconds / DAY))
    return student.late, None


def _apply_overrides(run: ClassRun, student: Student, overrides: list[Override]) -> Final:
    mine = [o for o in overrides if o.student_id == student.student_id]
    points = dict(student.points)
    applied = []
    for o in (o for o in mine if o.kind == "test"):
        applied.append(f"{o.grade_id}: {points[o.grade_id]:g} -> {o.points:g} ({o.reason})")
        points[o.grade_id] = o.points
    tasks = {task: sum(points[t] for t in tests) for task, tests in run.tasks.items()}
    for o in (o for o in mine if o.kind == "task"):
        applied.append(f"{o.grade_id} (task): {tasks[o.grade_id]:g} -> {o.points:g} ({o.reason})")
        tasks[o.grade_id] = o.points
    adjusted = sum(tasks.values())
    return Final(student, points, tasks, adjusted, applied, score=adjusted)


def finals(run: ClassRun, students: list[Student] | None = None, overrides: list[Override] = (),
           due: datetime | None = None, penalty: Penalty | None = None) -> tuple[list[Final], list[str]]:
    """The exported grade of each student (default: the run's) and the problems met."""
    out, problems = [], []
    for student in run.students if students is None else students:
        final = _apply_overrides(run, student, list(overrides))
        final.late, final.days_late = lateness(student, due)
        if penalty and final.late:
            if penalty.per_day and final.days_late is None:
                final.penalty_note = (f"late, but by how many days is unknown (no attempt time"
                                      f"{'' if due else ' or no --due'}): {penalty.text} not applied")
                problems.append(f"{student.student_id}: {final.penalty_note}")
            else:
                final.penalty = min(1.0, penalty.fraction * (final.days_late if penalty.per_day else 1))
                days = f"{final.days_late} day{'s' if final.days_late != 1 else ''} late, " if penalty.per_day else ""
                final.penalty_note = f"{days}{penalty.text}: -{final.penalty * 100:g}%"
        final.score = round(final.adjusted * (1 - final.penalty), 6)
        out.append(final)
    return out, problems
