"""The plain engine (CLI: ``--engine nbgrader``): nbgrader's own autograde, in a throwaway course.

The student's code and the tests share one Jupyter kernel, as in nbgrader: a submission can change
its own grade there (monkeypatch the test helpers, print fake output, exit). Use it only for
notebooks you trust; the default engine is the isolated one (isolated/).

Returns a GradingResult: status "graded", or "unreadable" when the file is not a notebook (every
test 0, with the reason). Only a failure of the grader itself raises (GradingError).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat

from .. import cells
from ..blame import hint_prerequisites
from ..course import expected_tests, source_notebook
from ..errors import GradingError
from ..result import GradingResult, TestResult
from .tempcourse import run_api, temp_course

STUDENT = "student"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WARNING = ("the nbgrader engine runs the student's code in the same kernel as the tests: a submission "
           "can change its own grade there. Grade untrusted notebooks with the default isolated engine.")


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


def grade_plain(ps: str, notebook: Path, cell_timeout: int = 300) -> GradingResult:
    """Autograde ``notebook`` as a submission of assignment ``ps`` with nbgrader's kernel."""
    notebook = Path(notebook)
    expected = expected_tests(ps)
    if not notebook.is_file():
        raise GradingError(f"no such notebook: {notebook}")
    try:
        nbformat.read(notebook, as_version=4)
    except Exception as exc:  # noqa: BLE001  (not JSON, not a notebook: the student's problem, not the grader's)
        return GradingResult.zero(ps, expected, "unreadable", f"the file is not a readable notebook: {exc}")

    release_name = source_notebook(ps).name
    with temp_course(ps, cell_timeout) as (root, api):
        submitted = root / "submitted" / STUDENT / ps
        submitted.mkdir(parents=True)
        # nbgrader matches notebooks by file name: the student's may be "ps1_im2col (2).ipynb".
        shutil.copyfile(notebook, submitted / release_name)
        run_api("autograde", api.autograde(ps, STUDENT))
        graded_nb = nbformat.read(root / "autograded" / STUDENT / ps / release_name, as_version=4)
        messages = {cells.grade_id(c): failure_message(c) for c in graded_nb.cells if cells.is_test(c)}
        with api.gradebook as gradebook:
            submission = gradebook.find_submission_notebook(Path(release_name).stem, ps, STUDENT)
            grades = {g.name: g.score for g in submission.grades}
    tests = []
    for gid, max_points in expected:
        points = float(grades[gid]) if grades.get(gid) is not None else 0.0
        message = messages.get(gid, "test cell missing from the submission")
        passed = points >= max_points if max_points > 0 else not message      # a 0-point check: no error
        tests.append(TestResult(gid, points, max_points, passed, message))
    return hint_prerequisites(GradingResult(ps, "graded", tests))
