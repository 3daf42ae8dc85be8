"""The isolated grader (autograder/isolated/): the student's code runs in a sandbox, the tests in the
grader. It must grade like nbgrader (full marks for the solutions, zero for the release; the same
verdict on every wrong/right catalog entry is checked in test_catalog.py) and hold against hostile
or broken notebooks (tests/hostile/, see its __init__ for the format): every one gets a
deterministic status, score and reason, and honest code keeps exactly its honest score.
"""
from __future__ import annotations

import json
import re
import threading
import time

import psutil
import pytest

from autograder.course import assignments, expected_tests, released_notebook, source_notebook
from autograder.errors import GradingError
from autograder.isolated import grade_isolated, sandbox
from autograder.result import GradingResult
from tests import hostile
from tests.catalog import build_submission, entries
from tests.conftest import run_cli
from tests.engine_verdicts import verdict


def _slow_unless(condition, value):
    return value if condition else pytest.param(value, marks=pytest.mark.slow)


# ------------------------------------------------------------------------------------ like nbgrader
@pytest.mark.slow
@pytest.mark.parametrize("ps", assignments())
def test_solution_notebook_gets_full_marks(ps):
    result = grade_isolated(ps, source_notebook(ps))
    failed = {t.grade_id: t.message for t in result.tests if not t.passed}
    assert result.status == "graded" and result.score == result.max_score > 0, failed


@pytest.mark.parametrize("ps", [_slow_unless(ps == "ps1", ps) for ps in assignments()])
def test_untouched_release_scores_zero_and_names_the_task(ps):
    result = grade_isolated(ps, released_notebook(ps))
    assert result.status == "graded" and result.score == 0
    assert all(not t.passed and "task" in t.message for t in result.tests), result.tests


CATALOG = entries()


def test_same_submission_same_grade(tmp_path):
    entry = next(e for e in CATALOG if e.ps == "ps1" and e.name == "wrong_im2col_stride_ignored")
    notebook = build_submission("ps1", entry.cells, tmp_path / "sub.ipynb")
    first, second = grade_isolated("ps1", notebook), grade_isolated("ps1", notebook)
    assert first == second and 0 < first.score < first.max_score


def test_cli_isolated_prints_the_same_json_shape(tmp_path):
    notebook = build_submission("ps1", {}, tmp_path / "sub.ipynb")
    proc = run_cli("grade", "ps1", notebook, "--json", "--time-limit", "120")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["status"] == "graded" and result["score"] == result["max_score"]
    assert set(result) == {"assignment", "status", "error", "score", "max_score", "notes", "tests"}
    assert set(result["tests"][0]) == {"grade_id", "points", "max_points", "passed", "message"}
    table = run_cli("grade", "ps1", tmp_path / "missing.ipynb")
    assert table.returncode == 2 and "no such notebook" in table.stderr


def test_no_bubblewrap_is_a_grading_error_not_an_unsandboxed_run(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    notebook = build_submission("ps1", {}, tmp_path / "sub.ipynb")
    with pytest.raises(GradingError, match="bubblewrap"):
        grade_isolated("ps1", notebook)


def test_unknown_limits_and_tests_are_grading_errors(tmp_path):
    notebook = build_submission("ps1", {}, tmp_path / "sub.ipynb")
    with pytest.raises(GradingError, match="unknown limits"):
        grade_isolated("ps1", notebook, limits={"memory": 1})
    with pytest.raises(GradingError, match="no test cells"):
        grade_isolated("ps1", notebook, tests=["task9_test"])


# ------------------------------------------------------------------------------------ hostile
class UidMonitor:
    """Samples the processes of one uid while grading runs: their number and summed memory."""

    def __init__(self, uid: int):
        self.uid, self.peak_rss, self.peak_count = uid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            procs = processes_of(self.uid)
            rss = 0
            for p in procs:
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak_rss, self.peak_count = max(self.peak_rss, rss), max(self.peak_count, len(procs))
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def processes_of(uid: int) -> list:
    out = []
    for p in psutil.process_iter(["uids"]):
        uids = p.info.get("uids")
        if uids is not None and uids.real == uid:
            out.append(p)
    return out


HOSTILE = hostile.entries()
TIME_FLAGS = {"timeout_s": "--time-limit", "test_timeout_s": "--test-time-limit"}


@pytest.mark.parametrize("entry", [_slow_unless(not e.slow, e) for e in HOSTILE],
                         ids=[f"{e.ps}-{e.name}" for e in HOSTILE])
def test_hostile_submission(entry, tmp_path, capfd):
    notebook = hostile.build(entry, tmp_path / f"{entry.name}.ipynb")
    limits = {"timeout_s": 120, **entry.limits}
    uid = limits.get("uid", sandbox.Limits.uid)
    capfd.readouterr()
    with UidMonitor(uid) as monitor:
        if entry.tests is None and set(limits) <= set(TIME_FLAGS):
            # The command an instructor runs, without an engine flag: one JSON object on stdout.
            proc = run_cli("grade", entry.ps, notebook, "--json",
                           *(x for k, v in limits.items() for x in (TIME_FLAGS[k], str(v))))
            assert proc.returncode == 0, proc.stderr[-2000:]
            result = GradingResult.from_dict(json.loads(proc.stdout), expected_tests(entry.ps))
            out, err = "", proc.stderr
        else:   # limits the command line does not set (a uid of its own, a process limit), or a test subset
            result = grade_isolated(entry.ps, notebook, limits=limits, tests=entry.tests)
            out, err = capfd.readouterr()
    summary = f"{entry.description}\n{result.to_json()[:3000]}"
    assert result.status == entry.status, summary
    selected = [t for t in result.tests if entry.tests is None or t.grade_id in entry.tests]
    assert entry.score_ok(result.score, sum(t.max_points for t in selected)), summary
    # never a silent zero
    assert all(t.passed or t.message for t in result.tests), summary
    if entry.message:
        texts = [result.error or ""] + [t.message for t in result.tests] + result.notes
        assert any(re.search(entry.message, t) for t in texts), summary
    if "no_processes" in entry.checks:
        assert processes_of(uid) == [], "processes of the sandbox's user are left after grading"
    if "children_seen" in entry.checks:
        assert monitor.peak_count > 1, "the entry was meant to start processes"
    if "peak_memory" in entry.checks:
        cap = sandbox.Limits.make(limits).memory_bytes
        assert monitor.peak_rss <= cap + (256 << 20), f"the sandbox used {monitor.peak_rss >> 20} MiB"
        assert monitor.peak_rss >= cap // 2, f"the memory hog only reached {monitor.peak_rss >> 20} MiB"
    if "quiet_grader" in entry.checks:
        assert len(out) + len(err) < 1000 and "tests passed" not in out + err, (out + err)[:500]
    if entry.honest:
        # The honest code's grade: nbgrader's stored verdict, which test_catalog.py shows the
        # isolated engine reproduces test by test.
        base = next(e for e in CATALOG if e.ps == entry.ps and e.name == entry.honest)
        passed = verdict(base)["passed"]
        honest = sum(t.max_points for t in selected if passed[t.grade_id])
        assert result.score == honest, summary
