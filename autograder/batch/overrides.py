"""Scores changed by hand: an overrides file a TA keeps next to the grades.

    student_id,grade_id,points,reason
    bob,task1_2_im2col_test_random,1.5,"off by one in the last row only: half marks (TA: kim)"
    carol,task1_3_col2im,3,"regraded by hand: the notebook was mailed in (TA: kim)"

``grade_id`` is a test's grade_id (that test's points become ``points``) or a task id (the task's
total becomes ``points``, whatever its tests scored). Test overrides apply first, then task
overrides. DIR/overrides.csv is read by the exports and the class report when present, and every
override applied is shown there with its reason, the points before and after.

A row that cannot be applied (an unknown student or test, points that are not a number or outside
0..the maximum, no reason, a second override of the same thing) is left out with a problem naming
its line; every other row is applied. A file without the four columns is refused whole: exporting
grades without the TA's changes must not happen quietly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..errors import GradingError
from .classrun import ClassRun, read_table

COLUMNS = ("student_id", "grade_id", "points", "reason")


@dataclass(frozen=True)
class Override:
    line: int
    student_id: str
    grade_id: str
    kind: str          # "test" or "task"
    points: float
    reason: str


def read_overrides(path: Path, run: ClassRun, known_students: set[str] | None = None
                   ) -> tuple[list[Override], list[str]]:
    """The usable overrides of ``path`` and the problems with the others. ``known_students``: the
    ids an override may name (default: the students of ``run``)."""
    known = known_students if known_students is not None else {s.student_id for s in run.students}
    tests = dict(run.tests)
    header, table = read_table(path, "overrides file")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise GradingError(f"overrides file {path}: needs the columns {', '.join(COLUMNS)} "
                           f"(missing: {', '.join(missing)})")
    problems = [f"{path.name}: unknown columns {', '.join(repr(c) for c in header if c not in COLUMNS)} "
                f"are ignored"] if set(header) - set(COLUMNS) else []
    out: list[Override] = []
    first: dict[tuple[str, str], int] = {}
    for line, raw in table:
        values = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        if not any(values.values()):
            continue
        where = f"{path.name} line {line}"
        sid, gid = values["student_id"], values["grade_id"]
        if sid not in known:
            problems.append(f"{where}: student {sid!r} is not among the graded students; not applied")
            continue
        kind = "test" if gid in tests else "task" if gid in run.tasks else None
        if kind is None:
            problems.append(f"{where}: {gid!r} is neither a test nor a task of {run.assignment} "
                            f"(tasks: {', '.join(run.tasks)}); not applied")
            continue
        most = tests[gid] if kind == "test" else sum(tests[t] for t in run.tasks[gid])
        try:
            points = float(values["points"])
        except ValueError:
            points = math.nan
        if not 0 <= points <= most:        # NaN and infinities fail this too
            problems.append(f"{where}: points {values['points']!r} for {gid} must be a number in 0..{most:g}; "
                            f"not applied")
            continue
        if not values["reason"]:
            problems.append(f"{where}: no reason given (the exports and the class report show it); not applied")
            continue
        if (sid, gid) in first:
            problems.append(f"{where}: a second override of {sid}'s {gid} (first on line {first[sid, gid]}); "
                            f"not applied")
            continue
        first[sid, gid] = line
        out.append(Override(line, sid, gid, kind, points, values["reason"]))
    return out, problems
