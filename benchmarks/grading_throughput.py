"""Grading throughput: `python -m autograder grade-all` against plain `nbgrader autograde`.

For each assignment (ps1, ps2, ps3, or those named) builds N submissions from the
catalog (tests/submissions/<ps>/: the reference plus every right and wrong entry, cycled) and
grades the same notebooks, side by side in one run:

* grade-all, from scratch (empty output folder: every notebook graded, feedback pages and the
  nbgrader course folder written), with each --engines value and each --workers value asked for
  (the embedded local Dask cluster), and with --scheduler-workers K: a `dask scheduler` and K
  single-threaded `dask worker` processes on 127.0.0.1, started with Dask's own commands as an
  instructor would on several machines (`grade-all --scheduler`);
* nbgrader's own CLI on a course folder holding the same submissions: `nbgrader
  generate_assignment` then `nbgrader autograde` (one process, one notebook after the other, the
  same kernel settings as our grader).

Prints submissions per minute and the ratio of wall times (grade-all / nbgrader). Temporary
folders only; JSON results in benchmarks/out/grading_throughput.json. Not run by the tests.
Run: `.venv/bin/python -m benchmarks.grading_throughput [--n 12] [--workers 1,0] [--repeats 1]
[--engines isolated,nbgrader] [--scheduler-workers 2] [--assignments ps1,ps2,ps3]`
(--workers 0 means the default: every core available).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.course import assignments, source_notebook
from autograder.nbgrader_glue.tempcourse import KERNEL_SETUP, prepare_process
from benchmarks.common import machine_info, print_table
from tests.catalog import build_submission, entries

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "benchmarks" / "out"
KERNEL_ARGUMENTS = [f"--InteractiveShellApp.exec_lines={[KERNEL_SETUP]!r}", "--IPKernelApp.log_level=ERROR"]


def make_submissions(ps: str, n: int, folder: Path) -> None:
    variants = [{}] + [e.cells for e in entries(ps)]
    for i in range(n):
        (folder / f"s{i:03d}").mkdir(parents=True)
        build_submission(ps, variants[i % len(variants)], folder / f"s{i:03d}" / source_notebook(ps).name)


def time_grade_all(ps: str, subs: Path, work: Path, workers: int, engine: str, scheduler: str | None = None) -> dict:
    out = work / f"grade-all-{engine}-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "autograder", "grade-all", ps, str(subs), "--out", str(out), "--no-progress",
           "--engine", engine]
    cmd += ["--scheduler", scheduler] if scheduler else (["--workers", str(workers)] if workers else [])
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    run = json.loads((out / "report.json").read_text())["run"]
    return {"wall_s": wall, "grading_s": run["timings_s"]["grading"], "workers": run["workers"],
            "grader": run["grader"], "scores": _scores(out / "grades.csv")}


def _scores(csv_path: Path) -> dict:
    import csv  # noqa: PLC0415

    with open(csv_path, newline="") as f:
        return {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}


def time_nbgrader(ps: str, subs: Path, work: Path) -> dict:
    course = work / "nbgrader-course"
    shutil.rmtree(course, ignore_errors=True)
    shutil.copytree(source_notebook(ps).parent, course / "source" / ps)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'convnets'\n"
        "c.Execute.timeout = 300\n"
        f"c.Execute.extra_arguments = {KERNEL_ARGUMENTS!r}\n")
    for student in sorted(p.name for p in subs.iterdir()):
        dest = course / "submitted" / student / ps
        dest.mkdir(parents=True)
        shutil.copyfile(subs / student / source_notebook(ps).name, dest / source_notebook(ps).name)
    nbgrader = str(BIN / "nbgrader")
    prepare_process()              # nbgrader runs `alembic` from PATH: the venv's bin on it, as activated
    t0 = time.perf_counter()
    subprocess.run([nbgrader, "generate_assignment", ps], cwd=course, check=True, capture_output=True)
    t1 = time.perf_counter()
    subprocess.run([nbgrader, "autograde", ps], cwd=course, check=True, capture_output=True)
    t2 = time.perf_counter()
    export = course / "export.csv"
    subprocess.run([nbgrader, "export", f"--to={export}"], cwd=course, check=True, capture_output=True)
    return {"wall_s": t2 - t0, "generate_s": t1 - t0, "autograde_s": t2 - t1, "scores": _scores(export)}


class LoopbackCluster:
    """A `dask scheduler` and K single-threaded `dask worker` processes on 127.0.0.1."""

    def __init__(self, folder: Path, k: int):
        self.file = folder / "scheduler.json"
        log = open(folder / "cluster.log", "ab")
        self.procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                        "--no-dashboard", "--scheduler-file", str(self.file)],
                                       stdout=log, stderr=log, start_new_session=True)]
        deadline = time.monotonic() + 60
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.address = json.loads(self.file.read_text())["address"]
        self.procs += [subprocess.Popen([str(BIN / "dask"), "worker", self.address, "--nworkers", "1", "--nthreads",
                                         "1", "--no-dashboard", "--preload", "autograder.batch.worker"],
                                        stdout=log, stderr=log, start_new_session=True, cwd=ROOT) for _ in range(k)]
        from distributed import Client  # noqa: PLC0415

        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(k, timeout=120)

    def close(self) -> None:
        for proc in reversed(self.procs):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def bench(ps: str, n: int, workers_list: list[int], repeats: int, engines: list[str],
          scheduler_workers: int = 0) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix=f"grading-bench-{ps}-"))
    try:
        subs = work / "subs"
        make_submissions(ps, n, subs)
        samples: dict[str, list[dict]] = {}
        for _ in range(repeats):                       # the sides alternate, in one run
            samples.setdefault("nbgrader", []).append(time_nbgrader(ps, subs, work))
            for engine in engines:
                for w in workers_list:
                    side = f"grade-all {engine}, local cluster, {w or 'all'} worker{'' if w == 1 else 's'}"
                    samples.setdefault(side, []).append(time_grade_all(ps, subs, work, w, engine))
            if scheduler_workers:
                cluster = LoopbackCluster(work, scheduler_workers)
                try:
                    side = f"grade-all isolated, dask scheduler on 127.0.0.1, {scheduler_workers} workers"
                    samples.setdefault(side, []).append(
                        time_grade_all(ps, subs, work, scheduler_workers, "isolated", cluster.address))
                finally:
                    cluster.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = statistics.median(s["wall_s"] for s in samples["nbgrader"])
    rows = []
    for name, runs in samples.items():
        wall = statistics.median(r["wall_s"] for r in runs)
        row = {"assignment": ps, "side": name, "n": n, "wall_s": round(wall, 2),
               "per_minute": round(60 * n / wall, 1), "ratio_vs_nbgrader": round(wall / base, 2),
               "grader": runs[0].get("grader", "nbgrader autograde"),
               "workers": runs[0].get("workers", 1)}
        if name == "nbgrader":
            row["autograde_only_s"] = round(statistics.median(r["autograde_s"] for r in runs), 2)
        else:
            row["grading_phase_s"] = round(statistics.median(r["grading_s"] for r in runs), 2)
            mine, theirs = runs[0]["scores"], samples["nbgrader"][0]["scores"]
            row["same_scores_as_nbgrader"] = mine == theirs
            if mine != theirs:       # say which, so that a disagreement can be looked into
                row["differences"] = {k: (mine.get(k), theirs.get(k)) for k in sorted(set(mine) | set(theirs))
                                      if mine.get(k) != theirs.get(k)}
                print(f"{ps} {name}: scores differ from nbgrader's (mine, nbgrader's): {row['differences']}")
        rows.append(row)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=12, help="submissions per assignment (default 12)")
    parser.add_argument("--workers", default="1,0", help="grade-all --workers values; 0: the default")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--engines", default="isolated",
                        help="comma-separated grade-all --engine values (default: isolated)")
    parser.add_argument("--scheduler-workers", type=int, default=0,
                        help="also grade on a dask scheduler and this many workers on 127.0.0.1")
    parser.add_argument("--assignments", default=None, help="comma-separated (default: all)")
    args = parser.parse_args(argv)
    targets = args.assignments.split(",") if args.assignments else assignments()
    workers = [int(w) for w in args.workers.split(",")]
    print(f"Machine: {machine_info()}")
    rows = []
    for ps in targets:
        rows += bench(ps, args.n, workers, args.repeats, args.engines.split(","), args.scheduler_workers)
    print_table("Grading throughput (wall time, from an empty output folder)",
                [(r["assignment"], r["side"], r["grader"], r["workers"], r["n"], f"{r['wall_s']:.1f} s",
                  f"{r['per_minute']:.1f}", f"{r['ratio_vs_nbgrader']:.2f}x",
                  r.get("same_scores_as_nbgrader", "")) for r in rows],
                ("ps", "side", "grading function", "workers", "notebooks", "wall", "per minute",
                 "wall / nbgrader", "same scores"))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "grading_throughput.json").write_text(json.dumps({"machine": machine_info(), "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
