"""The class roster, for the LMS exports: who should have a grade, and the ids each LMS matches on.

    student_id,name,email,section,lms_user_id,sis_user_id,sis_login_id,username,id_number
    alice,"Liddell, Alice",alice@uni.example,L01,1001,S0001,alice,alice,S0001

Only ``student_id`` (the id grade-all gives: the folder name or the name part of an LMS file name)
is required; the others fill the LMS columns: ``lms_user_id`` Canvas's numeric ID (or Moodle's
participant id), ``sis_user_id``/``sis_login_id``/``section`` Canvas's columns, ``email``,
``username``, ``id_number`` the identifiers Moodle's grade import can map.

A row that cannot go into an LMS file is left out with a problem naming its line: a student id
with characters LMS imports and file names reject, a value with control characters or starting
with = + - @ (a spreadsheet would run it as a formula), a student id already seen. Unknown columns
are named and ignored. Every other row is used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GradingError
from .classrun import read_table
from .collect import SAFE_ID

COLUMNS = ("student_id", "name", "email", "section", "lms_user_id", "sis_user_id", "sis_login_id",
           "username", "id_number")
UNSAFE = re.compile(r"[\x00-\x1f\x7f]|^[=+\-@]")


@dataclass
class Person:
    student_id: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)     # the other columns ("" when empty)

    def get(self, column: str) -> str:
        return self.fields.get(column, "")


def read_roster(path: Path) -> tuple[list[Person], list[str]]:
    """The usable rows of the roster, in its order, and the problems with the others."""
    header, table = read_table(path, "roster")
    if "student_id" not in header:
        raise GradingError(f"roster {path}: needs a student_id column (has: {', '.join(header) or 'nothing'})")
    unknown = [h for h in header if h not in COLUMNS]
    problems = [f"{path.name}: unknown columns {', '.join(map(repr, unknown))} are ignored "
                f"(known: {', '.join(COLUMNS)})"] if unknown else []
    people: list[Person] = []
    first: dict[str, int] = {}
    for line, raw in table:
        values = {c: (raw.get(c) or "").strip() for c in COLUMNS if c in header}
        if not any(values.values()):
            continue
        sid = values.pop("student_id")
        where = f"{path.name} line {line}"
        if not SAFE_ID.match(sid):
            problems.append(f"{where}: student id {sid!r} has characters LMS imports reject (letters, digits "
                            f"and ._@+- only, starting with a letter or digit); this row is left out")
            continue
        bad = [c for c, v in values.items() if UNSAFE.search(v)]
        if bad:
            problems.append(f"{where} ({sid}): {', '.join(bad)} holds a control character or starts with "
                            f"= + - @ (a spreadsheet formula); this row is left out")
            continue
        if sid in first:
            problems.append(f"{where}: student id {sid!r} again (first on line {first[sid]}); this row is "
                            f"left out")
            continue
        first[sid] = line
        people.append(Person(sid, line, values))
    return people, problems


def join(people: list[Person], graded: list) -> tuple[list[tuple[Person | None, object | None]], list[str]]:
    """Pairs (roster row, graded student): by student id, else by LMS user id (a Moodle student
    whose id is their name); the roster's order first, then the graded students it does not list.
    ``graded``: objects with .student_id and .lms_user_id. Also returns what to tell the instructor."""
    by_id = {g.student_id: g for g in graded}
    by_user = {}
    for g in graded:
        if g.lms_user_id:
            by_user.setdefault(g.lms_user_id, []).append(g)
    pairs, used, notes = [], set(), []
    for person in people:
        match = by_id.get(person.student_id)
        if match is None and person.get("lms_user_id"):
            same = [g for g in by_user.get(person.get("lms_user_id"), []) if g.student_id not in used]
            match = same[0] if len(same) == 1 else None
            if match is not None:
                notes.append(f"roster {person.student_id} matched graded {match.student_id} by LMS user id "
                             f"{person.get('lms_user_id')}")
        if match is not None and match.student_id in used:
            match = None
        if match is None:
            notes.append(f"on the roster, no submission graded: {person.student_id}")
        else:
            used.add(match.student_id)
        pairs.append((person, match))
    for g in graded:
        if g.student_id not in used:
            notes.append(f"graded, not on the roster: {g.student_id}")
            pairs.append((None, g))
    return pairs, notes
