"""Notebook cells as nbgrader marks them: every predicate in one place.

They take nbformat nodes and plain JSON dicts alike, and never raise on an odd cell (a student's
notebook may hold anything): a cell without nbgrader metadata is simply none of these.

* a **solution** cell holds the student's answer (``solution: true``), named by its ``grade_id``;
* a **test** cell is a graded code cell (``grade: true``) worth ``points``;
* a **locked** cell is one the student may not change (``locked: true``).

The ``### BEGIN/END SOLUTION`` and ``### BEGIN/END HIDDEN TESTS`` markers are in markers.py, the
questions about a cell's code (what it defines, what it reads) in code.py.
"""
from __future__ import annotations

import json
from pathlib import Path


def source(cell) -> str:
    """The cell's text (nbformat keeps it as a string, raw JSON may hold a list of lines)."""
    src = cell.get("source", "") if isinstance(cell, dict) else ""
    return "".join(src) if isinstance(src, list) else str(src)


def nbgrader(cell) -> dict:
    """The cell's nbgrader metadata ({} when there is none or it is malformed)."""
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    nbg = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return nbg if isinstance(nbg, dict) else {}


def grade_id(cell) -> str | None:
    gid = nbgrader(cell).get("grade_id")
    return gid if isinstance(gid, str) else None


def is_code(cell) -> bool:
    return isinstance(cell, dict) and cell.get("cell_type") == "code"


def is_solution(cell) -> bool:
    """A cell the student answers in (code, or markdown for written answers)."""
    return bool(nbgrader(cell).get("solution"))


def is_test(cell) -> bool:
    """A graded code cell: an autograder test worth points()."""
    return is_code(cell) and bool(nbgrader(cell).get("grade"))


def is_locked(cell) -> bool:
    return bool(nbgrader(cell).get("locked"))


def points(cell) -> float:
    return float(nbgrader(cell).get("points") or 0)


def by_grade_id(nb) -> dict[str, str]:
    """grade_id -> source of a notebook's nbgrader cells (the first cell of each grade_id)."""
    out: dict[str, str] = {}
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        gid = grade_id(cell)
        if gid is not None and gid not in out:
            out[gid] = source(cell)
    return out


def student_cells(notebook: Path | None) -> dict[str, str] | None:
    """grade_id -> the source of each nbgrader cell of a student's notebook file; None when there is
    no file or it is not a readable notebook."""
    if notebook is None:
        return None
    try:
        nb = json.loads(Path(notebook).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    return by_grade_id(nb) if isinstance(nb, dict) else None
