"""The reference solutions as code: read from the solution notebooks (their only source).

Tests run the reference on every backend, and benchmarks time it, without a second copy of it.
"""
from __future__ import annotations

import ast
import types

import nbformat

from .course import source_notebook

MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def solution_sources(ps: str) -> dict[str, str]:
    """grade_id -> the reference answer of each solution cell, nbgrader's markers removed."""
    nb = nbformat.read(source_notebook(ps), as_version=4)
    out = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            lines = [ln for ln in cell.source.splitlines() if ln.strip() not in MARKERS]
            out[meta["grade_id"]] = "\n".join(lines) + "\n"
    return out


IMPORTS = (ast.Import, ast.ImportFrom)
DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)


def _parsed_body(source: str) -> list:
    try:
        return ast.parse(source).body
    except SyntaxError:          # IPython magics: neither an import nor a definition cell
        return []


def _only_imports(source: str) -> bool:
    body = _parsed_body(source)
    return bool(body) and all(isinstance(n, IMPORTS) for n in body)


def only_definitions(source: str) -> bool:
    """True for a cell of imports and def/class statements only (a helper the solutions call,
    such as ps3's `accuracy`): running it has no side effect beyond defining names."""
    body = _parsed_body(source)
    return bool(body) and all(isinstance(n, DEFINITIONS) for n in body)


def load_reference(ps: str) -> types.SimpleNamespace:
    """Execute the notebook's solution cells and the cells that only import or define helpers
    (nothing else: no tests, no plots, no training) and return the names they define."""
    nb = nbformat.read(source_notebook(ps), as_version=4)
    namespace: dict = {"__name__": f"reference_{ps}"}
    solutions = solution_sources(ps)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in solutions:
            code = solutions[gid]
        elif not cell.metadata.get("nbgrader", {}).get("grade") and only_definitions(cell.source):
            code = cell.source
        else:
            continue
        exec(compile(code, f"<{ps}:{gid or 'imports'}>", "exec"), namespace)
    return types.SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("__")})
