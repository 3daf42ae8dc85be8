"""The set-up the assignments page gives students works, and the page tells the truth about grading.

* The wheel declares every third-party package the release notebooks and the `convnets` package
  import (CuPy aside: optional, imported only when present).
* A fresh virtual environment made exactly as the page's Linux/macOS block says (its own `pip install`
  lines, nothing else) runs each release notebook, answers filled in from the reference, from top to
  bottom with nbconvert, with no error and every visible test cell passing.
* Colab: the page's `!pip install` line, with what Colab ships, covers the same imports.
* The time limits the page states are the grader's defaults.
"""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import cells
from autograder.course import released_notebook
from autograder.isolated.sandbox import Limits
from autograder.wheel import PYPROJECT, build_student_wheel
from tests.catalog import build_submission

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "book" / "assignments.md"
PROBLEM_SETS = ("ps1", "ps2", "ps3")
OPTIONAL = {"cupy", "cupyx"}                  # the backend imports CuPy only where it is installed
# What a Colab runtime ships (and the page therefore does not install there).
COLAB_PREINSTALLED = {"numpy", "matplotlib", "tqdm"}


def page() -> str:
    return PAGE.read_text(encoding="utf-8")


def fenced_block_after(marker: str) -> list[str]:
    """The lines of the first fenced code block after the text ``marker`` on the page."""
    text = page()
    start = text.index(marker)
    block = re.search(r"```[a-z]*\n(.*?)```", text[start:], re.S)
    return block.group(1).splitlines()


def pip_lines(block: list[str]) -> list[list[str]]:
    """The arguments of each ``pip install`` line (comments removed; ``!`` of a notebook cell too)."""
    found = []
    for line in block:
        words = line.split("#")[0].strip().lstrip("!").split()
        if words[:2] == ["pip", "install"]:
            found.append(words[2:])
    return found


def imported_modules() -> set[str]:
    """Top-level third-party modules imported by the release notebooks and the convnets package."""
    sources = [p.read_text() for p in (ROOT / "convnets").glob("*.py")]
    for ps in PROBLEM_SETS:
        nb = json.loads(released_notebook(ps).read_text())
        sources += [cells.source(c) for c in nb["cells"] if cells.is_code(c)]
    modules = set()
    for source in sources:
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m != "convnets"}


def wheel_dependencies() -> set[str]:
    declared = re.search(r"dependencies = \[(.*?)\]", PYPROJECT).group(1)
    return set(re.findall(r'"([A-Za-z0-9_.-]+)', declared))


def test_the_wheel_declares_what_the_notebooks_import():
    missing = imported_modules() - OPTIONAL - wheel_dependencies()
    assert not missing, f"imported by the notebooks or convnets but not declared by the wheel: {sorted(missing)}"


def test_the_two_local_blocks_install_the_same_packages():
    unix = pip_lines(fenced_block_after("On Linux or macOS"))
    windows = pip_lines(fenced_block_after("On Windows"))
    assert unix and [line[:1] for line in unix] == [line[:1] for line in windows], (unix, windows)
    assert unix[0] == windows[0]


def test_colab_installs_what_colab_lacks():
    lines = pip_lines(fenced_block_after("**Install the packages**"))
    packages = {word for line in lines for word in line if not word.endswith(".whl")}
    wheels = [word for line in lines for word in line if word.endswith(".whl")]
    assert wheels == [wheel_name()], wheels
    covered = packages | COLAB_PREINSTALLED | wheel_dependencies()
    assert imported_modules() <= covered | OPTIONAL
    assert any(p.startswith("cupy") for p in packages), "the GPU line installs CuPy"


def wheel_name() -> str:
    return re.search(r"convnets-[0-9.]+-py3-none-any\.whl", page()).group(0)


def test_the_stated_time_limits_are_the_graders():
    text = " ".join(page().split())
    stated = re.search(r"each test cell may run for at most (\d+) seconds, and the whole notebook "
                       r"for at most (\d+) seconds", text)
    assert stated, "the assignments page no longer states the time limits"
    limits = Limits()
    assert (float(stated.group(1)), float(stated.group(2))) == (limits.test_timeout_s, limits.timeout_s)
    budget = re.search(r"problem set 3 has its own budget of (\d+) seconds", text)
    graded = re.search(r"MIN_TEST_ACCURACY, TIME_BUDGET_S = [\d.]+, ([\d.]+)", solution_text("ps3"))
    assert budget and graded and float(budget.group(1)) == float(graded.group(1)), \
        "ps3's training budget differs from the page"
    assert float(budget.group(1)) < limits.test_timeout_s, "the training budget must fit in one test cell"


def solution_text(ps: str) -> str:
    """The instructors' notebook, hidden tests included (the budget is checked there)."""
    return (ROOT / "solutions").joinpath(*released_notebook(ps).relative_to(ROOT / "assignments").parts).read_text()


# ----------------------------------------------------------------------------- the real environment
def student_env(home: Path) -> dict:
    """A fresh venv made by the page's own commands; returns the environment to run its tools in."""
    wheel = build_student_wheel(home / "downloads")
    assert wheel.name == wheel_name(), "the page links a wheel of another version"
    python = shutil.which("python3") or sys.executable
    venv = home / "convnets-env"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               JUPYTER_DATA_DIR=str(home / "jupyter-data"), JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    for args in pip_lines(fenced_block_after("On Linux or macOS")):
        args = [str(wheel) if a.endswith(".whl") else a for a in args]
        proc = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *args], env=env,
                              cwd=home, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, f"pip install {' '.join(args)} failed:\n{proc.stderr[-3000:]}"
    return {"env": env, "home": home, "venv": venv}


def run_release_notebook(student: dict, ps: str) -> list[str]:
    """Execute the release notebook of ps with the reference answers pasted in, in the student's
    venv; return what went wrong (empty: every visible test cell printed 'tests passed')."""
    work = student["home"] / ps
    work.mkdir()
    notebook = build_submission(ps, {}, work / released_notebook(ps).name)
    proc = subprocess.run([str(student["venv"] / "bin" / "jupyter"), "nbconvert", "--to", "notebook",
                           "--execute", "--ExecutePreprocessor.timeout=600", "--output", "executed.ipynb",
                           str(notebook)], env=student["env"], cwd=work, capture_output=True, text=True,
                          timeout=1200)
    if proc.returncode != 0:
        return [f"{ps} stopped with an error:\n{proc.stderr[-4000:]}"]
    executed = nbformat.read(work / "executed.ipynb", as_version=4)
    tests = [c for c in executed.cells if cells.is_test(c)]
    printed = ["".join(o.get("text", "") for o in c.get("outputs", [])) for c in tests]
    if not tests:
        return [f"{ps}: no test cell"]
    return [f"{ps}: {cells.grade_id(c)} did not print 'tests passed'" for c, text in zip(tests, printed)
            if "tests passed" not in text]


# One test for the three notebooks: the venv (about 40 s to make) is made once.
@pytest.mark.slow
def test_each_release_notebook_runs_in_the_students_environment(tmp_path):
    student = student_env(tmp_path)
    problems = [problem for ps in PROBLEM_SETS for problem in run_release_notebook(student, ps)]
    assert not problems, "\n".join(problems)
