"""Moodle's, Blackboard's and Canvas's download layouts are recognised; what their names say (the
LMS user id, lateness, the attempt's time) reaches grades.csv; a download nobody recognises is an
error, not an empty class. Stand-in grading function: no notebook is really graded here."""
from __future__ import annotations

import csv
import json
import zipfile

import pytest

from autograder.batch import collect as collect_mod
from autograder.batch import grade_all
from autograder.batch.lms import match_name
from autograder.errors import GradingError
from tests.conftest import run_cli

PS, RELEASE, FAKE = "ps1", "ps1_im2col.ipynb", "tests.batch_fakes:grade"
FULL, HALF = json.dumps({"fake": "full"}), json.dumps({"fake": "half"})


def by_id(found) -> dict:
    return {f.student_id: f for f in found}


def test_moodle_download_in_folders_and_flat(tmp_path):
    """Moodle 3.1+: one folder per student and plugin (the default), or flat names; two students
    with the same full name stay two students (told apart by Moodle's participant id)."""
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Jane Doe_1001_assignsubmission_file_/ps1_im2col.ipynb", FULL)
        zf.writestr("Jane Doe_1001_assignsubmission_onlinetext_/onlinetext.html", "<p>hi</p>")
        zf.writestr("Ahmed Ali_1002_assignsubmission_file_/sub/ps1_im2col.ipynb", HALF)
        zf.writestr("Jane Doe_1003_assignsubmission_file_ps1_im2col.ipynb", FULL)     # flat, the other Jane
        zf.writestr("Li Wei_1004_assignsubmission_onlinetext_/onlinetext.html", "<p>no file</p>")
    found, skipped = collect_mod.collect(archive, RELEASE, tmp_path / "work")
    students = by_id(found)
    assert sorted(students) == ["Ahmed_Ali", "Jane_Doe_1001", "Jane_Doe_1003", "Li_Wei"] and skipped == []
    assert students["Jane_Doe_1001"].lms_user_id == "1001" and students["Jane_Doe_1003"].lms_user_id == "1003"
    assert "submitted as 'Jane Doe_1001'" in students["Jane_Doe_1001"].reason
    assert students["Ahmed_Ali"].notebook is not None and students["Ahmed_Ali"].late is None
    assert students["Li_Wei"].notebook is None and "onlinetext.html" in students["Li_Wei"].reason
    # The same download unzipped into a folder: Moodle's folders are students, not folder names.
    folder = tmp_path / "unzipped"
    zipfile.ZipFile(archive).extractall(folder)
    found, _ = collect_mod.collect(folder, RELEASE, tmp_path / "work2")
    assert sorted(by_id(found)) == sorted(students)


def test_blackboard_download_keeps_the_attempt_time_and_takes_the_newest_attempt(tmp_path):
    archive = tmp_path / "gradebook_CS101_PS1_2024-02-01-09-00-00.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("PS1 im2col_alice_attempt_2024-01-30-10-00-00_ps1_im2col.ipynb", HALF)
        zf.writestr("PS1 im2col_alice_attempt_2024-01-30-10-00-00.txt", "Name: Alice (alice)\n")
        zf.writestr("PS1 im2col_alice_attempt_2024-01-31-23-59-00_ps1_im2col.ipynb", FULL)
        zf.writestr("PS1 im2col_bob_attempt_2024-01-29-08-00-00.txt", "Name: Bob (bob)\n")
    found, skipped = collect_mod.collect(archive, RELEASE, tmp_path / "work")
    students = by_id(found)
    assert sorted(students) == ["alice", "bob"] and skipped == []
    alice = students["alice"]
    assert "2024-01-31-23-59-00" in alice.source and alice.submitted_at.isoformat() == "2024-01-31T23:59:00+00:00"
    assert students["bob"].notebook is None and ".txt" in students["bob"].reason


def test_names_of_each_layout():
    canvas = match_name("smithjane_LATE_12345_67890_ps1_im2col.ipynb")
    assert (canvas.layout, canvas.student_id, canvas.user_id, canvas.late) == ("canvas", "smithjane", "12345", True)
    assert match_name("smithjane_12345_67890_ps1_im2col.ipynb").late is False
    moodle = match_name("Jane Doe_77_assignsubmission_file_ps1_1_2_im2col.ipynb")      # not Canvas's
    assert (moodle.layout, moodle.student_id, moodle.file_id) == ("moodle", "Jane Doe", "ps1_1_2_im2col.ipynb")
    board = match_name("dl/PS_1_jdoe_attempt_2024-01-30-10-00-00_ps1_1_2.ipynb")
    assert (board.layout, board.student_id, board.file_id) == ("blackboard", "jdoe", "ps1_1_2.ipynb")
    assert match_name("ps1_im2col.ipynb") is None and match_name("notes.txt") is None


def test_grades_csv_has_the_lms_user_id_lateness_and_attempt_time(tmp_path):
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("alice_LATE_1001_2001_ps1_im2col.ipynb", FULL)
        zf.writestr("bob_1002_2002_ps1_im2col.ipynb", HALF)
    grade_all(PS, archive, tmp_path / "out", engine=FAKE, progress=False, course=False)
    with open(tmp_path / "out" / "grades.csv", newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert {s: (r["lms_user_id"], r["late"], r["score"]) for s, r in rows.items()} == \
        {"alice": ("1001", "yes", "10"), "bob": ("1002", "no", "5")}
    board = tmp_path / "board.zip"
    with zipfile.ZipFile(board, "w") as zf:
        zf.writestr("PS1_carol_attempt_2024-01-30-10-00-00_ps1_im2col.ipynb", FULL)
    grade_all(PS, board, tmp_path / "out2", engine=FAKE, progress=False, course=False)
    report = json.loads((tmp_path / "out2" / "report.json").read_text())
    carol = report["students"][0]
    assert (carol["late"], carol["submitted_at"]) == ("", "2024-01-30T10:00:00+00:00")   # time kept, lateness: --due


def test_a_download_nobody_recognises_is_an_error_not_an_empty_class(tmp_path):
    archive = tmp_path / "unknown.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("alice-ps1.ipynb", FULL)
        zf.writestr("bob-ps1.ipynb", FULL)
    with pytest.raises(GradingError, match=r"no student's submission found: 2 files skipped: .*alice-ps1"):
        collect_mod.collect(archive, RELEASE, tmp_path / "work")
    proc = run_cli("grade-all", PS, archive, "--out", tmp_path / "out", "--engine", FAKE, "--no-progress")
    assert proc.returncode == 2 and "--name-regexp" in proc.stderr and not (tmp_path / "out" / "grades.csv").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(GradingError, match="it is empty"):
        collect_mod.collect(tmp_path / "empty", RELEASE, tmp_path / "work2")
