"""The per-student result cache, DIR/results/<student>.json: the batch's record.

Each entry is written atomically as soon as its notebook is graded, keyed by the sha256 of the
notebook's bytes and the grader's fingerprint (solution notebook + the code that decides a grade +
grading function). A re-run grades only what is new or changed (and retries grader failures); a
killed run, worker or scheduler loses at most the notebooks being graded at that moment.
"""
from __future__ import annotations

import hashlib
import importlib
import json
from datetime import datetime, timezone
from pathlib import Path

from ..course import ROOT, expected_tests, source_notebook
from ..result import GradingResult
from .gradesheet import atomic_write
from .process import Outcome

CACHE_VERSION = 2
# The code that decides a grade (everything else in autograder/ only collects, runs or presents):
# a change to it makes every cached grade stale.
GRADING_CODE = ("cells", "isolated", "sandboxed", "nbgrader_glue/plain.py", "nbgrader_glue/tempcourse.py",
                "course.py", "reference.py", "oracles.py", "blame.py", "result.py")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def fingerprint(ps: str, spec: str, limits: dict) -> dict:
    """What a grade depends on besides the notebook: the same fingerprint, the same grade."""
    import nbgrader  # noqa: PLC0415  (its version is part of the nbgrader engine's behaviour)

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
             "grader_code_sha256": code.hexdigest(), "nbgrader": nbgrader.__version__, "limits": limits}
    parts["fingerprint"] = sha256_bytes(json.dumps(parts, sort_keys=True).encode())
    return parts


def to_result(ps: str, outcome: Outcome) -> tuple[GradingResult, bool, str | None]:
    """(result, retry, traceback): retry marks failures of the grader, which the next run tries again."""
    expected = expected_tests(ps)
    if outcome.kind == "ok":
        try:
            return GradingResult.from_dict(outcome.value, expected), False, None
        except (ValueError, TypeError) as exc:
            why = f"the grader returned a malformed result: {exc}"
            return GradingResult.zero(ps, expected, "crashed", why), True, None
    if outcome.kind == "timeout":
        why = f"grading took longer than {outcome.value:g} s and was stopped"
        return GradingResult.zero(ps, expected, "timed_out", why), False, None
    if outcome.kind == "error":
        last = str(outcome.value).strip().splitlines()[-1:] or ["unknown error"]
        why = f"the grader failed on this submission: {last[0]}"
        return GradingResult.zero(ps, expected, "crashed", why), True, str(outcome.value)
    code = outcome.value
    how = (f"signal {-code}" if isinstance(code, int) and code < 0 else
           f"exit code {code}" if isinstance(code, int) else str(code or "no exit status"))
    why = f"the grading process died ({how}) before giving a result"
    return GradingResult.zero(ps, expected, "crashed", why), True, None


def load(path: Path, ps: str) -> dict | None:
    """A cached entry, with its result as a GradingResult; None when unusable."""
    try:
        entry = json.loads(path.read_text())
        if entry.get("cache_version") != CACHE_VERSION:
            return None
        return {**entry, "result": GradingResult.from_dict(entry["result"], expected_tests(ps))}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None


def store(path: Path, sid: str, sha: str, fp: dict, spec: str, outcome: Outcome, result: GradingResult,
          retry: bool, trace: str | None) -> dict:
    """Write one student's entry atomically; return it, with the result as a GradingResult."""
    entry = {"cache_version": CACHE_VERSION, "student_id": sid, "sha256": sha, "fingerprint": fp["fingerprint"],
             "grader": spec, "retry": retry, "graded_at": now(), "seconds": round(outcome.seconds, 3),
             "result": result.to_dict()}
    if trace:
        entry["traceback"] = trace
    atomic_write(path, json.dumps(entry, indent=1) + "\n")
    return {**entry, "result": result}
