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

from autograder.course import expected_tests
from autograder.result import GradingResult, TestResult


def result(ps: str, fraction: float = 1.0, status: str = "graded") -> GradingResult:
    tests = [TestResult(gid, pts * fraction, pts, fraction >= 1, "" if fraction >= 1 else f"{gid}: wrong")
             for gid, pts in expected_tests(ps)]
    return GradingResult(ps, status, tests)


def grade(ps: str, notebook: Path):
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
