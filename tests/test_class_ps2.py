"""The class-grading acceptance run: 32 mixed ps2 submissions (honest right, honest wrong, broken,
hostile) graded with one command, killed halfway (kill -9 of grade-all alone: nothing it started may
survive it), resumed.

Every student gets one row with a true status; every score is what the student's honest code
earns (nbgrader's verdict for the catalog entries, the declared grade for the hostile ones); no
hostile trick scores above its honest content; the resumed run and a regrade of part of what the
killed run had finished give the same grades.csv.
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests import hostile
from tests.catalog import build_submission, entries, released_notebook
from tests.conftest import ROOT, run_cli
from tests.engine_verdicts import verdict

PS = "ps2"
MAX = 20.0
WRONG = ["wrong_conv_db_mean", "wrong_maxpool_grad_all_ties", "wrong_col2im_overwrite_carried",
         "wrong_conv_modifies_x", "wrong_avgpool_overlap_assign", "wrong_conv_bias_wrong_axis",
         "wrong_pool_silent_crop", "wrong_conv_backward_consumes_cache"]
# Hostile entries whose grade does not depend on limits of their own (background_processes needs
# a process limit the batch does not give; tests/test_engine.py grades it alone).
SKIP_HOSTILE = {"background_processes"}
# The infinite loop costs one test cell's limit (later calls of the hung function fail at once),
# while the other notebooks are graded on the other worker.
LIMITS = ["--test-time-limit", "20", "--time-limit", "150"]
CATALOG = {e.name: e for e in entries(PS)}


def expected_score(entry) -> float:
    if entry.score == "full":
        return MAX
    return float(entry.score)


def make_class(folder: Path) -> dict[str, tuple[str, float | None]]:
    """Write the submissions; return student -> (status, score) expected (score None: any)."""
    want = {}
    for i, e in enumerate(e for e in CATALOG.values() if e.name.startswith("right_")):
        sid = f"right{i}"
        name = "Untitled.ipynb" if i == 0 else "ps2_conv_pool.ipynb"      # a renamed notebook too
        (folder / sid).mkdir(parents=True)
        build_submission(PS, e.cells, folder / sid / name)
        want[sid] = ("graded", MAX)
    for i, name in enumerate(WRONG):
        sid = f"wrong{i}"
        (folder / sid).mkdir(parents=True)
        build_submission(PS, CATALOG[name].cells, folder / sid / "ps2_conv_pool.ipynb")
        want[sid] = ("graded", verdict(CATALOG[name])["score"])
    for e in hostile.entries(PS):
        if e.name in SKIP_HOSTILE:
            continue
        sid = e.name.replace("_", "-")
        (folder / sid).mkdir(parents=True)
        hostile.build(e, folder / sid / "ps2_conv_pool.ipynb")
        want[sid] = (e.status, expected_score(e))
    (folder / "untouched").mkdir()
    shutil.copyfile(released_notebook(PS), folder / "untouched" / "ps2_conv_pool.ipynb")
    want["untouched"] = ("graded", 0.0)
    (folder / "no-upload").mkdir()
    want["no-upload"] = ("missing", 0.0)
    return want


def descendants(pid: int) -> set[tuple[int, str]]:
    """(pid, name) of every process below pid now (names guard against a reused pid)."""
    try:
        return {(p.pid, p.name()) for p in psutil.Process(pid).children(recursive=True)}
    except psutil.Error:
        return set()


def alive(family: set[tuple[int, str]]) -> list[tuple[int, str]]:
    out = []
    for pid, name in family:
        try:
            p = psutil.Process(pid)
            if p.name() == name and p.status() != psutil.STATUS_ZOMBIE:
                out.append((pid, name))
        except psutil.Error:
            pass
    return out


def rows(out: Path) -> dict[str, dict]:
    with open(out / "grades.csv", newline="") as f:
        table = list(csv.DictReader(f))
    assert len({r["student_id"] for r in table}) == len(table), "one row per student"
    return {r["student_id"]: r for r in table}


@pytest.mark.slow
def test_a_class_of_32_grades_right_through_a_kill(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    want = make_class(subs)
    assert len(want) >= 30
    cmd = [sys.executable, "-m", "autograder", "grade-all", PS, str(subs), "--out", str(out),
           "--workers", "2", *LIMITS, "--no-course", "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 900
    family: set = set()
    while time.monotonic() < deadline and len(list((out / "results").glob("*.json"))) < len(want) // 2:
        assert proc.poll() is None, "the run ended before it could be killed"
        family |= descendants(proc.pid)
        time.sleep(0.2)
    family |= descendants(proc.pid)
    proc.kill()                                     # kill -9 of grade-all alone, halfway
    proc.wait()
    done = sorted(p.stem for p in (out / "results").glob("*.json"))
    assert len(want) // 2 <= len(done) < len(want)
    listed = {r for r, row in rows(out).items() if row["status"] != "missing"}
    # grades.csv is rewritten as each notebook finishes, after its result is saved: a kill between
    # the two leaves it one student behind the record, never ahead.
    assert listed <= set(done) and len(set(done) - listed) <= 1, (sorted(listed), done)
    # Nothing grade-all started survives it: its grading processes (PR_SET_PDEATHSIG), their
    # sandboxes (bubblewrap's --die-with-parent) and what ran in them (the sandbox's PID namespace).
    assert any("bwrap" in name for _, name in family), "no sandbox was seen running"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and alive(family):
        time.sleep(0.2)
    assert not alive(family), f"still running after grade-all was killed: {alive(family)}"

    again = run_cli("grade-all", PS, subs, "--out", out, "--workers", "2", *LIMITS, "--no-course",
                    "--no-progress", timeout=1800)
    assert again.returncode == 0, again.stderr[-3000:]
    run = json.loads((out / "report.json").read_text())["run"]
    assert run["reused"] == done                     # nothing graded twice, nothing lost
    got = rows(out)
    assert sorted(got) == sorted(want)
    wrong = {}
    for sid, (status, score) in want.items():
        row = got[sid]
        if row["status"] != status or float(row["score"]) != score:
            wrong[sid] = (row["status"], row["score"], row["reason"][:300], "expected", status, score)
        if float(row["score"]) < MAX:
            assert row["reason"].strip(), f"{sid}: a lost point without a reason"
    assert not wrong, wrong
    # No hostile trick scores above the honest code it carries.
    for e in hostile.entries(PS):
        if e.honest and e.name not in SKIP_HOSTILE:
            honest = verdict(CATALOG[e.honest])["score"]
            assert float(got[e.name.replace("_", "-")]["score"]) <= honest

    # The same bytes when part of what the killed run had finished is graded again (every third
    # notebook: the rest is graded the same way and checked against its expected score above).
    first = (out / "grades.csv").read_bytes()
    for sid in done[::3]:
        (out / "results" / f"{sid}.json").unlink()
    third = run_cli("grade-all", PS, subs, "--out", out, "--workers", "2", *LIMITS, "--no-course",
                    "--no-progress", timeout=1800)
    assert third.returncode == 0, third.stderr[-3000:]
    assert (out / "grades.csv").read_bytes() == first
