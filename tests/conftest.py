"""Shared fixtures: running the grading CLI the way an instructor does."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args, timeout=900):
    """Run ``python -m autograder ARGS`` from the repository root; return the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def grade_json(ps: str, notebook: Path) -> dict:
    proc = run_cli("grade", ps, notebook, "--json")
    assert proc.returncode == 0, f"grader failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
