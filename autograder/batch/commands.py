"""The commands that work on a grade-all output folder after grading: export, report, similarity.

Exit codes: 0 done; 1 done, but some input rows were left out or a rule could not apply (each one
named on stderr and in the files); 2 nothing written (the folder, roster or an option is unusable).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .gradesheet import atomic_write


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", type=Path, help="a grade-all output folder (--out of grade-all)")
    p.add_argument("--assignment", default=None,
                   help="check that the folder holds this assignment's grades (default: as report.json says)")
    p.add_argument("--overrides", type=Path, default=None,
                   help="CSV student_id,grade_id,points,reason: scores changed by hand (default: "
                        "FOLDER/overrides.csv when present); grade_id is a test's or a task's")
    p.add_argument("--due", default=None,
                   help="due time, ISO 8601 with its time zone (2024-01-31T23:59+01:00): a submission whose "
                        "LMS file name holds a later attempt time is late (Canvas's _LATE mark counts without "
                        "it). Blackboard's names hold no zone and are read as UTC: give its server's clock with Z")
    p.add_argument("--late-penalty", default=None,
                   help="taken off late submissions in the exports only: 10%% (or 0.1) once, or 10%%/day per "
                        "day or part of a day late (needs attempt times and --due)")


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--roster", type=Path, default=None,
                   help="CSV with student_id and optionally name, email, section, lms_user_id, sis_user_id, "
                        "sis_login_id, username, id_number: every roster student gets a row")
    p.add_argument("--column", default=None,
                   help="the grade column's name (default: the assignment id); to fill an existing Canvas "
                        "assignment, its header in Canvas's gradebook export, e.g. 'PS1 (123456)'")
    p.add_argument("--to", type=Path, default=None,
                   help="output folder (default: FOLDER/exports): the three CSV files, notes.txt, class_report.html")
    p.add_argument("--no-report", action="store_true", help="do not write class_report.html")


def add_report_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--out", type=Path, default=None, help="the page (default: FOLDER/exports/class_report.html)")


def add_similarity_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", type=Path, help="a grade-all output folder (--out of grade-all)")
    p.add_argument("--threshold", type=float, default=0.6,
                   help="share of each student's own code (beyond the template) found in the other's for a pair "
                        "to be listed (default 0.6)")
    p.add_argument("--min-shared", type=int, default=100,
                   help="characters of shared code (copydetect's filtered code) a listed pair needs at least "
                        "(default 100)")
    p.add_argument("--submissions", type=Path, default=None,
                   help="where the notebooks are (default: FOLDER/course/submitted, else the SUBMISSIONS "
                        "grade-all was given)")
    p.add_argument("--name-regexp", default=None, help="as for grade-all, when collecting --submissions again")
    p.add_argument("--out", type=Path, default=None, help="the page (default: FOLDER/similarity.html)")


def _problems(problems: list[str]) -> int:
    for problem in problems:
        print(f"autograder: {problem}", file=sys.stderr)
    return 1 if problems else 0


def run_export(args) -> int:
    from .exports import build, write  # noqa: PLC0415

    export = build(args.folder, assignment=args.assignment, roster=args.roster, overrides=args.overrides,
                   due=args.due, late_penalty=args.late_penalty, column=args.column)
    to = args.to or args.folder / "exports"
    files = write(export, to)
    if not args.no_report:
        from .report import render  # noqa: PLC0415

        atomic_write(to / "class_report.html", render(export))
        files.append(to / "class_report.html")
    missing = sum(1 for r in export.rows if r.final.student.status == "missing")
    print(f"{export.run.assignment}: exported {len(export.rows)} students ({missing} missing, "
          f"{export.overrides_applied} overrides applied"
          + (f", late penalty {export.penalty}" if export.penalty else "") + ")")
    print("wrote " + ", ".join(str(f) for f in files))
    return _problems(export.problems)


def run_report(args) -> int:
    from .exports import build  # noqa: PLC0415
    from .report import render  # noqa: PLC0415

    export = build(args.folder, assignment=args.assignment, overrides=args.overrides, due=args.due,
                   late_penalty=args.late_penalty)
    out = args.out or args.folder / "exports" / "class_report.html"
    atomic_write(out, render(export))
    print(f"wrote {out}")
    return _problems(export.problems)


def run_similarity(args) -> int:
    from .classrun import load  # noqa: PLC0415
    from .similarity import render, similarity  # noqa: PLC0415

    ps = load(args.folder).assignment
    result = similarity(args.folder, ps, submissions=args.submissions, name_regexp=args.name_regexp,
                        threshold=args.threshold, min_shared=args.min_shared)
    out = args.out or args.folder / "similarity.html"
    atomic_write(out, render(result))
    print(f"{ps}: compared {len(result.compared)} students; {len(result.flagged)} pairs flagged "
          f"(threshold {args.threshold:g}); wrote {out}")
    for pair in result.flagged:
        print(f"  {pair.a} ~ {pair.b}: {pair.similarity[0]:.0%} / {pair.similarity[1]:.0%}")
    return 0
