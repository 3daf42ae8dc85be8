"""Grade a whole class: ``python -m autograder grade-all PS SUBMISSIONS --out DIR``.

SUBMISSIONS is a folder (one sub-folder per student, or LMS-named files) or an LMS download zip
(see collect.py). DIR receives:

* ``results/<student>.json``  the cached result of each student, written atomically as soon as it
  is graded, keyed by the sha256 of the notebook's bytes and the grader's fingerprint (solution
  notebook + grading code + grading function). A re-run grades only what is new or changed (and
  retries grader failures); a killed run loses at most the notebooks being graded at that moment;
* ``grades.csv`` and ``report.json``  rebuilt from those results at the end of every run;
* ``feedback/<student>.html``  one page per student (feedback.py);
* ``course/``  an nbgrader course folder with the same grades in its gradebook (nbcourse.py).

Each notebook is graded in its own process (pool.py) by the per-submission grading function
``fn(ps, notebook_path) -> result dict`` chosen by GRADER below.
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

from .collect import collect
from .course import ROOT, GradingError, source_notebook
from .grade import _expected_tests, zero_result
from .gradesheet import atomic_write, remove_stale_temps, write_outputs
from .pool import Outcome, default_workers, resolve, run_all

PLAIN = "autograder.grade:grade"
ISOLATED = "autograder.engine:grade_isolated"
# The per-submission grading function. "auto": the isolated engine when autograder/engine.py
# imports and has grade_isolated, else nbgrader in a throwaway course (grade.grade). To switch for
# good, put PLAIN or ISOLATED here (or pass --grader on the command line).
GRADER = "auto"

CACHE_VERSION = 1
DEFAULT_TIMEOUT = 900.0          # seconds for one notebook, all cells together
# Modules that only present results: changing them must not invalidate cached grades.
PRESENTATION = {"__init__.py", "__main__.py", "batch.py", "collect.py", "pool.py", "gradesheet.py",
                "feedback.py", "nbcourse.py", "cli_batch.py", "release.py", "wheel.py", "_warm.py"}


def grader_spec(choice: str | None = None) -> str:
    """'auto', 'plain', 'isolated' or 'module:function' -> the spec of the function to use."""
    choice = choice or GRADER
    if choice == "auto":
        try:
            resolve(ISOLATED)
        except Exception:  # noqa: BLE001 - missing, or not working yet: fall back to nbgrader
            return PLAIN
        return ISOLATED
    spec = {"plain": PLAIN, "isolated": ISOLATED}.get(choice, choice)
    try:
        resolve(spec)
    except Exception as exc:  # noqa: BLE001
        raise GradingError(f"grading function {spec!r} cannot be loaded: {exc}") from exc
    return spec


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(ps: str, spec: str) -> dict:
    """What a grade depends on besides the notebook: the same fingerprint, the same grade."""
    import nbgrader  # noqa: PLC0415

    code = hashlib.sha256()
    files = [p for p in sorted((ROOT / "autograder").glob("*.py")) if p.name not in PRESENTATION]
    files += sorted((ROOT / "convnets").rglob("*.py"))
    module = importlib.import_module(spec.partition(":")[0])
    if getattr(module, "__file__", None):
        files.append(Path(module.__file__))
    for path in dict.fromkeys(files):
        code.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    solution = sha256_bytes(source_notebook(ps).read_bytes())
    parts = {"cache_version": CACHE_VERSION, "grader": spec, "solution_sha256": solution,
             "grader_code_sha256": code.hexdigest(), "nbgrader": nbgrader.__version__}
    parts["fingerprint"] = sha256_bytes(json.dumps(parts, sort_keys=True).encode())
    return parts


def check_result(ps: str, value) -> dict:
    """The grading function's answer, checked and completed with every expected test."""
    if not isinstance(value, dict):
        raise ValueError(f"expected a dict, got {type(value).__name__}")
    if not isinstance(value.get("tests"), list):
        raise ValueError("the result has no list of tests")
    status = value.get("status")
    if not isinstance(status, str) or not status:
        raise ValueError("the result has no status")
    given = {}
    for t in value["tests"]:
        if not isinstance(t, dict) or not isinstance(t.get("grade_id"), str):
            raise ValueError(f"malformed test entry {t!r:.200}")
        given[t["grade_id"]] = t
    tests = []
    for gid, max_points in _expected_tests(ps):
        t = given.get(gid)
        points = float(t["points"]) if t and t.get("points") is not None else 0.0
        message = str(t.get("message") or "") if t else "this test was not run (no result from the grader)"
        tests.append({"grade_id": gid, "points": min(max(points, 0.0), max_points), "max_points": max_points,
                      "passed": points >= max_points, "message": message})
    result = {"assignment": ps, "status": status, "score": sum(t["points"] for t in tests),
              "max_score": sum(t["max_points"] for t in tests), "tests": tests}
    if value.get("error"):
        result["error"] = str(value["error"])
    if isinstance(value.get("notes"), list) and value["notes"]:
        result["notes"] = [str(n) for n in value["notes"]]
    return json.loads(json.dumps(result))


def to_result(ps: str, outcome: Outcome) -> tuple[dict, bool]:
    """(result, retry): retry marks failures of the grader, which the next run tries again."""
    if outcome.kind == "ok":
        try:
            return check_result(ps, outcome.value), False
        except (ValueError, TypeError) as exc:
            return zero_result(ps, "crashed", f"the grader returned a malformed result: {exc}"), True
    if outcome.kind == "timeout":
        return zero_result(ps, "timed_out", f"grading took longer than {outcome.value:g} s and was stopped"), False
    if outcome.kind == "error":
        last = str(outcome.value).strip().splitlines()[-1:] or ["unknown error"]
        result = zero_result(ps, "crashed", f"the grader failed on this submission: {last[0]}")
        result["traceback"] = str(outcome.value)
        return result, True
    code = outcome.value
    how = f"signal {-code}" if isinstance(code, int) and code < 0 else f"exit code {code}"
    return zero_result(ps, "crashed", f"the grading process died ({how}) before giving a result"), True


def _load_cached(path: Path) -> dict | None:
    try:
        entry = json.loads(path.read_text())
        return entry if entry.get("cache_version") == CACHE_VERSION else None
    except (OSError, ValueError, AttributeError):
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
              grader: str | None = None, show_hidden_source: bool = False,
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
        spec = grader_spec(grader)
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
                rows[f.student_id] = {"result": zero_result(ps, "missing", f.reason)}
                continue
            shas[f.student_id] = sha256_bytes(f.notebook.read_bytes())
            cached = _load_cached(results_dir / f"{f.student_id}.json")
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
            result, retry = to_result(ps, outcome)
            entry = {"cache_version": CACHE_VERSION, "student_id": sid, "sha256": shas[sid],
                     "fingerprint": fp["fingerprint"], "grader": spec, "retry": retry,
                     "graded_at": _now(), "seconds": round(outcome.seconds, 3), "result": result}
            atomic_write(results_dir / f"{sid}.json", json.dumps(entry, indent=1) + "\n")
            rows[sid] = {**entry, "graded_this_run": True}
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
            ordered.append({**row, "student_id": f.student_id, "status": row["result"]["status"],
                            "note": f.reason if f.notebook is not None else "", "source": f.source,
                            "sha256": shas.get(f.student_id)})
        t2 = time.perf_counter()
        from .feedback import write_feedback  # noqa: PLC0415

        write_feedback(out / "feedback", ps, ordered, by_id, show_hidden_source)
        timings["feedback"] = time.perf_counter() - t2
        if course:
            t3 = time.perf_counter()
            from .nbcourse import build_course  # noqa: PLC0415

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
        write_outputs(out, ordered, [gid for gid, _ in _expected_tests(ps)], run)
        shutil.rmtree(work, ignore_errors=True)
        return run
    finally:
        lock.close()
