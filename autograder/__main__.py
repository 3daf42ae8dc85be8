"""Command line: ``python -m autograder {release,grade,grade-all,regrade,export,report,similarity,
student-wheel} ...`` (see --help)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .batch import commands
from .batch.cli import (
    add_grade_all_arguments,
    add_regrade_arguments,
    add_time_limit_arguments,
    run_grade_all,
    run_regrade,
    time_limits,
)
from .course import assignments
from .errors import GradingError


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="regenerate assignments/<ps>/ from solutions/<ps>/")
    p.add_argument("assignment", nargs="*", help="ps1, ps2, ... (default with --all: every one)")
    p.add_argument("--all", action="store_true", help="release every assignment")

    p = sub.add_parser("grade", help="autograde one notebook; exits 0 whatever the score")
    p.add_argument("assignment", help="ps1, ps2, ...")
    p.add_argument("notebook", type=Path)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--engine", choices=("isolated", "nbgrader"), default="isolated",
                   help="isolated (the default): the student's code runs in a sandbox, the tests outside it; "
                        "nbgrader: nbgrader's own kernel, student code and tests together (trusted notebooks only)")
    add_time_limit_arguments(p)

    p = sub.add_parser("grade-all", help="grade a folder or LMS zip of submissions (see autograder/batch/)")
    add_grade_all_arguments(p)

    p = sub.add_parser("regrade", help="grade some students of a grade-all output folder again")
    add_regrade_arguments(p)
    p = sub.add_parser("export", help="a grade-all folder -> canvas.csv, moodle.csv, tests.csv (+ the class report)")
    commands.add_export_arguments(p)
    p = sub.add_parser("report", help="a grade-all folder -> class_report.html (histogram, pass rate per test, ...)")
    commands.add_report_arguments(p)
    p = sub.add_parser("similarity", help="a grade-all folder -> similarity.html: pairs of suspiciously alike answers")
    commands.add_similarity_arguments(p)

    p = sub.add_parser("student-wheel", help="build the wheel of the `convnets` package for students")
    p.add_argument("--out", type=Path, required=True)

    args = parser.parse_args(argv)
    try:
        if args.command == "release":
            from .nbgrader_glue.release import release  # noqa: PLC0415

            targets = assignments() if args.all else args.assignment
            if not targets:
                parser.error("name an assignment or pass --all")
            for ps in targets:
                print(f"released {release(ps)}")
        elif args.command == "grade":
            limits = time_limits(args)
            if args.engine == "nbgrader":
                from .nbgrader_glue.plain import WARNING, grade_plain  # noqa: PLC0415

                print(f"autograder: warning: {WARNING}", file=sys.stderr)
                result = grade_plain(args.assignment, args.notebook, cell_timeout=int(limits["test_timeout_s"]))
            else:
                from .isolated import grade_isolated  # noqa: PLC0415

                result = grade_isolated(args.assignment, args.notebook, limits=limits)
            print(result.to_json() if args.json else result.table())
        elif args.command == "grade-all":
            return run_grade_all(args)
        elif args.command == "regrade":
            return run_regrade(args)
        elif args.command in ("export", "report", "similarity"):
            return {"export": commands.run_export, "report": commands.run_report,
                    "similarity": commands.run_similarity}[args.command](args)
        elif args.command == "student-wheel":
            from .wheel import build_student_wheel  # noqa: PLC0415

            print(f"built {build_student_wheel(args.out)}")
    except GradingError as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
