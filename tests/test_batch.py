"""grade-all: a class's submissions (a folder or an LMS zip) -> grades.csv, report.json, feedback
pages and an nbgrader course folder; resumable, idempotent, and a bad submission or a grader
failure costs only that student's grade.

The real batch (the active grading function on real notebooks built from the release) runs once
per session through the CLI and is shared by the tests (and by the pytest-xdist workers, under a
file lock); tests that change it work on a copy.
"""
from __future__ import annotations

import contextlib
import csv
import fcntl
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import psutil
import pytest
from nbgrader.utils import determine_grade

from autograder.batch import collect as collect_mod
from autograder.batch import grade_all
from autograder.batch.run import _lock
from autograder.cells.markers import HIDDEN
from autograder.course import released_notebook, source_notebook
from autograder.errors import GradingError
from tests.browser_cdp import Chromium, SiteServer, find_chromium
from tests.catalog import build_submission, entries
from tests.conftest import ROOT, run_cli
from tests.engine_verdicts import verdict

PS = "ps1"
FAKE = "tests.batch_fakes:grade"
ENTRIES = {e.name: e for e in entries(PS)}
WRONG_BOB, WRONG_CAROL = ENTRIES["wrong_im2col_stride_ignored"], ENTRIES["wrong_col2im_no_crop"]
BOB_SCORE = int(verdict(WRONG_BOB)["score"])          # nbgrader's verdict on bob's notebook


# ------------------------------------------------------------------------------------------
# The shared batch
# ------------------------------------------------------------------------------------------

def shared_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def locked(path: Path):
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def make_submissions(folder: Path) -> None:
    """alice: the reference; bob: a wrong im2col in a notebook of another name; carol: a wrong
    col2im named like the release (as an LMS renames a resubmission) next to a newer scratch
    notebook; dave: the untouched release; erin: not JSON; frank: an empty folder; grace: a PDF."""
    for sid in ("alice", "bob", "carol", "dave", "erin", "frank", "grace"):
        (folder / sid).mkdir(parents=True)
    build_submission(PS, {}, folder / "alice" / "ps1_im2col.ipynb")
    build_submission(PS, WRONG_BOB.cells, folder / "bob" / "my work.ipynb")
    build_submission(PS, WRONG_CAROL.cells, folder / "carol" / "ps1_im2col (2).ipynb")
    build_submission(PS, {}, folder / "carol" / "scratch.ipynb")
    os.utime(folder / "carol" / "ps1_im2col (2).ipynb", (1_700_000_000, 1_700_000_000))
    shutil.copyfile(released_notebook(PS), folder / "dave" / "ps1_im2col.ipynb")
    (folder / "erin" / "ps1_im2col.ipynb").write_text('{"cells": [ this is not json')
    (folder / "grace" / "answers.pdf").write_bytes(b"%PDF-1.4 not a notebook")


@pytest.fixture(scope="session")
def folder_run(tmp_path_factory) -> dict:
    base = shared_dir(tmp_path_factory) / "batch-folder"
    with locked(base.with_suffix(".lock")):
        if not (base / "done.json").is_file():
            shutil.rmtree(base, ignore_errors=True)
            make_submissions(base / "subs")
            proc = run_cli("grade-all", PS, base / "subs", "--out", base / "out")
            assert proc.returncode == 0, proc.stderr[-3000:]
            (base / "done.json").write_text(json.dumps({"stdout": proc.stdout, "stderr": proc.stderr}))
    done = json.loads((base / "done.json").read_text())
    return {"subs": base / "subs", "out": base / "out", **done}


def read_csv(path: Path) -> dict[str, dict]:
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    assert len({r["student_id"] for r in rows}) == len(rows), "one row per student"
    return {r["student_id"]: r for r in rows}


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text())


def copy_run(run: dict, dest: Path) -> tuple[Path, Path]:
    shutil.copytree(run["subs"], dest / "subs")
    shutil.copytree(run["out"], dest / "out")
    return dest / "subs", dest / "out"


def page_text(html_page: str) -> str:
    """What a page says, without tags (highlighted code is split into many spans)."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_page))


def hidden_lines() -> set[str]:
    """Lines of the solution notebook's hidden tests that appear nowhere in the release."""
    released = released_notebook(PS).read_text()
    lines = set()
    for cell in nbformat.read(source_notebook(PS), as_version=4).cells:
        inside = False
        for line in cell.source.splitlines():
            inside = inside or line.strip() == HIDDEN[0]
            if inside and len(line.strip()) >= 20 and json.dumps(line.strip())[1:-1] not in released:
                lines.add(line.strip())
            inside = inside and line.strip() != HIDDEN[1]
    assert len(lines) > 20
    return lines


# ------------------------------------------------------------------------------------------
# The real batch
# ------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_folder_batch_gives_one_row_per_student_with_true_statuses_and_reasons(folder_run):
    rows = read_csv(folder_run["out"] / "grades.csv")
    assert sorted(rows) == ["alice", "bob", "carol", "dave", "erin", "frank", "grace"]
    status = {sid: r["status"] for sid, r in rows.items()}
    assert status == {"alice": "graded", "bob": "graded", "carol": "graded", "dave": "graded",
                      "erin": "unreadable", "frank": "missing", "grace": "missing"}
    assert rows["alice"]["score"] == rows["alice"]["max_score"] == "10"
    for sid, failing in (("bob", WRONG_BOB.fails), ("carol", WRONG_CAROL.fails)):
        assert 0 < float(rows[sid]["score"]) < 10
        assert all(float(rows[sid][gid]) == 0 for gid in failing), (sid, rows[sid])
        assert all(gid in rows[sid]["reason"] for gid in failing)
    assert rows["dave"]["score"] == "0" and "NotImplementedError" in rows["dave"]["reason"]
    # carol's release-named notebook wins over her newer scratch notebook, and the row says so.
    assert "carol/ps1_im2col (2).ipynb" in rows["carol"]["reason"]
    assert "named like the release notebook" in rows["carol"]["reason"] and "scratch.ipynb" in rows["carol"]["reason"]
    assert "not a readable notebook" in rows["erin"]["reason"]
    assert "empty" in rows["frank"]["reason"] and "answers.pdf" in rows["grace"]["reason"]
    for sid, row in rows.items():       # never a silent zero; the test columns add up
        if row["score"] != row["max_score"]:
            assert row["reason"].strip(), sid
        tests = [k for k in row if k.startswith("task")]
        assert len(tests) == 7 and sum(float(row[t]) for t in tests) == float(row["score"])
    meta = report(folder_run["out"])["run"]
    assert meta["assignment"] == PS and meta["graded_this_run"] == ["alice", "bob", "carol", "dave", "erin"]
    assert len(meta["solution_sha256"]) == 64 and meta["grader_version"] and meta["timings_s"]["grading"] > 0
    assert sorted(p.stem for p in (folder_run["out"] / "feedback").glob("*.html")) == sorted(rows)
    assert "grading ps1" in folder_run["stderr"] and "100%" in folder_run["stderr"]   # tqdm


@pytest.mark.slow
def test_batch_scores_equal_single_notebook_grading(folder_run):
    """The same grading function, called on each notebook alone, in its own process (the two
    partial scores; full marks and zero are checked above)."""
    spec = report(folder_run["out"])["run"]["grader"]
    subs = folder_run["subs"]
    notebooks = {"bob": subs / "bob/my work.ipynb", "carol": subs / "carol/ps1_im2col (2).ipynb"}
    code = ("import json, sys; from pathlib import Path; from autograder.batch.process import resolve; "
            "print(json.dumps(resolve(sys.argv[1])(sys.argv[2], Path(sys.argv[3])).to_dict()))")
    single = {}
    items = list(notebooks.items())
    for i in range(0, len(items), 2):            # two at a time: the machine has two cores
        procs = {sid: subprocess.Popen([sys.executable, "-c", code, spec, PS, str(nb)], cwd=ROOT,
                                       stdout=subprocess.PIPE, text=True) for sid, nb in items[i:i + 2]}
        for sid, proc in procs.items():
            out, _ = proc.communicate(timeout=600)
            single[sid] = json.loads(out.strip().splitlines()[-1])
    batch = {s["student_id"]: s["result"] for s in report(folder_run["out"])["students"]}
    for sid, alone in single.items():
        assert batch[sid]["status"] == alone["status"]
        assert batch[sid]["score"] == alone["score"], sid
        assert {t["grade_id"]: t["points"] for t in batch[sid]["tests"]} == \
               {t["grade_id"]: t["points"] for t in alone["tests"]}, sid


@pytest.mark.slow
def test_lms_zip_gives_the_same_grades_as_the_folder(folder_run, tmp_path):
    subs = folder_run["subs"]
    archive = tmp_path / "lms_download.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(subs / "alice/ps1_im2col.ipynb", "alice_1001_2001_ps1_im2col.ipynb")
        zf.write(subs / "bob/my work.ipynb", "submissions/bob_1002_2002_my_work.ipynb")
        zf.write(subs / "carol/ps1_im2col (2).ipynb", "carol_LATE_1003_2003_ps1_im2col-1.ipynb")
        zf.write(subs / "carol/scratch.ipynb", "carol_1003_2004_scratch.ipynb")
        zf.write(subs / "dave/ps1_im2col.ipynb", "dave_1004_2004_ps1_im2col.ipynb")
        zf.write(subs / "erin/ps1_im2col.ipynb", "erin_1005_2005_ps1_im2col.ipynb")
        zf.write(subs / "grace/answers.pdf", "grace_1007_2007_answers.pdf")
        zf.writestr("__MACOSX/._alice_1001_2001_ps1_im2col.ipynb", b"resource fork")
        zf.writestr("readme.txt", "not a submission")
        zf.writestr("../../escape_1009_2009_ps1_im2col.ipynb", '{"not": a notebook')
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\nalice,Alice\nfrank,Frank\n")
    out = tmp_path / "out"
    # The folder run's cache: the same notebook bytes get the same grade without grading again
    # (grading itself is the same function whatever the layout; it is checked on the folder).
    shutil.copytree(folder_run["out"] / "results", out / "results")
    proc = run_cli("grade-all", PS, archive, "--out", out, "--roster", roster, "--no-course")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert report(out)["run"]["graded_this_run"] == ["escape"]
    rows, folder = read_csv(out / "grades.csv"), read_csv(folder_run["out"] / "grades.csv")
    assert sorted(rows) == sorted([*folder, "escape"])
    lms_said = {"reason", "lms_user_id", "late", "submitted_at"}     # what only the LMS's names tell
    for sid, row in folder.items():
        same = {k: v for k, v in row.items() if k not in lms_said}
        assert {k: v for k, v in rows[sid].items() if k not in lms_said} == same, sid
    assert (rows["alice"]["lms_user_id"], rows["alice"]["late"]) == ("1001", "no")
    assert (rows["carol"]["lms_user_id"], rows["carol"]["late"]) == ("1003", "yes")     # Canvas's _LATE
    assert "on the roster" in rows["frank"]["reason"] and "answers.pdf" in rows["grace"]["reason"]
    assert "carol_LATE_1003_2003_ps1_im2col-1.ipynb" in rows["carol"]["reason"]
    assert rows["escape"]["status"] == "unreadable"
    skipped = report(out)["run"]["skipped_files"]
    assert any("readme.txt" in s for s in skipped) and not any("__MACOSX" in s for s in skipped)
    # The member named ../../escape_... was written under our own name, inside DIR.
    strays = [p for p in tmp_path.parent.rglob("escape*") if out not in p.parents]
    assert strays == []


@pytest.mark.slow
def test_rerun_grades_only_what_is_new_or_changed(folder_run, tmp_path):
    subs, out = copy_run(folder_run, tmp_path)
    before = read_csv(out / "grades.csv")
    (out / "results" / "bob.json").unlink()
    (subs / "ivan").mkdir()
    build_submission(PS, WRONG_CAROL.cells, subs / "ivan" / "ps1_im2col.ipynb")
    proc = run_cli("grade-all", PS, subs, "--out", out, "--no-course")
    assert proc.returncode == 0, proc.stderr[-3000:]
    meta = report(out)["run"]
    assert meta["graded_this_run"] == ["bob", "ivan"]
    assert meta["reused"] == ["alice", "carol", "dave", "erin"]
    after = read_csv(out / "grades.csv")
    assert after.pop("ivan")["score"] == before["carol"]["score"]
    assert after == before
    # Nothing new: nothing graded, and the same bytes.
    csv_bytes = (out / "grades.csv").read_bytes()
    proc = run_cli("grade-all", PS, subs, "--out", out, "--no-course")
    assert proc.returncode == 0 and report(out)["run"]["graded_this_run"] == []
    assert (out / "grades.csv").read_bytes() == csv_bytes


def alive(processes) -> list:
    out = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.mark.slow
def test_a_killed_run_resumes_to_the_same_grades(folder_run, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "autograder", "grade-all", PS, str(folder_run["subs"]), "--out", str(out),
           "--no-course"]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list((out / "results").glob("*.json"))) < 2:
        assert proc.poll() is None, "the run ended before it could be killed"
        time.sleep(0.1)
    family = psutil.Process(proc.pid).children(recursive=True)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = sorted(p.stem for p in (out / "results").glob("*.json"))
    assert 2 <= len(done) < 5
    # grades.csv is rewritten as each notebook finishes: it holds the students graded before the kill
    # (and those with nothing to grade). A notebook's result is saved first and its row written next,
    # so a kill between the two leaves the sheet one student behind the record (never ahead of it).
    listed = {s for s, r in read_csv(out / "grades.csv").items() if r["status"] != "missing"}
    assert listed <= set(done) and len(set(done) - listed) <= 1, (sorted(listed), done)
    # Nothing the batch started outlives it: workers die with it (PR_SET_PDEATHSIG), kernels
    # with their worker (ipykernel's parent poller).
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and alive(family):
        time.sleep(0.2)
    assert not alive(family)
    again = run_cli("grade-all", PS, folder_run["subs"], "--out", out, "--no-course")
    assert again.returncode == 0, again.stderr[-3000:]
    assert report(out)["run"]["reused"] == done
    assert (out / "grades.csv").read_text().splitlines() == \
        (folder_run["out"] / "grades.csv").read_text().splitlines()


@pytest.mark.slow
def test_nbgrader_export_and_generate_feedback_work_on_the_course_folder(folder_run, tmp_path):

    course = tmp_path / "course"
    shutil.copytree(folder_run["out"] / "course", course)
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    exported = tmp_path / "export.csv"
    proc = subprocess.run([nbgrader, "export", f"--CourseDirectory.root={course}", f"--to={exported}"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open(exported, newline="") as f:
        nb_scores = {r["student_id"]: (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(f)}
    ours = read_csv(folder_run["out"] / "grades.csv")
    assert nb_scores == {sid: (float(r["score"]), float(r["max_score"])) for sid, r in ours.items()}
    # The autograded notebooks' test outputs say the same as the gradebook.
    for sid, row in ours.items():
        path = course / "autograded" / sid / PS / "ps1_im2col.ipynb"
        assert path.exists() == (row["status"] != "missing"), sid
        if path.exists():
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.metadata.get("nbgrader", {}).get("grade"):
                    assert determine_grade(cell)[0] == float(row[cell.metadata.nbgrader.grade_id])
    proc = subprocess.run([nbgrader, "generate_feedback", f"--CourseDirectory.root={course}", PS],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    pages = {p.parts[-3]: p.read_text() for p in (course / "feedback").glob(f"*/{PS}/*.html")}
    assert sorted(pages) == sorted(sid for sid, r in ours.items() if r["status"] != "missing")
    assert f"Score: {BOB_SCORE}.0" in pages["bob"] or f"{BOB_SCORE}.0 / 10.0" in pages["bob"]
    assert not [line for line in hidden_lines() for page in pages.values() if line in page_text(page)]


@pytest.mark.slow
def test_feedback_pages_show_results_and_code_but_no_hidden_tests_and_nothing_remote(folder_run, tmp_path):
    feedback = folder_run["out"] / "feedback"
    secret = hidden_lines()
    for page in feedback.glob("*.html"):
        text = page.read_text()
        assert HIDDEN[0] not in text and "autograder.oracles" not in text, page.name
        plain = page_text(text)
        leaked = [line for line in secret if line in plain]
        assert not leaked, (page.name, leaked[:3])
        for url in re.findall(r"""<(?:script|img|link|iframe|source|video|audio|embed)\b[^>]*?"""
                              r"""\b(?:src|href)\s*=\s*["']([^"']*)""", text, re.I):
            if url.startswith("data:"):
                continue
            assert not re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.I), (page.name, url)
            assert (feedback / url).is_file(), url
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    bob = (feedback / "bob.html").read_text()
    assert "10 / 10" not in bob and f"{BOB_SCORE} / 10" in bob
    assert "task1_2_im2col_test_random" in bob and "first at index" in bob     # name and message
    assert "hidden tests (" in bob                                            # ... but not the code
    assert "task1_2_im2col" in bob and "out_h" in bob                          # bob's own code
    assert not (feedback / "_static").exists() and 'id="mathjax-gz"' in bob     # MathJax inside each page
    assert "\\frac{W - F + 2P}{S}" in bob                                       # math, for MathJax
    # --show-hidden-source: the same grades (nothing regraded), the hidden tests shown.
    subs, out = copy_run(folder_run, tmp_path)
    proc = run_cli("grade-all", PS, subs, "--out", out, "--no-course", "--show-hidden-source")
    assert proc.returncode == 0 and report(out)["run"]["graded_this_run"] == []
    shown = (out / "feedback" / "bob.html").read_text()
    assert "im2col_naive" in shown and HIDDEN[0] in shown


@pytest.mark.slow
@pytest.mark.browser
def test_feedback_page_typesets_math_offline_in_a_browser(folder_run):

    exe = find_chromium()
    if exe is None:
        pytest.skip("chromium is not installed")
    server, browser = SiteServer(folder_run["out"] / "feedback"), Chromium(exe)
    try:
        page = browser.check_page(server.url("bob.html"), budget=20)
    finally:
        browser.close()
        server.close()
    origin = server.url("").rstrip("/")
    assert page.load_event and page.probe and page.probe["mathjax"] == "ok", page.probe
    assert page.probe["mjxContainers"] > 5 and not page.probe["mathErrors"]
    remote = [u for u in page.requests if not (u.startswith(origin) or u.startswith(("data:", "blob:", "about:")))]
    assert remote == [] and not page.console_errors
    assert [u for u, _ in page.failed_requests if not u.endswith("/favicon.ico")] == []


# ------------------------------------------------------------------------------------------
# Misbehaving graders and submissions (stand-in grading functions: fast)
# ------------------------------------------------------------------------------------------

def fake(folder: Path, sid: str, spec: dict, name: str = "ps1_im2col.ipynb") -> None:
    (folder / sid).mkdir(parents=True, exist_ok=True)
    (folder / sid / name).write_text(json.dumps(spec))


def test_a_failing_grader_costs_only_that_students_grade(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    pidfile = tmp_path / "hang.pid"
    for sid, spec in {"ok": {"fake": "full"}, "half": {"fake": "half"}, "raises": {"fake": "raise"},
                      "exits": {"fake": "exit"}, "segfaults": {"fake": "segv"},
                      "malformed": {"fake": "malformed"},
                      "hangs": {"fake": "hang", "pidfile": str(pidfile)}}.items():
        fake(subs, sid, spec)
    run = grade_all(PS, subs, out, workers=2, engine=FAKE, timeout=4, progress=False, course=False)
    rows = read_csv(out / "grades.csv")
    assert {s: r["status"] for s, r in rows.items()} == {
        "ok": "graded", "half": "graded", "raises": "crashed", "exits": "crashed",
        "segfaults": "crashed", "malformed": "crashed", "hangs": "timed_out"}
    assert rows["ok"]["score"] == "10" and rows["half"]["score"] == "5"
    assert "RuntimeError: grader bug: boom" in rows["raises"]["reason"]
    assert "exit code 3" in rows["exits"]["reason"] and "signal 11" in rows["segfaults"]["reason"]
    assert "malformed" in rows["malformed"]["reason"] and "4 s" in rows["hangs"]["reason"]
    assert run["grader"] == FAKE and len(run["graded_this_run"]) == 7
    # The hung grader's own child process was killed with it.
    pid = int(pidfile.read_text())
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    # Grader failures are tried again next time; the students' own results are kept.
    run = grade_all(PS, subs, out, workers=2, engine=FAKE, timeout=4, progress=False, course=False)
    assert run["graded_this_run"] == ["exits", "malformed", "raises", "segfaults"]
    assert read_csv(out / "grades.csv") == rows


def test_a_changed_submission_or_grader_is_graded_again(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    for sid in ("a", "b", "c"):
        fake(subs, sid, {"fake": "full"})
    assert len(grade_all(PS, subs, out, engine=FAKE, progress=False, course=False)["graded_this_run"]) == 3
    fake(subs, "b", {"fake": "half"})
    run = grade_all(PS, subs, out, engine=FAKE, progress=False, course=False)
    assert run["graded_this_run"] == ["b"] and read_csv(out / "grades.csv")["b"]["score"] == "5"
    # A result written under another grader fingerprint is not trusted.
    entry = json.loads((out / "results" / "c.json").read_text())
    entry["fingerprint"] = "0" * 64
    (out / "results" / "c.json").write_text(json.dumps(entry))
    (out / "results" / ".a.json.123.tmp").write_text("{half-written")     # a killed write
    run = grade_all(PS, subs, out, engine=FAKE, progress=False, course=False)
    assert run["graded_this_run"] == ["c"] and not list((out / "results").glob(".*.tmp"))


def test_two_batches_cannot_write_the_same_folder(tmp_path):
    (tmp_path / "out").mkdir()
    held = _lock(tmp_path / "out")
    try:
        with pytest.raises(GradingError, match="another grade-all"):
            grade_all(PS, tmp_path, tmp_path / "out", engine=FAKE, progress=False, course=False)
    finally:
        held.close()


# ------------------------------------------------------------------------------------------
# Finding the submissions (no grading)
# ------------------------------------------------------------------------------------------

def test_lms_names_match_the_default_pattern_and_an_override():
    rx = collect_mod.compile_name_regexp(None)
    for name, sid, file_id in [("alice_12345_67890_ps1_im2col.ipynb", "alice", "ps1_im2col.ipynb"),
                               ("alice_LATE_12345_67890_ps1_im2col.ipynb", "alice", "ps1_im2col.ipynb"),
                               ("dl/jo_smith_1_2_my_ps1.ipynb", "jo_smith", "my_ps1.ipynb")]:
        m = rx.match(name)
        assert m and m["student_id"] == sid and m["file_id"] == file_id, name
    assert rx.match("notes.txt") is None
    custom = collect_mod.compile_name_regexp(r"(?P<student_id>\w+)--(?P<timestamp>[\d-]+)--(?P<file_id>.+)")
    assert custom.match("bob--2024-01-30--ps1.ipynb")["student_id"] == "bob"
    with pytest.raises(GradingError, match="student_id"):
        collect_mod.compile_name_regexp(r"(?P<who>\w+)")


def test_the_newest_timestamp_wins_when_no_notebook_has_the_release_name(tmp_path):
    archive = tmp_path / "dl.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("bob--2024-01-30-10-00-00--first.ipynb", "{}")
        zf.writestr("bob--2024-02-01-10-00-00--second.ipynb", "{}")
        zf.writestr("bob--2024-01-31-10-00-00--third.ipynb", "{}")
    found, _ = collect_mod.collect(archive, "ps1_im2col.ipynb", tmp_path / "work",
                                   r"(?P<student_id>\w+)--(?P<timestamp>[\d-]+)--(?P<file_id>.+)")
    assert [f.student_id for f in found] == ["bob"]
    assert "second.ipynb" in found[0].source and "most recently modified" in found[0].reason


def test_zip_bombs_and_oversized_notebooks_are_refused(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("alice_1_2_ps1_im2col.ipynb", b"\0" * (4 * 1024 * 1024))
    monkeypatch.setattr(collect_mod, "MAX_TOTAL_BYTES", 1024 * 1024)
    with pytest.raises(GradingError, match="expands to more than"):
        collect_mod.collect(bomb, "ps1_im2col.ipynb", tmp_path / "w1")
    monkeypatch.setattr(collect_mod, "MAX_TOTAL_BYTES", 64 * 1024 * 1024)
    monkeypatch.setattr(collect_mod, "MAX_NOTEBOOK_BYTES", 1024 * 1024)
    found, _ = collect_mod.collect(bomb, "ps1_im2col.ipynb", tmp_path / "w2")
    assert found[0].notebook is None and "larger than" in found[0].reason
    assert not list((tmp_path / "w2").iterdir())                  # nothing half-written left
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(30):
            zf.writestr(f"s{i}_1_2_ps1_im2col.ipynb", "{}")
    monkeypatch.setattr(collect_mod, "MAX_MEMBERS", 20)
    with pytest.raises(GradingError, match="more than 20 files"):
        collect_mod.collect(many, "ps1_im2col.ipynb", tmp_path / "w3")


def test_odd_student_folders(tmp_path):
    subs = tmp_path / "subs"
    fake(subs, "Jane Doe", {})
    fake(subs, "Jane_Doe", {})
    (subs / "kim" / "ps1" / ".ipynb_checkpoints").mkdir(parents=True)
    fake(subs / "kim", "ps1", {})                                     # submitted/<student>/<ps>/ layout
    (subs / "kim" / "ps1" / ".ipynb_checkpoints" / "ps1_im2col-checkpoint.ipynb").write_text("{}")
    (subs / ".DS_Store").write_text("")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\nkim\nlee\n")
    found, _ = collect_mod.collect(subs, "ps1_im2col.ipynb", tmp_path / "work", roster=roster)
    by_id = {f.student_id: f for f in found}
    renamed = [sid for sid in by_id if sid.startswith("Jane_Doe-")]
    assert sorted(by_id) == sorted(["Jane_Doe", *renamed, "kim", "lee"]) and len(renamed) == 1
    assert re.fullmatch(r"Jane_Doe-[0-9a-f]{8}", renamed[0])
    assert "submitted as 'Jane Doe'" in by_id[renamed[0]].reason and by_id["Jane_Doe"].reason == ""
    assert by_id["kim"].notebook.name == "ps1_im2col.ipynb" and by_id["kim"].reason == ""
    assert by_id["lee"].notebook is None and "roster" in by_id["lee"].reason


def test_cli_reports_grader_failures_with_exit_code_2(tmp_path):
    proc = run_cli("grade-all", "no_such_ps", tmp_path, "--out", tmp_path / "out", "--engine", FAKE)
    assert proc.returncode == 2 and "unknown assignment" in proc.stderr
    proc = run_cli("grade-all", PS, tmp_path / "nothing_here", "--out", tmp_path / "out", "--engine", FAKE)
    assert proc.returncode == 2 and "not a folder of submissions nor a zip" in proc.stderr
