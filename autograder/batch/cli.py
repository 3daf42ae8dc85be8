"""The ``grade-all`` subcommand's arguments and its summary on stdout."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_grade_all_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("assignment", help="ps1, ps2, ...")
    p.add_argument("submissions", type=Path,
                   help="a folder (<student>/<notebook>.ipynb, or LMS-named files) or an LMS download zip")
    p.add_argument("--out", type=Path, required=True,
                   help="output folder: grades.csv, report.json, feedback/, course/, results/ (the cache)")
    p.add_argument("--workers", type=int, default=None, help="notebooks graded at once (default: the cores available)")
    p.add_argument("--show-hidden-source", action="store_true",
                   help="show the hidden tests' source in the feedback (default: names, points, messages only)")
    p.add_argument("--name-regexp", default=None,
                   help="regexp with a (?P<student_id>...) group (optional file_id, timestamp) matched against "
                        "LMS file names (default: login_userid_submissionid_filename, as in "
                        "alice_12345_67890_ps1_im2col.ipynb)")
    p.add_argument("--roster", type=Path, default=None,
                   help="CSV with a student_id column: students without a submission get a 'missing' row")
    p.add_argument("--timeout", type=float, default=None, help="seconds for one notebook (default 900)")
    p.add_argument("--engine", default="isolated",
                   help="isolated (the default: student code sandboxed) or nbgrader (student code and tests in "
                        "one kernel: only for notebooks you trust)")
    p.add_argument("--no-course", action="store_true", help="do not write the nbgrader course folder")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def run_grade_all(args) -> int:
    from .run import DEFAULT_TIMEOUT, grade_all  # noqa: PLC0415

    if args.workers is not None and args.workers < 1:
        raise SystemExit("--workers must be at least 1")
    try:
        run = grade_all(args.assignment, args.submissions, args.out, workers=args.workers,
                        engine=args.engine, show_hidden_source=args.show_hidden_source,
                        name_regexp=args.name_regexp, roster=args.roster,
                        timeout=args.timeout or DEFAULT_TIMEOUT, progress=not args.no_progress,
                        course=not args.no_course)
    except KeyboardInterrupt:
        print("interrupted: the grades finished so far are kept; run the same command again to go on")
        return 130
    counts = ", ".join(f"{n} {s}" for s, n in sorted(run["statuses"].items()))
    print(f"{run['assignment']}: {run['students']} students ({counts}); graded {len(run['graded_this_run'])} "
          f"now, {len(run['reused'])} unchanged, in {run['timings_s']['total']:.1f} s with {run['grader']}")
    print(f"wrote {args.out / 'grades.csv'}, {args.out / 'report.json'}, {args.out / 'feedback'}/"
          + ("" if args.no_course else f", {args.out / 'course'}/"))
    return 0
