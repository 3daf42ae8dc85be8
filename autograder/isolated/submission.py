"""What the isolated grader takes from the student's notebook: ONLY the code of the solution cells,
by nbgrader grade_id (a Submission). Cells the student added, and every test cell of theirs
(deleted, edited or not), are ignored. A grade_id seen twice: the first cell counts, and a note
says so. The file is read as plain JSON, defensively: it may hold anything.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from .. import cells
from ..cells.code import without_magics
from ..course import assignments
from .plan import Plan, instructor_plan

MAX_NOTEBOOK_BYTES = 64 << 20


class Unreadable(Exception):
    """The file is not a notebook we can read."""


@dataclasses.dataclass
class Submission:
    cells: dict               # grade_id -> the student's code, for the plan's solution cells found
    notes: list               # what was odd about the notebook (duplicates, ...)
    other_ids: set            # grade_ids of the notebook that are not this assignment's


def read_submission(path: Path, plan: Plan) -> Submission:
    path = Path(path)
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise Unreadable(f"the file is larger than {MAX_NOTEBOOK_BYTES >> 20} MiB")
    try:
        nb = json.loads(path.read_bytes())
    except (ValueError, RecursionError) as exc:
        raise Unreadable(f"the file is not a readable notebook: not JSON ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise Unreadable("the file is not a readable notebook: no list of cells (nbformat 4 expected)")
    found, notes, other, seen_ids = {}, [], set(), set()
    for i, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict):
            notes.append(f"cell {i} is not a JSON object: ignored")
            continue
        cid = cell.get("id")
        if isinstance(cid, str):
            if cid in seen_ids:
                notes.append(f"cell id {cid!r} appears more than once")
            seen_ids.add(cid)
        gid = cells.grade_id(cell)
        if gid is None:
            continue
        if gid not in plan.solution_ids:
            other.add(gid)
        elif not cells.is_code(cell):
            notes.append(f"the cell with grade_id {gid} is not a code cell: ignored")
        elif gid in found:
            notes.append(f"grade_id {gid} appears more than once: the first cell counts")
        else:
            found[gid], changed = without_magics(cells.source(cell))
            if changed:
                notes.append(f"IPython magics and shell commands in {gid} were not run")
    for gid in plan.solution_ids:
        if gid not in found:
            notes.append(f"the solution cell {gid} is missing from the notebook")
    return Submission(found, notes, other)


def guess_assignment(grade_ids: set) -> str | None:
    """Which assignment a notebook's grade_ids belong to (for a 'wrong assignment' message)."""
    for ps in assignments():
        if grade_ids & set(instructor_plan(ps).solution_ids):
            return ps
    return None
