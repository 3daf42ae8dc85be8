"""Shared fixtures: running the grading CLI the way an instructor does."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backends import xb  # noqa: F401  (the backend fixture: every test module may ask for it)

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args, timeout=900):
    """Run ``python -m autograder ARGS`` from the repository root; return the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def grade_json(ps: str, notebook: Path, engine: str = "isolated") -> dict:
    proc = run_cli("grade", ps, notebook, "--json", "--engine", engine)
    assert proc.returncode == 0, f"grader failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# Tests whose outcome includes a wall-clock budget (ps3's training test: at most 120 s) or that
# keep both cores busy on their own (the 32-student class batch). On the 2-core CI machine they run
# one after another on the same pytest-xdist worker (`--dist loadgroup`), so that a correct
# training run is never timed while a batch of sandboxes competes for its core.
TIMED_FILES = {"test_catalog.py", "test_engine.py", "test_grade_cli.py", "test_class_ps2.py"}


# A long single test (the student's venv and three notebooks: about a minute) starts first: in file
# order it came last and left one worker idle while the other finished it.
LONGEST_FIRST = ("test_student_setup.py",)


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = Path(str(item.fspath)).name
        if name == "test_class_ps2.py" or (name in TIMED_FILES and "ps3" in item.nodeid):
            item.add_marker(pytest.mark.xdist_group("timed"))
    items.sort(key=lambda item: Path(str(item.fspath)).name not in LONGEST_FIRST)     # stable: files stay whole
