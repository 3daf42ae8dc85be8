"""The reference solutions as code, read from the solution notebooks (their only source).

Tests run the reference on every backend, benchmarks time it and the book trains with it, without a
second copy of it.
"""
from __future__ import annotations

import json
import types

from . import cells
from .cells import code, markers
from .course import source_notebook


def solution_sources(ps: str) -> dict[str, str]:
    """grade_id -> the reference answer of each solution code cell, nbgrader's markers removed."""
    nb = json.loads(source_notebook(ps).read_text())
    return {cells.grade_id(c): markers.without_markers(cells.source(c), markers.SOLUTION)
            for c in nb["cells"] if cells.is_code(c) and cells.is_solution(c)}


def load_reference(ps: str) -> types.SimpleNamespace:
    """Execute the notebook's solution cells and the cells that only import or define helpers
    (nothing else: no tests, no plots, no training) and return the names they define."""
    nb = json.loads(source_notebook(ps).read_text())
    namespace: dict = {"__name__": f"reference_{ps}"}
    solutions = solution_sources(ps)
    for cell in nb["cells"]:
        gid = cells.grade_id(cell)
        if not cells.is_code(cell):
            continue
        if gid in solutions:
            source = solutions[gid]
        elif not cells.is_test(cell) and code.only_definitions(cells.source(cell)):
            source = cells.source(cell)
        else:
            continue
        exec(compile(source, f"<{ps}:{gid or 'imports'}>", "exec"), namespace)
    return types.SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("__")})
