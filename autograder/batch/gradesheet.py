"""The batch's outputs that people read: grades.csv (one row per student) and report.json.

grades.csv is rewritten as each notebook finishes (the students graded so far), both are rebuilt
from the cached per-student results at the end of every run, and every write is atomic (a
temporary file, then os.replace): a reader never sees half a file.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

# Statuses of a row: the grader's ("graded", "unreadable", "wrong_assignment", "timed_out",
# "crashed") and the batch's own "missing" (nothing to grade).
MESSAGE_CHARS = 240
REASON_CHARS = 1500


_UMASK = os.umask(0o022)
os.umask(_UMASK)


def atomic_write(path: Path, data: str | bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)        # mkstemp makes 0600; these files are for reading
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def remove_stale_temps(folder: Path) -> None:
    """Temporary files left by a run that was killed between writing and renaming."""
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def one_line(text: str, limit: int = MESSAGE_CHARS) -> str:
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    return text if len(text) <= limit else text[:limit - 3] + "..."


def fmt(x) -> str:
    return f"{float(x):g}"


def reason(row: dict) -> str:
    """Why the student did not get full marks (and how their notebook was chosen): never empty
    for a score below the maximum."""
    result = row["result"]
    parts = []
    if row["status"] != "graded":
        parts.append(f"{row['status']}: {one_line(result.error or 'no details', 600)}")
    elif result.score < result.max_score:
        lost = [t for t in result.tests if t.points < t.max_points]
        parts.append(f"lost {fmt(result.max_score - result.score)} points in {len(lost)} test"
                     f"{'s' if len(lost) != 1 else ''}: "
                     + "; ".join(f"{t.grade_id} {fmt(t.points)}/{fmt(t.max_points)}"
                                 f" ({one_line(t.message) or 'no message'})" for t in lost))
    if row.get("note"):
        parts.append(row["note"])
    return one_line(" | ".join(parts), REASON_CHARS)


def lms_fields(row: dict) -> dict:
    """What the LMS's file names said: its user id, lateness ("yes"/"no"; "" when the name does
    not say) and the attempt's time (ISO 8601 UTC; "" when the name holds none)."""
    late, when = row.get("late"), row.get("submitted_at")
    return {"lms_user_id": row.get("lms_user_id") or "",
            "late": "" if late is None else ("yes" if late else "no"),
            "submitted_at": when.isoformat(timespec="seconds") if hasattr(when, "isoformat") else (when or "")}


def grades_csv(rows: list[dict], grade_ids: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    extra = list(lms_fields({}))
    writer.writerow(["student_id", "status", "score", "max_score", *grade_ids, "reason", *extra])
    for row in rows:
        points = {t.grade_id: t.points for t in row["result"].tests}
        writer.writerow([row["student_id"], row["status"], fmt(row["result"].score),
                         fmt(row["result"].max_score),
                         *(fmt(points.get(g, 0.0)) for g in grade_ids), reason(row), *lms_fields(row).values()])
    return buf.getvalue()


def write_grades(out: Path, rows: list[dict], grade_ids: list[str]) -> None:
    atomic_write(out / "grades.csv", grades_csv(rows, grade_ids))


def write_outputs(out: Path, rows: list[dict], grade_ids: list[str], run: dict) -> None:
    write_grades(out, rows, grade_ids)
    students = [{"student_id": r["student_id"], "status": r["status"],
                 "score": r["result"].score, "max_score": r["result"].max_score,
                 "reason": reason(r), "source": r.get("source", ""), "sha256": r.get("sha256"),
                 "graded_at": r.get("graded_at"), "seconds": r.get("seconds"),
                 "graded_this_run": r.get("graded_this_run", False), **lms_fields(r),
                 "result": r["result"].to_dict()}
                for r in rows]
    report = {"assignment": run["assignment"], "run": run, "students": students}
    atomic_write(out / "report.json", json.dumps(report, indent=1, default=str) + "\n")
