"""Stand-in grading functions for the grade-all tests: fast, and misbehaving on request.

A "submission" for them is a JSON file {"fake": BEHAVIOUR, ...}; anything else is graded as a
plain notebook would be by nothing at all: full marks. Named by spec "tests.batch_fakes:grade".
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from autograder.grade import _expected_tests


def result(ps: str, fraction: float = 1.0, status: str = "graded") -> dict:
    tests = [{"grade_id": gid, "points": pts * fraction, "max_points": pts, "passed": fraction >= 1,
              "message": "" if fraction >= 1 else f"{gid}: wrong"} for gid, pts in _expected_tests(ps)]
    return {"assignment": ps, "status": status, "score": sum(t["points"] for t in tests),
            "max_score": sum(t["max_points"] for t in tests), "tests": tests}


def grade(ps: str, notebook: Path) -> dict:
    try:
        spec = json.loads(Path(notebook).read_text())
    except ValueError:
        spec = {}
    behaviour = spec.get("fake", "full") if isinstance(spec, dict) else "full"
    if spec.get("sleep"):
        time.sleep(float(spec["sleep"]))
    if behaviour == "half":
        return result(ps, 0.5)
    if behaviour == "raise":
        raise RuntimeError("grader bug: boom")
    if behaviour == "exit":
        os._exit(3)
    if behaviour == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    if behaviour == "malformed":
        return {"score": "lots"}
    if behaviour == "hang":
        child = subprocess.Popen(["sleep", "300"])
        Path(spec["pidfile"]).write_text(str(child.pid))
        time.sleep(300)
    return result(ps)
