"""Whose file is it: the student, LMS user id and lateness an LMS download's file names carry.

Recognised with no option (an instructor's --name-regexp replaces all of them):

* **Moodle**, "Download all submissions" (mod/assign/locallib.php, download_submissions): each
  student's files sit in a folder ``<Full Name>_<participant id>_assignsubmission_file_/`` (the
  default from Moodle 3.1) or are named ``<Full Name>_<participant id>_assignsubmission_file_<file>``
  (without "download submissions in folders", and in versions that write flat names); both are read.
  Moodle turns ``_`` in names into spaces, so the name has none. The participant id is Moodle's
  per-assignment id (its grading worksheet shows it as "Participant <id>"), not the user's id number.
  The names carry no time: lateness needs Moodle's own report.
* **Blackboard Learn** (Original), Grade Center "Assignment File Download":
  ``<assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file>`` plus one
  ``<assignment>_<username>_attempt_<stamp>.txt`` with the attempt's details (the layout nbgrader's
  zip_collect documentation uses: ps1_bitdiddle_attempt_2016-01-30-15-00-00_problem1.ipynb). The
  stamp is the attempt's time on the LMS server's clock, with no time zone: it is read as UTC, so
  a due time to compare it with is given on that clock with ``Z``. The username is the last
  ``_``-free word before ``_attempt_`` (usernames with ``_`` need --name-regexp).
* **Canvas**, "Download Submissions": ``<name>[_LATE]_<user id>_<submission id>_<file>``
  (``alice_LATE_12345_67890_ps1_im2col.ipynb``): ``_LATE`` is Canvas's own mark of a late
  submission, the user id Canvas's numeric "ID" (the column of its gradebook CSV).

Tried in that order: Moodle's and Blackboard's names hold fixed words (assignsubmission, attempt)
that Canvas's pattern, two numbers in a row, does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

MOODLE_FOLDER = re.compile(r"^(?P<student_id>[^/_]+)_(?P<user_id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_$")
MOODLE = re.compile(r"^(?:.*/)?(?P<student_id>[^/_]+)_(?P<user_id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_"
                    r"(?:/(?:.*/)?)?(?P<file_id>[^/]+)$")
BLACKBOARD = re.compile(r"^(?:.*/)?(?P<assignment>[^/]*)_(?P<student_id>[^/_]+)_attempt_"
                        r"(?P<timestamp>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)(?:_(?P<file_id>[^/]+)|(?P<details>\.txt))$")
CANVAS = re.compile(r"^(?:.*/)?(?P<student_id>[^/]+?)(?P<late>_LATE|_late)?_(?P<user_id>\d+)"
                    r"_(?P<submission_id>\d+)_(?P<file_id>[^/]+)$")
LAYOUTS = (("moodle", MOODLE), ("blackboard", BLACKBOARD), ("canvas", CANVAS))


@dataclass(frozen=True)
class Named:
    """What one file's name says."""
    layout: str                  # "moodle", "blackboard", "canvas" or "custom"
    student_id: str
    file_id: str                 # the file's own name (Blackboard's details file: the whole name)
    user_id: str = ""            # the LMS's id of the student ("" when the name has none)
    late: bool | None = None     # None: the name does not say
    submitted_at: datetime | None = None   # the attempt's time, when the name holds it (UTC)


def parse_stamp(stamp: str | None) -> datetime | None:
    """A time as LMSs write it in names ('2024-01-30-10-00-00', ISO 8601, ...) -> UTC; None if unreadable."""
    if not stamp:
        return None
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)", stamp)
    try:
        if m:
            return datetime(*map(int, m.groups()), tzinfo=timezone.utc)
        from nbgrader.utils import parse_utc  # noqa: PLC0415  (nbgrader's parser, as zip_collect uses)

        return parse_utc(stamp).replace(tzinfo=timezone.utc)
    except (ValueError, OverflowError, TypeError):
        return None


def _named(layout: str, m: re.Match, path: str) -> Named:
    groups = m.groupdict()
    file_id = groups.get("file_id") or path.rsplit("/", 1)[-1]
    late = groups.get("late")
    return Named(layout, groups["student_id"], file_id, groups.get("user_id") or "",
                 True if late else (False if layout == "canvas" else None),
                 parse_stamp(groups.get("timestamp")))


def match_name(path: str, custom: re.Pattern | None = None) -> Named | None:
    """The student a file belongs to, from its path in the download (folders as '/'); None when
    its name follows no layout. ``custom``: the instructor's --name-regexp, the only one tried
    then (groups student_id, and optionally file_id, timestamp, user_id, late)."""
    if custom is not None:
        m = custom.match(path)
        if not m:
            return None
        groups = m.groupdict()
        late = groups.get("late")
        return Named("custom", groups["student_id"], groups.get("file_id") or path.rsplit("/", 1)[-1],
                     groups.get("user_id") or "", bool(late) if "late" in groups else None,
                     parse_stamp(groups.get("timestamp")))
    for layout, rx in LAYOUTS:
        m = rx.match(path)
        if m:
            return _named(layout, m, path)
    return None


def folder_owner(name: str) -> tuple[str, str] | None:
    """(student, participant id) for a folder named as Moodle names a student's folder."""
    m = MOODLE_FOLDER.match(name)
    return (m["student_id"], m["user_id"]) if m else None
