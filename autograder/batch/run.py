"""Grade a whole class: ``python -m autograder grade-all PS SUBMISSIONS --out DIR``.

SUBMISSIONS is a folder (one sub-folder per student, or LMS-named files) or an LMS download zip
(see collect.py). DIR receives:

* ``results/<student>.json``  the cached result of each student, written atomically as soon as it
  is graded, keyed by the sha256 of the notebook's bytes and the grader's fingerprint (solution
  notebook + grading code + grading function). A re-run grades only what is new or changed (and
  retries grader failures); a killed run loses at most the notebooks being graded at that moment;
* ``grades.csv`` and ``report.json``  rebuilt from those results at the end of every run;
* ``feedback/<student>.html``  one page per student (feedback.py);
* ``course/``  an nbgrader course folder with the same grades in its gradebook
  (nbgrader_glue/course_folder.py).

Each notebook is graded in its own process (pool.py) by the engine's grading function
``fn(ps, notebook_path) -> GradingResult``: the isolated engine unless the instructor asks for
nbgrader's (ENGINES below).
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib
import json
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from ..course import ROOT, expected_tests, source_notebook
from ..errors import GradingError
from ..result import GradingResult
from .collect import collect
from .gradesheet import atomic_write, remove_stale_temps, write_outputs
from .pool import Outcome, default_workers, resolve, run_all

# The engines, by their command-line names. Isolated is the default; there is no fallback.
ENGINES = {"isolated": "autograder.isolated:grade_isolated",
           "nbgrader": "autograder.nbgrader_glue.plain:grade_plain"}

CACHE_VERSION = 2
DEFAULT_TIMEOUT = 900.0          # seconds for one notebook, all cells together
# The code that decides a grade (everything else in autograder/ only collects, runs or presents):
# a change to it makes every cached grade stale.
GRADING_CODE = ("cells", "isolated", "sandboxed", "nbgrader_glue/plain.py", "nbgrader_glue/tempcourse.py",
                "course.py", "reference.py", "oracles.py", "result.py")


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


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(ps: str, spec: str) -> dict:
    """What a grade depends on besides the notebook: the same fingerprint, the same grade."""
    import nbgrader  # noqa: PLC0415

    code = hashlib.sha256()
    files = []
    for part in GRADING_CODE:
        path = ROOT / "autograder" / part
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    files += sorted((ROOT / "convnets").rglob("*.py"))
    module = importlib.import_module(spec.partition(":")[0])
    if getattr(module, "__file__", None):
        files.append(Path(module.__file__))
    for path in dict.fromkeys(files):
        code.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    solution = sha256_bytes(source_notebook(ps).read_bytes())
    parts = {"cache_version": CACHE_VERSION, "grader": spec, "solution_sha256": solution,
             "grader_code_sha256": code.hexdigest(), "nbgrader": nbgrader.__version__}
    parts["fingerprint"] = sha256_bytes(json.dumps(parts, sort_keys=True).encode())
    return parts


def to_result(ps: str, outcome: Outcome) -> tuple[GradingResult, bool, str | None]:
    """(result, retry, traceback): retry marks failures of the grader, which the next run tries again."""
    expected = expected_tests(ps)
    if outcome.kind == "ok":
        value = outcome.value.to_dict() if isinstance(outcome.value, GradingResult) else outcome.value
        try:
            return GradingResult.from_dict(value, expected), False, None
        except (ValueError, TypeError) as exc:
            why = f"the grader returned a malformed result: {exc}"
            return GradingResult.zero(ps, expected, "crashed", why), True, None
    if outcome.kind == "timeout":
        return GradingResult.zero(ps, expected, "timed_out",
                                  f"grading took longer than {outcome.value:g} s and was stopped"), False, None
    if outcome.kind == "error":
        last = str(outcome.value).strip().splitlines()[-1:] or ["unknown error"]
        return (GradingResult.zero(ps, expected, "crashed", f"the grader failed on this submission: {last[0]}"),
                True, str(outcome.value))
    code = outcome.value
    how = f"signal {-code}" if isinstance(code, int) and code < 0 else f"exit code {code}"
    return GradingResult.zero(ps, expected, "crashed", f"the grading process died ({how}) before giving a result"), \
        True, None


def _load_cached(path: Path, ps: str) -> dict | None:
    """A cached entry of results/, with its result as a GradingResult; None when unusable."""
    try:
        entry = json.loads(path.read_text())
        if entry.get("cache_version") != CACHE_VERSION:
            return None
        return {**entry, "result": GradingResult.from_dict(entry["result"], expected_tests(ps))}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None


def _lock(out: Path):
    handle = open(out / ".lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise GradingError(f"another grade-all is writing to {out}") from None
    return handle


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def grade_all(ps: str, submissions: Path, out: Path, *, workers: int | None = None,
              engine: str | None = None, show_hidden_source: bool = False,
              name_regexp: str | None = None, roster: Path | None = None,
              timeout: float | None = DEFAULT_TIMEOUT, progress: bool = True,
              course: bool = True) -> dict:
    """Grade every submission of ``ps`` in ``submissions``; write DIR's files; return the run's
    metadata (also in report.json)."""
    from tqdm import tqdm  # noqa: PLC0415

    t0, started = time.perf_counter(), _now()
    timings = {}
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    lock = _lock(out)
    try:
        spec = grader_spec(engine)
        fp = fingerprint(ps, spec)
        workers = workers or default_workers()
        release_name = source_notebook(ps).name
        work = out / ".work"
        shutil.rmtree(work, ignore_errors=True)
        found, skipped = collect(Path(submissions), release_name, work / "extracted", name_regexp, roster)
        by_id = {f.student_id: f for f in found}
        timings["collect"] = time.perf_counter() - t0
        results_dir = out / "results"
        results_dir.mkdir(exist_ok=True)
        remove_stale_temps(results_dir)

        rows: dict[str, dict] = {}
        shas: dict[str, str] = {}
        jobs = []
        for f in found:
            if f.notebook is None:
                rows[f.student_id] = {"result": GradingResult.zero(ps, expected_tests(ps), "missing", f.reason)}
                continue
            shas[f.student_id] = sha256_bytes(f.notebook.read_bytes())
            cached = _load_cached(results_dir / f"{f.student_id}.json", ps)
            if (cached and cached.get("sha256") == shas[f.student_id]
                    and cached.get("fingerprint") == fp["fingerprint"] and not cached.get("retry")):
                rows[f.student_id] = cached
            else:
                jobs.append((f.student_id, f.notebook))
        for f in skipped:
            print(f"grade-all: skipped {f}", file=sys.stderr)

        to_grade = sum(1 for f in found if f.notebook is not None)
        bar = tqdm(total=to_grade, initial=to_grade - len(jobs), desc=f"grading {ps}", unit="nb",
                   file=sys.stderr, disable=not progress, dynamic_ncols=True)

        def on_done(sid: str, outcome: Outcome) -> None:
            result, retry, trace = to_result(ps, outcome)
            entry = {"cache_version": CACHE_VERSION, "student_id": sid, "sha256": shas[sid],
                     "fingerprint": fp["fingerprint"], "grader": spec, "retry": retry,
                     "graded_at": _now(), "seconds": round(outcome.seconds, 3), "result": result.to_dict()}
            if trace:
                entry["traceback"] = trace
            atomic_write(results_dir / f"{sid}.json", json.dumps(entry, indent=1) + "\n")
            rows[sid] = {**entry, "result": result, "graded_this_run": True}
            bar.set_postfix_str(sid, refresh=False)
            bar.update(1)

        t1 = time.perf_counter()
        try:
            run_all(jobs, spec, ps, workers, timeout, on_done)
        finally:
            bar.close()
        timings["grading"] = time.perf_counter() - t1

        ordered = []
        for f in found:
            row = rows[f.student_id]
            ordered.append({**row, "student_id": f.student_id, "status": row["result"].status,
                            "note": f.reason if f.notebook is not None else "", "source": f.source,
                            "sha256": shas.get(f.student_id)})
        t2 = time.perf_counter()
        from .feedback import write_feedback  # noqa: PLC0415

        write_feedback(out / "feedback", ps, ordered, by_id, show_hidden_source)
        timings["feedback"] = time.perf_counter() - t2
        if course:
            t3 = time.perf_counter()
            from ..nbgrader_glue.course_folder import build_course  # noqa: PLC0415

            build_course(out / "course", ps, ordered, by_id, show_hidden_source)
            timings["course"] = time.perf_counter() - t3
        statuses: dict[str, int] = {}
        for r in ordered:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        graded_now = sorted(sid for sid, _ in jobs)
        run = {"assignment": ps, "started": started, "finished": _now(), "workers": workers,
               "grader": spec, "grader_version": fp["grader_code_sha256"][:12], **fp,
               "solution_notebook": str(source_notebook(ps).relative_to(ROOT)),
               "submissions": str(Path(submissions).resolve()), "students": len(ordered),
               "statuses": statuses, "graded_this_run": graded_now,
               "reused": sorted(sid for sid in shas if sid not in graded_now),
               "skipped_files": skipped, "show_hidden_source": show_hidden_source,
               "timeout_s": timeout, "timings_s": None}
        timings["total"] = time.perf_counter() - t0
        run["timings_s"] = {k: round(v, 3) for k, v in timings.items()}
        write_outputs(out, ordered, [gid for gid, _ in expected_tests(ps)], run)
        shutil.rmtree(work, ignore_errors=True)
        return run
    finally:
        lock.close()
