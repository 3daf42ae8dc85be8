"""Find each student's submitted notebook in a folder of submissions or an LMS download zip.

Two layouts, which may be mixed in one folder:

* ``SUBMISSIONS/<student>/**/<anything>.ipynb``: one folder per student;
* files named like an LMS download: Canvas's, Moodle's and Blackboard's layouts (lms.py) are
  recognised, with the LMS user id and lateness their names carry; or an instructor's regular
  expression with a ``student_id`` named group (optionally ``file_id``, ``timestamp``, ``user_id``,
  ``late``; nbgrader's zip_collect conventions) matched against each file's path (folders as
  ``/``). Such files may lie at the top of the folder or in a zip (Moodle's per-student folders too).

Zips are read member by member into files named by us (never by the archive), so no member can
write outside the work folder; the number of members and the bytes actually written are capped.
A student with several notebooks gets the one named like the release notebook, else the most
recently modified; one with no notebook is ``missing`` with a reason. Finding no student at all is an error (a
download of a layout nobody recognised), not an empty class.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from ..errors import GradingError
from . import lms

DEFAULT_NAME_REGEXP = lms.CANVAS.pattern     # what --name-regexp used to default to (Canvas's names)
MAX_MEMBERS = 20_000               # zip members (nested zips included)
MAX_TOTAL_BYTES = 2 * 1024 ** 3    # bytes written when extracting
MAX_NOTEBOOK_BYTES = 64 * 1024 ** 2
NOISE = re.compile(r"(^|/)(__MACOSX|\.ipynb_checkpoints)(/|$)|(^|/)\.[^/]*$")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


@dataclass
class Candidate:
    name: str                  # the file name the student gave it (file_id for LMS names)
    shown: str                 # where it came from, for people
    path: Path | None          # the bytes on disk; None when too large
    mtime: float               # seconds since the epoch (LMS timestamp, zip date or file mtime)
    problem: str = ""          # why it cannot be graded (too large)
    late: bool | None = None   # as the LMS's file name says (None: it does not say)
    submitted_at: datetime | None = None   # the attempt's time, when the file name holds it


@dataclass
class Found:
    student_id: str
    notebook: Path | None      # None: nothing to grade (status "missing")
    reason: str                # why missing, or how the notebook was chosen ("" when obvious)
    source: str = ""           # the chosen file, as found in SUBMISSIONS
    timestamp: datetime | None = None
    lms_user_id: str = ""      # the LMS's id of the student, from its file names ("" if none)
    late: bool | None = None   # from the LMS's file name (None: the name does not say)
    submitted_at: datetime | None = None   # from the LMS's file name only (not zip dates or mtimes)


@dataclass
class _Student:
    candidates: list[Candidate] = field(default_factory=list)
    others: list[str] = field(default_factory=list)      # files that are not notebooks
    folder: str | None = None
    user_id: str = ""


def compile_name_regexp(pattern: str | None) -> re.Pattern:
    try:
        rx = re.compile(pattern or DEFAULT_NAME_REGEXP)
    except re.error as exc:
        raise GradingError(f"--name-regexp is not a regular expression: {exc}") from exc
    if "student_id" not in rx.groupindex:
        raise GradingError("--name-regexp needs a (?P<student_id>...) group")
    return rx


def _key(student: str, user_id: str) -> str:
    """Students are told apart by name and LMS user id (two "Jane Doe"s in one Moodle course)."""
    return f"{student}\0{user_id}" if user_id else student


class _Budget:
    def __init__(self):
        self.members = 0
        self.written = 0

    def count(self, n: int = 1) -> None:
        self.members += n
        if self.members > MAX_MEMBERS:
            raise GradingError(f"refusing the zip: more than {MAX_MEMBERS} files in it")

    def copy(self, src, dest: Path) -> int:
        """Copy a stream to dest; returns bytes, or -1 when over the per-notebook cap (dest removed)."""
        size = 0
        with open(dest, "wb") as out:
            while chunk := src.read(1 << 20):
                size += len(chunk)
                self.written += len(chunk)
                if self.written > MAX_TOTAL_BYTES:
                    raise GradingError(f"refusing the zip: it expands to more than {MAX_TOTAL_BYTES} bytes")
                if size > MAX_NOTEBOOK_BYTES:
                    break
                out.write(chunk)
        if size > MAX_NOTEBOOK_BYTES:
            dest.unlink()
            return -1
        return size


def _zip_time(info: zipfile.ZipInfo) -> float:
    try:
        return datetime(*info.date_time).timestamp()
    except (ValueError, OverflowError):
        return 0.0


def _read_zip(zf: zipfile.ZipFile, label: str, rx, students, skipped, work: Path, budget: _Budget,
              owner: str | None = None) -> None:
    """Add the members of zf to students. ``owner``: the student a nested zip belongs to."""
    for info in zf.infolist():
        if info.is_dir():
            continue
        budget.count()
        inner = info.filename.replace("\\", "/")
        shown = f"{label}:{inner}"
        if NOISE.search(inner):
            continue
        named = None
        if owner is None:
            named = lms.match_name(inner, rx)
            if named is None:
                skipped.append(f"{shown}: the name follows no known LMS layout (nor --name-regexp)")
                continue
            student, name = _key(named.student_id, named.user_id), named.file_id
            when = named.submitted_at.timestamp() if named.submitted_at else _zip_time(info)
        else:
            student, name, when = owner, PurePosixPath(inner).name, _zip_time(info)
        record = students.setdefault(student, _Student(user_id=named.user_id if named else ""))
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".ipynb":
            dest = work / f"{budget.members:06d}.ipynb"
            try:
                with zf.open(info) as src:
                    size = budget.copy(src, dest)
            except GradingError:          # over a cap: the whole zip is refused
                raise
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
                record.others.append(f"{name} (unreadable in the zip: {exc})")
                continue
            record.candidates.append(Candidate(name, shown, dest if size >= 0 else None, when,
                                               "" if size >= 0 else f"larger than {MAX_NOTEBOOK_BYTES} bytes",
                                               named.late if named else None,
                                               named.submitted_at if named else None))
        elif suffix == ".zip" and owner is None:
            buf = io.BytesIO()
            try:
                with zf.open(info) as src:
                    while chunk := src.read(1 << 20):
                        buf.write(chunk)
                        budget.written += len(chunk)
                        if buf.tell() > MAX_NOTEBOOK_BYTES or budget.written > MAX_TOTAL_BYTES:
                            raise GradingError("refusing the zip: a nested zip is too large")
                with zipfile.ZipFile(buf) as nested:
                    _read_zip(nested, shown, rx, students, skipped, work, budget, owner=student)
            except GradingError:
                raise
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
                record.others.append(f"{name} (not a readable zip: {exc})")
        else:
            record.others.append(name)


def _read_folder(root: Path, rx, students, skipped, work: Path, budget: _Budget) -> None:
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name == "__MACOSX" or entry.resolve() == work.parent.parent:
            continue                       # hidden, or grade-all's own output folder
        if entry.is_dir():
            moodle = lms.folder_owner(entry.name) if rx is None else None     # Moodle's per-student folders
            key = _key(*moodle) if moodle else entry.name
            record = students.setdefault(key, _Student(user_id=moodle[1] if moodle else ""))
            record.folder = entry.name
            for dirpath, dirnames, filenames in os.walk(entry):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__MACOSX")
                for fname in sorted(filenames):
                    path = Path(dirpath) / fname
                    shown = path.relative_to(root).as_posix()
                    if fname.startswith(".") or path.is_symlink() or not path.is_file():
                        continue
                    if path.suffix.lower() == ".ipynb":
                        big = path.stat().st_size > MAX_NOTEBOOK_BYTES
                        record.candidates.append(Candidate(fname, shown, None if big else path, path.stat().st_mtime,
                                                           f"larger than {MAX_NOTEBOOK_BYTES} bytes" if big else ""))
                    else:
                        record.others.append(path.relative_to(entry).as_posix())
        elif entry.is_file() and not entry.is_symlink():
            named = lms.match_name(entry.name, rx)
            if entry.suffix.lower() == ".zip" and named is None:
                skipped.append(f"{entry.name}: a zip inside the submissions folder (pass the zip itself)")
                continue
            if named is None:
                skipped.append(f"{entry.name}: the name follows no known LMS layout (nor --name-regexp)")
                continue
            record = students.setdefault(_key(named.student_id, named.user_id), _Student(user_id=named.user_id))
            name = named.file_id
            if Path(name).suffix.lower() == ".ipynb":
                when = named.submitted_at.timestamp() if named.submitted_at else entry.stat().st_mtime
                record.candidates.append(Candidate(name, entry.name, entry, when, "", named.late, named.submitted_at))
            else:
                record.others.append(name)


def _normal(name: str) -> str:
    """'PS1_im2col (2).ipynb', 'ps1_im2col-1.ipynb' -> 'ps1_im2col': how LMSs rename resubmissions."""
    stem = PurePosixPath(name).name
    stem = stem[:-6] if stem.lower().endswith(".ipynb") else stem
    return re.sub(r"(\s*\(\d+\)|-\d+)$", "", stem).strip().lower()


def choose(student: str, record: _Student, release_name: str) -> Found:
    usable = [c for c in record.candidates if c.path is not None]
    if not usable:
        if record.candidates:
            why = "; ".join(f"{c.shown}: {c.problem}" for c in record.candidates)
            return Found(student, None, f"no gradable notebook: {why}", lms_user_id=record.user_id)
        if record.others:
            listed = ", ".join(sorted(record.others)[:10]) + (" ..." if len(record.others) > 10 else "")
            return Found(student, None, f"no notebook submitted (a .ipynb file is needed); found only: {listed}",
                         lms_user_id=record.user_id)
        where = f"the folder {record.folder}/ is empty" if record.folder else "no files"
        return Found(student, None, f"nothing submitted: {where}", lms_user_id=record.user_id)
    newest = lambda c: (c.mtime, c.shown)  # noqa: E731
    named = [c for c in usable if _normal(c.name) == _normal(release_name)]
    pick = max(named or usable, key=newest)
    reason = ""
    if len(usable) > 1:
        how = (f"named like the release notebook {release_name}" if named else
               f"none is named {release_name}; the most recently modified")
        if len(named) > 1:
            how += ", the most recently modified of those"
        others = ", ".join(sorted(c.shown for c in usable if c is not pick))
        reason = f"graded {pick.shown} ({how}) of {len(usable)} notebooks; not graded: {others}"
    when = datetime.fromtimestamp(pick.mtime, timezone.utc) if pick.mtime else None
    return Found(student, pick.path, reason, pick.shown, when, record.user_id, pick.late, pick.submitted_at)


def safe_ids(names: list[str]) -> dict[str, str]:
    """Student name as found -> an id usable as a file name (the same when it already is one)."""
    out: dict[str, str] = {}
    taken = {n for n in names if SAFE_ID.match(n)}
    for name in sorted(names):
        if SAFE_ID.match(name):
            out[name] = name
            continue
        base = re.sub(r"[^A-Za-z0-9._@+-]+", "_", name).strip("._-+@")[:80] or "student"
        safe = base if base not in taken else f"{base}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
        taken.add(safe)
        out[name] = safe
    return out


def _by_name(students: dict[str, _Student]) -> dict[str, _Student]:
    """Key each student by name alone unless two LMS users share it (then name_userid). A name's
    files without a user id (a folder of the same name) join the one user id it has."""
    ids: dict[str, set[str]] = {}
    for key, record in students.items():
        ids.setdefault(key.partition("\0")[0], set()).add(record.user_id)
    out: dict[str, _Student] = {}
    for key, record in students.items():
        name = key.partition("\0")[0]
        shared = len(ids[name] - {""}) > 1
        target = out.setdefault(f"{name}_{record.user_id}" if shared and record.user_id else name, _Student())
        target.candidates += record.candidates
        target.others += record.others
        target.folder = target.folder or record.folder
        target.user_id = target.user_id or record.user_id
    return out


def read_roster(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "student_id" not in reader.fieldnames:
            raise GradingError(f"{path}: the roster needs a student_id column")
        return [row["student_id"].strip() for row in reader if (row.get("student_id") or "").strip()]


def collect(submissions: Path, release_name: str, work: Path, name_regexp: str | None = None,
            roster: Path | None = None) -> tuple[list[Found], list[str]]:
    """Every student found (plus the roster's), sorted by id, and the files that were skipped."""
    rx = compile_name_regexp(name_regexp) if name_regexp else None
    submissions = Path(submissions)
    work.mkdir(parents=True, exist_ok=True)
    students: dict[str, _Student] = {}
    skipped: list[str] = []
    budget = _Budget()
    if submissions.is_dir():
        _read_folder(submissions, rx, students, skipped, work, budget)
    elif submissions.is_file() and zipfile.is_zipfile(submissions):
        with zipfile.ZipFile(submissions) as zf:
            _read_zip(zf, submissions.name, rx, students, skipped, work, budget)
    else:
        raise GradingError(f"{submissions}: not a folder of submissions nor a zip file")
    if not students:
        shown = "; ".join(skipped[:3]) + (f" (and {len(skipped) - 3} more)" if len(skipped) > 3 else "")
        raise GradingError(f"{submissions}: no student's submission found"
                           + (f": {len(skipped)} files skipped: {shown}" if skipped else " (it is empty)")
                           + ". Known layouts: a folder per student, Canvas, Moodle and Blackboard downloads; "
                             "another naming needs --name-regexp")
    students = _by_name(students)
    ids = safe_ids(list(students))
    found = []
    for name, record in students.items():
        f = choose(ids[name], record, release_name)
        if ids[name] != name:
            f.reason = "; ".join(x for x in (f"submitted as {name!r}", f.reason) if x)
        found.append(f)
    if roster is not None:
        have = {f.student_id for f in found}
        for sid in read_roster(roster):
            if sid not in have and SAFE_ID.match(sid):
                found.append(Found(sid, None, "nothing submitted (on the roster, no submission found)"))
                have.add(sid)
            elif sid not in have:
                skipped.append(f"roster: {sid!r} is not usable as a student id")
    return sorted(found, key=lambda f: f.student_id), skipped
