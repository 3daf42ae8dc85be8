"""Grade a whole class: ``python -m autograder grade-all PS SUBMISSIONS --out DIR``.

SUBMISSIONS is a folder (one sub-folder per student, or LMS-named files) or an LMS download zip
(see collect.py). DIR receives:

* ``results/<student>.json``  the cached result of each student (cache.py), written as soon as it is
  graded: the record. A re-run grades only what is new or changed;
* ``grades.csv``  one row per student, rewritten as each notebook finishes, and ``report.json``;
* ``feedback/<student>.html``  one page per student (feedback.py);
* ``course/``  an nbgrader course folder with the same grades in its gradebook
  (nbgrader_glue/course_folder.py).

The notebooks are graded on Dask distributed (cluster.py): an embedded local cluster by default,
or a real one with ``--scheduler``. The engine is the isolated one unless the instructor asks for
nbgrader's (ENGINES below); its time limits are the same as ``grade``'s (isolated/sandbox.py's
Limits: one per test cell, one per notebook).
"""
from __future__ import annotations

import fcntl
import os
import shutil
import sys
import time
from pathlib import Path

from ..course import ROOT, expected_tests, source_notebook
from ..errors import GradingError
from ..isolated.sandbox import Limits
from ..result import GradingResult
from . import cache
from .cluster import dask_client, run_jobs, worker_threads
from .collect import collect
from .gradesheet import remove_stale_temps, write_grades, write_outputs
from .process import Outcome, resolve

# The engines, by their command-line names. Isolated is the default; there is no fallback.
ENGINES = {"isolated": "autograder.isolated:grade_isolated",
           "nbgrader": "autograder.nbgrader_glue.plain:grade_plain"}
HARD_MARGIN_S = 60.0      # the grading process's own limit: the notebook's, plus start-up and the grader's work


def grader_spec(engine: str | None = None) -> str:
    """'isolated' (the default), 'nbgrader', or 'module:function' (a grading function of your own,
    for tests) -> the spec of the function to use."""
    spec = ENGINES.get(engine or "isolated", engine)
    if ":" not in spec:
        raise GradingError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)} (or module:function)")
    try:
        resolve(spec)
    except Exception as exc:
        raise GradingError(f"grading function {spec!r} cannot be loaded: {exc}") from exc
    return spec


def engine_options(spec: str, limits: Limits) -> dict:
    """What the engine is told about the time limits (a function of your own is told nothing)."""
    if spec == ENGINES["isolated"]:
        return {"limits": {"timeout_s": limits.timeout_s, "test_timeout_s": limits.test_timeout_s}}
    if spec == ENGINES["nbgrader"]:
        return {"cell_timeout": int(limits.test_timeout_s)}
    return {}


def default_workers() -> int:
    return len(os.sched_getaffinity(0))


def _lock(out: Path):
    handle = open(out / ".lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise GradingError(f"another grade-all is writing to {out}") from None
    return handle


def grade_all(ps: str, submissions: Path, out: Path, *, workers: int | None = None, engine: str | None = None,
              scheduler: str | None = None, limits=None, timeout: float | None = None,
              show_hidden_source: bool = False, name_regexp: str | None = None, roster: Path | None = None,
              progress: bool = True, course: bool = True, regrade: set[str] | None = None) -> dict:
    """Grade every submission of ``ps`` in ``submissions``; write DIR's files; return the run's
    metadata (also in report.json). ``limits``: isolated/sandbox.py's Limits (or a dict of them);
    ``timeout``: the grading process's own limit per notebook (default: the notebook's limit + 60 s);
    ``regrade``: students graded again even when their cached result is current."""
    from tqdm import tqdm  # noqa: PLC0415

    t0, started = time.perf_counter(), cache.now()
    limits = Limits.make(limits)
    timeout = timeout or limits.timeout_s + HARD_MARGIN_S
    timings = {}
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    lock = _lock(out)
    try:
        spec = grader_spec(engine)
        fp = cache.fingerprint(ps, spec, engine_options(spec, limits))
        release_name = source_notebook(ps).name
        work = out / ".work"
        shutil.rmtree(work, ignore_errors=True)
        found, skipped = collect(Path(submissions), release_name, work / "extracted", name_regexp, roster)
        by_id = {f.student_id: f for f in found}
        unknown = set(regrade or ()) - set(by_id)
        if unknown:
            raise GradingError(f"no submission of {', '.join(sorted(unknown))} in {submissions}")
        timings["collect"] = time.perf_counter() - t0
        results_dir = out / "results"
        results_dir.mkdir(exist_ok=True)
        remove_stale_temps(results_dir)
        grade_ids = [gid for gid, _ in expected_tests(ps)]

        rows: dict[str, dict] = {}
        shas: dict[str, str] = {}
        jobs = []
        for f in found:
            if f.notebook is None:
                rows[f.student_id] = {"result": GradingResult.zero(ps, expected_tests(ps), "missing", f.reason)}
                continue
            data = f.notebook.read_bytes()
            shas[f.student_id] = cache.sha256_bytes(data)
            cached = cache.load(results_dir / f"{f.student_id}.json", ps)
            if (cached and cached.get("sha256") == shas[f.student_id] and f.student_id not in (regrade or ())
                    and cached.get("fingerprint") == fp["fingerprint"] and not cached.get("retry")):
                rows[f.student_id] = cached
            else:
                jobs.append((f.student_id, f.notebook.name, data))
        for f in skipped:
            print(f"grade-all: skipped {f}", file=sys.stderr)

        def ordered() -> list[dict]:
            """The rows known so far, one per student, in student order."""
            return [{**rows[f.student_id], "student_id": f.student_id, "status": rows[f.student_id]["result"].status,
                     "note": f.reason if f.notebook is not None else "", "source": f.source,
                     "sha256": shas.get(f.student_id), "lms_user_id": f.lms_user_id, "late": f.late,
                     "submitted_at": f.submitted_at} for f in found if f.student_id in rows]

        to_grade = sum(1 for f in found if f.notebook is not None)
        bar = tqdm(total=to_grade, initial=to_grade - len(jobs), desc=f"grading {ps}", unit="nb",
                   file=sys.stderr, disable=not progress, dynamic_ncols=True)

        def on_done(sid: str, outcome: Outcome) -> None:
            result, retry, trace = cache.to_result(ps, outcome)
            entry = cache.store(results_dir / f"{sid}.json", sid, shas[sid], fp, spec, outcome, result, retry, trace)
            rows[sid] = {**entry, "graded_this_run": True}
            write_grades(out, ordered(), grade_ids)          # an instructor can look while the rest is graded
            bar.update(1)

        def show(running: dict) -> None:
            longest = sorted(running.items(), key=lambda kv: -kv[1])[:4]
            bar.set_postfix_str(", ".join(f"{sid} {s:.0f}s" for sid, s in longest) +
                                (f" (+{len(running) - 4})" if len(running) > 4 else ""), refresh=True)

        t1 = time.perf_counter()
        workers = workers or default_workers()
        try:
            if jobs:
                with dask_client(scheduler, workers) as client:
                    workers = worker_threads(client) if scheduler else workers
                    run_jobs(client, [(sid, shas[sid], name, data) for sid, name, data in jobs],
                             spec, ps, engine_options(spec, limits), timeout, on_done, show)
        finally:
            bar.close()
        timings["grading"] = time.perf_counter() - t1

        rows_now = ordered()
        t2 = time.perf_counter()
        from .feedback import write_feedback  # noqa: PLC0415

        write_feedback(out / "feedback", ps, rows_now, by_id, show_hidden_source)
        timings["feedback"] = time.perf_counter() - t2
        if course:
            t3 = time.perf_counter()
            from ..nbgrader_glue.course_folder import build_course  # noqa: PLC0415

            build_course(out / "course", ps, rows_now, by_id, show_hidden_source)
            timings["course"] = time.perf_counter() - t3
        statuses: dict[str, int] = {}
        for r in rows_now:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        graded_now = sorted(sid for sid, _, _ in jobs)
        run = {"assignment": ps, "started": started, "finished": cache.now(), "workers": workers,
               "scheduler": scheduler or "embedded", "grader": spec, "grader_version": fp["grader_code_sha256"][:12],
               **fp, "solution_notebook": str(source_notebook(ps).relative_to(ROOT)),
               "submissions": str(Path(submissions).resolve()), "name_regexp": name_regexp,
               "roster": str(Path(roster).resolve()) if roster else None, "students": len(rows_now),
               "statuses": statuses, "graded_this_run": graded_now,
               "reused": sorted(sid for sid in shas if sid not in graded_now),
               "skipped_files": skipped, "show_hidden_source": show_hidden_source,
               "time_limits_s": {"notebook": limits.timeout_s, "test": limits.test_timeout_s}, "timings_s": None}
        timings["total"] = time.perf_counter() - t0
        run["timings_s"] = {k: round(v, 3) for k, v in timings.items()}
        write_outputs(out, rows_now, grade_ids, run)
        shutil.rmtree(work, ignore_errors=True)
        return run
    finally:
        lock.close()
