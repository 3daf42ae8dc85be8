"""Where the course's notebooks live: the solution notebooks (the only source) and the release.

No side effects on import. nbgrader's throwaway course folders are in nbgrader_glue/tempcourse.py.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

from . import cells
from .errors import GradingError

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "assignments"


def assignments() -> list[str]:
    """The assignment ids (``ps1``, ``ps2``, ...) that have a solution notebook."""
    return sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def source_notebook(ps: str) -> Path:
    """The one solution notebook of assignment ``ps``."""
    if ps not in assignments():
        raise GradingError(f"unknown assignment {ps!r}; known: {', '.join(assignments())}")
    notebooks = sorted((SOLUTIONS / ps).glob("*.ipynb"))
    if len(notebooks) != 1:
        raise GradingError(f"solutions/{ps} must hold exactly one notebook, found {len(notebooks)}")
    return notebooks[0]


def released_notebook(ps: str) -> Path:
    """The student release of assignment ``ps`` (assignments/<ps>/, generated from the solution)."""
    return RELEASE / ps / source_notebook(ps).name


def expected_tests(ps: str) -> list[tuple[str, float]]:
    """(grade_id, points) of every test cell of the solution notebook, in notebook order."""
    path = source_notebook(ps)
    return list(_expected_tests(str(path), path.stat().st_mtime))


@functools.lru_cache(maxsize=16)
def _expected_tests(path: str, mtime: float) -> tuple[tuple[str, float], ...]:
    nb = json.loads(Path(path).read_text())
    return tuple((cells.grade_id(c), cells.points(c)) for c in nb["cells"] if cells.is_test(c))
