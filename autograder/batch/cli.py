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
    p.add_argument("--workers", type=int, default=None,
                   help="notebooks graded at once by the local cluster (default: the cores available)")
    p.add_argument("--show-hidden-source", action="store_true",
                   help="show the hidden tests' source in the feedback (default: names, points, messages only)")
    p.add_argument("--name-regexp", default=None,
                   help="regexp with a (?P<student_id>...) group (optional file_id, timestamp) matched against "
                        "LMS file names (default: login_userid_submissionid_filename, as in "
                        "alice_12345_67890_ps1_im2col.ipynb)")
    p.add_argument("--roster", type=Path, default=None,
                   help="CSV with a student_id column: students without a submission get a 'missing' row")
    add_time_limit_arguments(p)
    p.add_argument("--scheduler", default=None,
                   help="the address of a Dask scheduler (tcp://HOST:8786) whose workers grade the notebooks "
                        "(default: a local cluster of --workers, started and stopped by grade-all)")
    p.add_argument("--engine", default="isolated",
                   help="isolated (the default: student code sandboxed) or nbgrader (student code and tests in "
                        "one kernel: only for notebooks you trust)")
    p.add_argument("--no-course", action="store_true", help="do not write the nbgrader course folder")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def add_time_limit_arguments(p: argparse.ArgumentParser) -> None:
    """The time limits, the same for `grade` and `grade-all` (isolated/sandbox.py's Limits)."""
    from ..isolated.sandbox import Limits  # noqa: PLC0415

    p.add_argument("--time-limit", type=float, default=Limits.timeout_s,
                   help=f"seconds for the whole notebook (default {Limits.timeout_s:g}): tests not run by then "
                        "score 0, tests already run keep their points")
    p.add_argument("--test-time-limit", type=float, default=Limits.test_timeout_s,
                   help=f"seconds for one test cell (default {Limits.test_timeout_s:g}); a student function "
                        "still running then is not called again")


def time_limits(args) -> dict:
    if args.time_limit <= 0 or args.test_time_limit <= 0:
        raise SystemExit(f"time limits must be positive, got --time-limit {args.time_limit:g} and "
                         f"--test-time-limit {args.test_time_limit:g}")
    return {"timeout_s": args.time_limit, "test_timeout_s": args.test_time_limit}


def run_grade_all(args) -> int:
    from .run import grade_all  # noqa: PLC0415

    if args.workers is not None and args.workers < 1:
        raise SystemExit(f"--workers must be at least 1, got {args.workers}")
    try:
        run = grade_all(args.assignment, args.submissions, args.out, workers=args.workers,
                        engine=args.engine, scheduler=args.scheduler, limits=time_limits(args),
                        show_hidden_source=args.show_hidden_source,
                        name_regexp=args.name_regexp, roster=args.roster, progress=not args.no_progress,
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


def add_regrade_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", type=Path, help="the output folder of an earlier grade-all")
    p.add_argument("students", nargs="+", help="the student ids to grade again")
    p.add_argument("--scheduler", default=None, help="as for grade-all")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def run_regrade(args) -> int:
    """Grade some students of an earlier run again (same submissions, engine and limits) and
    update every output of the folder."""
    import json  # noqa: PLC0415

    from ..errors import GradingError  # noqa: PLC0415
    from .run import ENGINES, grade_all  # noqa: PLC0415

    try:
        run = json.loads((args.out / "report.json").read_text())["run"]
    except (OSError, ValueError, KeyError) as exc:
        raise GradingError(f"{args.out} is not the output folder of a grade-all run ({exc})") from None
    engine = {spec: name for name, spec in ENGINES.items()}.get(run["grader"], run["grader"])
    limits = run.get("time_limits_s") or {}
    done = grade_all(run["assignment"], Path(run["submissions"]), args.out, engine=engine, scheduler=args.scheduler,
                     limits={"timeout_s": limits.get("notebook", 900.0), "test_timeout_s": limits.get("test", 180.0)},
                     show_hidden_source=run.get("show_hidden_source", False), name_regexp=run.get("name_regexp"),
                     roster=Path(run["roster"]) if run.get("roster") else None, progress=not args.no_progress,
                     course=(args.out / "course").is_dir(), regrade=set(args.students))
    rows = {s["student_id"]: s for s in json.loads((args.out / "report.json").read_text())["students"]}
    for sid in args.students:
        print(f"{sid}: {rows[sid]['status']}, {rows[sid]['score']:g} / {rows[sid]['max_score']:g}")
    print(f"graded again: {', '.join(done['graded_this_run'])}; updated {args.out}")
    return 0
