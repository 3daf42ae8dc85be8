"""After grading: LMS gradebook files (canvas.csv, moodle.csv, tests.csv) joined on a roster, the
class report page, overrides and late penalties, bad input, and the self-contained feedback page.

The class graded for real is test_batch's shared batch (catalog notebooks); the rest is graded by
the stand-in grading function (tests/batch_fakes.py), which takes a second.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from autograder.batch import grade_all
from tests.browser_cdp import Chromium, SiteServer, find_chromium
from tests.conftest import run_cli
from tests.test_batch import folder_run  # noqa: F401  (the shared real batch, a session fixture)

PS, FAKE = "ps1", "tests.batch_fakes:grade"


def rows_of(path: Path, key: str) -> dict[str, dict]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("Student") != "Points Possible"]
    assert len({r[key] for r in rows}) == len(rows), f"one row per student in {path.name}"
    return {r[key]: r for r in rows}


def fake_class(tmp_path: Path, members: dict[str, str], **kwargs) -> Path:
    """An LMS zip of stand-in submissions ({file name: "full"/"half"/"raise"}) graded into tmp_path/out."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, behaviour in members.items():
            zf.writestr(name, json.dumps({"fake": behaviour}))
    grade_all(PS, archive, tmp_path / "out", engine=FAKE, progress=False, course=False, timeout=30, **kwargs)
    return tmp_path / "out"


def need_chromium() -> str:
    exe = find_chromium()
    if exe is None:
        if os.environ.get("CONVNETS_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed (make sysdeps)")
        pytest.skip("chromium is not installed")
    return exe


def open_alone(page: Path, tmp_path: Path):
    """The page opened from a folder where nothing else exists; the browser's report."""
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(page, alone / page.name)
    server, browser = SiteServer(alone), Chromium(need_chromium())
    try:
        return browser.check_page(server.url(page.name), budget=25), server.url(page.name)
    finally:
        browser.close()
        server.close()


# ------------------------------------------------------------------------------------------
# A class graded for real
# ------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_exports_of_a_graded_class_parse_back_into_the_scores_of_grades_csv(folder_run, tmp_path):  # noqa: F811
    out = folder_run["out"]
    grades = rows_of(out / "grades.csv", "student_id")
    roster = tmp_path / "roster.csv"
    with open(roster, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "name", "email", "section", "lms_user_id", "sis_user_id", "sis_login_id"])
        for n, sid in enumerate([*sorted(grades), "heidi"]):
            writer.writerow([sid, f"{sid.title()}, Student", f"{sid}@uni.example", "L01", 5000 + n, f"S{n:04d}", sid])
    proc = run_cli("export", out, "--roster", roster, "--to", tmp_path / "exports")
    assert proc.returncode == 0, proc.stderr[-3000:]
    exports = tmp_path / "exports"
    canvas = rows_of(exports / "canvas.csv", "SIS Login ID")
    moodle = rows_of(exports / "moodle.csv", "Email address")
    tests = rows_of(exports / "tests.csv", "student_id")
    with open(exports / "canvas.csv", newline="") as f:
        header, possible = list(csv.reader(f))[:2]
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", PS]
    assert possible[0] == "Points Possible" and possible[-1] == "10"
    assert sorted(canvas) == sorted(tests) == sorted([*grades, "heidi"])
    for sid, row in grades.items():
        assert canvas[sid][PS] == moodle[f"{sid}@uni.example"][PS] == tests[sid]["score"] == row["score"], sid
        assert canvas[sid]["Student"] == f"{sid.title()}, Student" and canvas[sid]["Section"] == "L01"
        assert tests[sid]["status"] == row["status"] and tests[sid]["graded_score"] == row["score"]
        for gid in (k for k in row if k.startswith("task1_") and "_test_" in k):
            assert tests[sid][gid] == row[gid], (sid, gid)
        for task in ("task1_1_conv_output_size", "task1_2_im2col", "task1_3_col2im"):      # per-task totals
            assert float(tests[sid][task]) == sum(float(v) for k, v in row.items() if k.startswith(task + "_"))
    # A roster student with no submission is exported, as missing with 0, and named in the notes.
    assert canvas["heidi"][PS] == "0" and tests["heidi"]["status"] == "missing"
    assert "on the roster, no submission graded: heidi" in (exports / "notes.txt").read_text()
    assert not (out / "exports").exists()       # nothing written into the shared batch's folder


# ------------------------------------------------------------------------------------------
# Overrides, lateness, the class report (stand-in grading)
# ------------------------------------------------------------------------------------------

def test_overrides_and_a_late_penalty_apply_in_the_exports_and_say_so(tmp_path):
    out = fake_class(tmp_path, {                       # Blackboard's names: the attempt's time
        "PS1_ann_attempt_2024-01-30-10-00-00_ps1_im2col.ipynb": "full",
        "PS1_ben_attempt_2024-02-01-12-00-00_ps1_im2col.ipynb": "full",     # 12 h late: 1 day
        "PS1_cat_attempt_2024-02-03-00-30-00_ps1_im2col.ipynb": "full",     # 2 days 31 min: 3 days
        "PS1_dan_attempt_2024-01-31-23-00-00_ps1_im2col.ipynb": "half",
    })
    (out / "overrides.csv").write_text(
        "student_id,grade_id,points,reason\n"
        "dan,task1_2_im2col_test_random,2,a float32 rounding in the test itself: full marks (TA kim)\n"
        "dan,task1_3_col2im,3,regraded by hand (TA kim)\n")
    before = (out / "grades.csv").read_bytes()
    proc = run_cli("export", out, "--due", "2024-01-31T23:59:59Z", "--late-penalty", "10%/day")
    assert proc.returncode == 0, proc.stderr
    canvas = rows_of(out / "exports" / "canvas.csv", "Student")
    assert {s: r[PS] for s, r in canvas.items()} == {"ann": "10", "ben": "9", "cat": "7", "dan": "7.5"}
    tests = rows_of(out / "exports" / "tests.csv", "student_id")
    assert [tests[s]["days_late"] for s in ("ann", "ben", "cat", "dan")] == ["0", "1", "3", "0"]
    assert tests["cat"]["late"] == "yes" and tests["cat"]["late_penalty"] == "3 days late, 10%/day: -30%"
    assert tests["dan"]["task1_2_im2col_test_random"] == "2" and tests["dan"]["task1_3_col2im"] == "3"
    assert tests["dan"]["graded_score"] == "5" and "regraded by hand" in tests["dan"]["overrides"]
    assert (out / "grades.csv").read_bytes() == before           # the exports only, never grades.csv
    notes = (out / "exports" / "notes.txt").read_text()
    assert "Overrides: 2 applied" in notes and "Late penalty: 10%/day" in notes
    page = (out / "exports" / "class_report.html").read_text()
    assert "a float32 rounding" in page and "Late (2)" in page and "3 days late" in page
    # A once-off penalty with Canvas's own _LATE mark (no time needed); a per-day one cannot apply.
    out2 = fake_class(tmp_path / "canvas", {"eve_LATE_7_8_ps1_im2col.ipynb": "full",
                                            "fay_9_10_ps1_im2col.ipynb": "full"})
    assert run_cli("export", out2, "--late-penalty", "0.25").returncode == 0
    assert {s: r[PS] for s, r in rows_of(out2 / "exports" / "canvas.csv", "Student").items()} == \
        {"eve": "7.5", "fay": "10"}
    proc = run_cli("export", out2, "--late-penalty", "10%/day")
    assert proc.returncode == 1 and "eve: late, but by how many days is unknown" in proc.stderr
    assert rows_of(out2 / "exports" / "canvas.csv", "Student")["eve"][PS] == "10"


def test_a_moodle_class_joins_its_roster_by_the_participant_id(tmp_path):
    """Moodle's download names students by full name; the roster by login: the participant id
    in the names joins them, and moodle.csv carries the identifiers Moodle maps on."""
    out = fake_class(tmp_path, {"Jane Doe_4711_assignsubmission_file_/ps1_im2col.ipynb": "half",
                                "Li Wei_4712_assignsubmission_file_ps1_im2col.ipynb": "full"})
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email,id_number,lms_user_id\n"
                      "jdoe,Jane Doe,jane@uni.example,S1,4711\nlwei,Li Wei,li@uni.example,S2,4712\n")
    proc = run_cli("export", out, "--roster", roster)
    assert proc.returncode == 0, proc.stderr
    moodle = rows_of(out / "exports" / "moodle.csv", "Email address")
    assert {e: (r["ID number"], r["ps1"]) for e, r in moodle.items()} == \
        {"jane@uni.example": ("S1", "5"), "li@uni.example": ("S2", "10")}
    assert "roster jdoe matched graded Jane_Doe by LMS user id 4711" in (out / "exports" / "notes.txt").read_text()


@pytest.mark.browser
def test_class_report_opens_offline_in_chromium_and_shows_the_histogram(tmp_path):
    out = fake_class(tmp_path, {"amy_1_2_ps1_im2col.ipynb": "full", "bo_3_4_ps1_im2col.ipynb": "half",
                                "cy_5_6_ps1_im2col.ipynb": "raise"})
    proc = run_cli("report", out)
    assert proc.returncode == 0, proc.stderr
    page = out / "exports" / "class_report.html"
    text = page.read_text()
    assert 'id="score-histogram"' in text and "Not graded" in text and "grader bug: boom" in text
    report, url = open_alone(page, tmp_path)
    assert report.load_event and report.probe and not report.console_errors, report.console_errors
    assert report.probe["images"] == 2 and report.probe["brokenImages"] == []      # histogram, pass rates
    assert [u for u in report.requests if not u.startswith("data:")] == [url]       # nothing but the page
    assert "Tests, hardest first" in report.probe["text"]


@pytest.mark.browser
def test_feedback_page_is_one_file_that_typesets_math_with_no_request(tmp_path):
    out = fake_class(tmp_path, {"amy_1_2_ps1_im2col.ipynb": "half"})
    page = out / "feedback" / "amy.html"
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["amy.html"]      # no _static/ beside it
    text = page.read_text()
    summary = text[text.index('<p class="summary">'):]
    summary = summary[:summary.index("</p>")]
    assert "5 / 10" in summary and "0 of 7 tests passed" in summary and "task1_" not in summary   # a sentence
    report, url = open_alone(page, tmp_path)
    assert report.probe and report.probe["mathjax"] == "ok", (report.probe, report.console_errors)
    assert report.probe["mjxContainers"] > 5 and not report.probe["mathErrors"] and not report.probe["undefinedMacros"]
    assert report.requests == [url] and not report.console_errors and not report.failed_requests


# ------------------------------------------------------------------------------------------
# Bad input: a message naming the row, every other row exported
# ------------------------------------------------------------------------------------------

def test_bad_rows_are_named_and_every_other_row_is_exported(tmp_path):
    out = fake_class(tmp_path, {"amy_1_2_ps1_im2col.ipynb": "full", "bo_3_4_ps1_im2col.ipynb": "half",
                                "cy_5_6_ps1_im2col.ipynb": "full", "di_7_8_ps1_im2col.ipynb": "full"})
    lines = (out / "grades.csv").read_text().splitlines()
    lines[4] = lines[4].replace("di,graded,10,10,1,", "di,graded,10,10,lots,")          # a hand edit gone wrong
    (out / "grades.csv").write_text("\n".join(lines) + "\n")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,nickname,email\n"
                      "amy,Amy,A,amy@x.example\n"
                      "bo,Bo,B,bo@x.example\n"
                      "amy,Amy Again,,amy2@x.example\n"
                      "cy z,Cy,,cy@x.example\n"
                      "eve,=HYPERLINK(\"http://x\"),,eve@x.example\n"
                      "flo,Flo,,flo@x.example\n")
    overrides = tmp_path / "fixes.csv"
    overrides.write_text("student_id,grade_id,points,reason\n"
                         "bo,task1_2_im2col_test_random,5,too many points\n"
                         "bo,task2_1_conv_forward,1,another assignment's task\n"
                         "bo,task1_3_col2im,2,\n"
                         "bo,task1_1_conv_output_size,2,fine\n")
    proc = run_cli("export", out, "--roster", roster, "--overrides", overrides)
    assert proc.returncode == 1
    for named in ("grades.csv line 5: task1_1_conv_output_size_test_examples's points 'lots' is not a number",
                  "roster.csv: unknown columns 'nickname'", "roster.csv line 4: student id 'amy' again",
                  "roster.csv line 5: student id 'cy z' has characters", "roster.csv line 6 (eve): name",
                  "fixes.csv line 2: points '5' for task1_2_im2col_test_random must be a number in 0..2",
                  "fixes.csv line 3: 'task2_1_conv_forward' is neither a test nor a task of ps1",
                  "fixes.csv line 4: no reason given"):
        assert named in proc.stderr, named
    canvas = rows_of(out / "exports" / "canvas.csv", "Student")
    # amy and bo as on the roster; flo missing; cy graded but not (usably) on the roster; di's row is unusable.
    assert {s: r[PS] for s, r in canvas.items()} == {"Amy": "10", "Bo": "6", "Flo": "0", "cy": "10"}
    assert "graded, not on the roster: cy" in (out / "exports" / "notes.txt").read_text()
    # A roster saved by a spreadsheet in its own code page: refused whole, saying how to save it.
    roster.write_bytes("student_id,name\namy,Amy\nzoe,Zo\u00eb\n".encode("cp1252"))
    proc = run_cli("export", out, "--roster", roster, "--to", tmp_path / "again")
    assert proc.returncode == 2 and "line 3 is not UTF-8 text (save the file as CSV UTF-8)" in proc.stderr


def test_a_folder_of_another_assignment_is_refused(tmp_path):
    out = fake_class(tmp_path, {"amy_1_2_ps1_im2col.ipynb": "full"})
    proc = run_cli("export", out, "--assignment", "ps2")
    assert proc.returncode == 2 and "holds the grades of ps1, not of ps2" in proc.stderr
    report = json.loads((out / "report.json").read_text())
    report["assignment"] = "ps2"                       # ps1's grades under ps2's name
    (out / "report.json").write_text(json.dumps(report))
    proc = run_cli("export", out)
    assert proc.returncode == 2 and "does not have the tests of ps2" in proc.stderr
    assert not (out / "exports").exists()
    proc = run_cli("export", tmp_path / "nowhere")
    assert proc.returncode == 2 and "no grades.csv" in proc.stderr
