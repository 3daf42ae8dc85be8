"""The cells that carry earlier problem sets' functions into ps2 and ps3 (task2_0_ps1_functions,
task3_0_carried_over) hold exactly the reference solutions of the tasks they copy, so a fix made in
ps1 or ps2 cannot be forgotten in the later notebooks."""
from __future__ import annotations

import ast

import nbformat
import pytest

from autograder.course import source_notebook

CARRIED = {"task2_0_ps1_functions": ("ps2", ["ps1"]), "task3_0_carried_over": ("ps3", ["ps1", "ps2"])}


def cell_sources(ps: str) -> dict[str, str]:
    nb = nbformat.read(source_notebook(ps), as_version=4)
    return {c.metadata.nbgrader.grade_id: c.source for c in nb.cells if "nbgrader" in c.metadata}


def functions(source: str) -> dict[str, str]:
    """name -> the exact text of each top-level function of a cell (markers and comments included)."""
    lines = source.splitlines()
    return {node.name: "\n".join(lines[node.lineno - 1:node.end_lineno])
            for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}


def originals(sources: list[str]) -> dict[str, str]:
    """name -> function text, from the solution cells of the earlier problem sets (own tasks only)."""
    out = {}
    for ps in sources:
        for gid, source in cell_sources(ps).items():
            if gid.startswith("task") and gid not in CARRIED and not gid.count("_test"):
                out.update(functions(source))
    return out


@pytest.mark.parametrize("gid", CARRIED)
def test_carried_over_cells_equal_the_references_they_copy(gid):
    ps, earlier = CARRIED[gid]
    carried = functions(cell_sources(ps)[gid])
    source = originals(earlier)
    assert len(carried) >= 3
    for name, text in carried.items():
        assert name in source, f"{ps} {gid}: {name} is defined in none of {earlier}"
        assert text == source[name], f"{ps} {gid}: {name} differs from its reference in {earlier}"
