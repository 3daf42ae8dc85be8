"""The grading command line: full marks for the solutions, zero for the untouched release,
partial credit with helpful messages for a wrong submission, and exit 0 whatever the score. The
isolated engine is the default; the nbgrader engine, asked for by name, grades alike (and warns)."""
from __future__ import annotations

import json

import pytest

from autograder.course import assignments, released_notebook, source_notebook
from autograder.reference import solution_sources
from tests.catalog import build_submission
from tests.conftest import grade_json, run_cli

FAST = [ps for ps in assignments() if ps != "ps3"]   # ps3 trains a network: graded in its own test


@pytest.mark.slow
@pytest.mark.parametrize("ps", assignments())
def test_solution_notebook_gets_full_marks_with_the_nbgrader_engine(ps, root):
    before = sorted(p.name for p in root.iterdir())
    result = grade_json(ps, source_notebook(ps), engine="nbgrader")
    assert result["assignment"] == ps and result["status"] == "graded"
    failed = {t["grade_id"]: t["message"] for t in result["tests"] if not t["passed"]}
    assert result["score"] == result["max_score"] > 0, failed
    # nbgrader's gradebook and course files stay in a temporary folder, not in the repository
    assert sorted(p.name for p in root.iterdir()) == before
    assert not (root / "gradebook.db").exists()


@pytest.mark.slow
@pytest.mark.parametrize("ps", assignments())
def test_untouched_release_scores_zero_with_the_nbgrader_engine(ps):
    result = grade_json(ps, released_notebook(ps), engine="nbgrader")
    assert result["score"] == 0
    assert all(t["points"] == 0 and not t["passed"] for t in result["tests"])
    # The student is told which task to work on, not just "AssertionError".
    assert all("task" in t["message"] for t in result["tests"]), result["tests"]


@pytest.mark.slow
def test_wrong_submission_gets_partial_credit_with_messages(tmp_path):
    """An im2col that ignores the stride: the examples pass, the random probes fail and say where."""
    wrong = """
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x.shape
    oh, ow = conv_output_size(H, filter_h, stride, pad), conv_output_size(W, filter_w, stride, pad)
    img = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    rows = [img[n, :, i:i + filter_h, j:j + filter_w].ravel()
            for n in range(N) for i in range(oh) for j in range(ow)]
    return np.array(rows, dtype=x.dtype)
"""
    notebook = build_submission("ps1", {"task1_2_im2col": wrong}, tmp_path / "sub.ipynb")
    proc = run_cli("grade", "ps1", notebook, "--json")
    assert proc.returncode == 0
    result = json.loads(proc.stdout)
    assert 0 < result["score"] < result["max_score"]
    tests = {t["grade_id"]: t for t in result["tests"]}
    assert tests["task1_1_conv_output_size_test_examples"]["passed"]
    random = tests["task1_2_im2col_test_random"]
    assert not random["passed"] and random["points"] == 0
    # The message names the call, the first differing index and both values.
    assert "im2col(x (" in random["message"] and "first at index" in random["message"]
    assert "expected" in random["message"] and "got" in random["message"]
    # The table form says the same for a person.
    table = run_cli("grade", "ps1", notebook)
    assert table.returncode == 0 and "FAIL task1_2_im2col_test_random" in table.stdout


@pytest.mark.slow
def test_unreadable_notebook_is_a_zero_with_a_reason_not_a_crash(tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text('{"cells": [ this is not json')
    proc = run_cli("grade", "ps1", bad, "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["status"] == "unreadable" and result["score"] == 0
    assert "not a readable notebook" in result["error"]
    assert result["max_score"] == grade_json("ps1", source_notebook("ps1"))["max_score"]


def test_grader_failures_exit_non_zero(tmp_path):
    proc = run_cli("grade", "ps9", tmp_path / "x.ipynb")
    assert proc.returncode != 0 and "no such notebook" in proc.stderr
    proc = run_cli("grade", "no_such_ps", source_notebook("ps1"))
    assert proc.returncode != 0 and "unknown assignment" in proc.stderr


@pytest.mark.slow
def test_warnings_and_stderr_do_not_cost_points(tmp_path):
    """nbgrader scores 0 for any test cell that writes to stderr; ours sends it to stdout."""
    noisy = solution_sources("ps1")["task1_2_im2col"].replace(
        "    if getattr(x, \"ndim\", None) != 4:",
        "    import sys, warnings\n"
        "    np.float64(1.0) / np.float64(0.0)            # RuntimeWarning: divide by zero\n"
        "    warnings.warn('a student warning')\n"
        "    print('debug output', file=sys.stderr)\n"
        "    if getattr(x, \"ndim\", None) != 4:")
    assert noisy != solution_sources("ps1")["task1_2_im2col"]
    notebook = build_submission("ps1", {"task1_2_im2col": noisy}, tmp_path / "noisy.ipynb")
    for engine in ("nbgrader", "isolated"):
        result = grade_json("ps1", notebook, engine=engine)
        assert result["score"] == result["max_score"], (engine, result["tests"])


def test_the_nbgrader_engine_warns_that_students_can_change_their_grade(tmp_path):
    proc = run_cli("grade", "ps1", released_notebook("ps1"), "--engine", "nbgrader", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["score"] == 0
    assert "warning" in proc.stderr and "change its own grade" in proc.stderr
