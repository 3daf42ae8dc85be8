"""Grade one submitted notebook with nbgrader, in a throwaway course folder.

The result is a plain dict (what ``--json`` prints)::

    {"assignment": "ps1", "status": "graded", "score": 7.0, "max_score": 10.0,
     "tests": [{"grade_id", "points", "max_points", "passed", "message"}, ...]}

``status`` is "graded", or "unreadable" when the file is not a notebook (then every test scores 0
and ``error`` says why). Only a failure of the grader itself raises (GradingError).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat

from .course import GradingError, run_api, source_notebook, temp_course

STUDENT = "student"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_cells(nb) -> list:
    """The graded test cells (nbgrader 'grade' cells that are code), in notebook order."""
    return [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]


def failure_message(cell) -> str:
    """What a failed test cell said: the exception's last line, or what it wrote to stderr."""
    for out in cell.get("outputs", []):
        if out.output_type == "error":
            evalue = ANSI.sub("", out.get("evalue", "")).strip()
            return f"{out.get('ename', 'Error')}: {evalue}" if evalue else out.get("ename", "Error")
    for out in cell.get("outputs", []):
        if out.output_type == "stream" and out.get("name") == "stderr":
            return "wrote to stderr: " + out.get("text", "").strip()[:500]
    return ""


def _expected_tests(ps: str) -> list[tuple[str, float]]:
    nb = nbformat.read(source_notebook(ps), as_version=4)
    return [(c.metadata.nbgrader.grade_id, float(c.metadata.nbgrader.points)) for c in test_cells(nb)]


def zero_result(ps: str, status: str, error: str) -> dict:
    tests = [{"grade_id": gid, "points": 0.0, "max_points": pts, "passed": False, "message": error}
             for gid, pts in _expected_tests(ps)]
    return {"assignment": ps, "status": status, "error": error, "score": 0.0,
            "max_score": sum(t["max_points"] for t in tests), "tests": tests}


def grade(ps: str, notebook: Path, cell_timeout: int = 300) -> dict:
    """Autograde ``notebook`` as a submission of assignment ``ps``."""
    notebook = Path(notebook)
    if not notebook.is_file():
        raise GradingError(f"no such notebook: {notebook}")
    try:
        nbformat.read(notebook, as_version=4)
    except Exception as exc:  # not JSON, not a notebook: the student's problem, not the grader's
        return zero_result(ps, "unreadable", f"the file is not a readable notebook: {exc}")

    release_name = source_notebook(ps).name
    with temp_course(ps, cell_timeout) as (root, api):
        submitted = root / "submitted" / STUDENT / ps
        submitted.mkdir(parents=True)
        # nbgrader matches notebooks by file name: the student's may be "ps1_im2col (2).ipynb".
        shutil.copyfile(notebook, submitted / release_name)
        run_api("autograde", api.autograde(ps, STUDENT))
        graded_nb = nbformat.read(root / "autograded" / STUDENT / ps / release_name, as_version=4)
        messages = {c.metadata.nbgrader.grade_id: failure_message(c) for c in test_cells(graded_nb)}
        with api.gradebook as gradebook:
            submission = gradebook.find_submission_notebook(Path(release_name).stem, ps, STUDENT)
            grades = {g.name: (g.score, g.max_score) for g in submission.grades}
        tests = []
        for gid, max_points in _expected_tests(ps):
            score = grades.get(gid, (None, None))[0]
            points = float(score) if score is not None else 0.0
            tests.append({"grade_id": gid, "points": points, "max_points": max_points,
                          "passed": points >= max_points,
                          "message": messages.get(gid, "test cell missing from the submission")})
    return {"assignment": ps, "status": "graded", "score": sum(t["points"] for t in tests),
            "max_score": sum(t["max_points"] for t in tests), "tests": tests}


def format_table(result: dict) -> str:
    """A readable report of one result."""
    lines = [f"{result['assignment']}: {result['score']:g} / {result['max_score']:g}"
             + ("" if result["status"] == "graded" else f"  ({result['status']}: {result.get('error')})")]
    width = max((len(t["grade_id"]) for t in result["tests"]), default=10)
    for t in result["tests"]:
        mark = "ok  " if t["passed"] else "FAIL"
        lines.append(f"  {mark} {t['grade_id']:<{width}}  {t['points']:g}/{t['max_points']:g}")
        if not t["passed"] and t["message"] and result["status"] == "graded":
            lines.append(f"       {t['message'][:300]}")
    return "\n".join(lines)


def to_json(result: dict) -> str:
    return json.dumps(result, indent=2)
