"""What the isolated grader takes from the instructor's solution notebook: a Plan.

The import cells; the names each solution cell defines; the test cells, whole (hidden tests
included: only the marker lines go) with their points; and the few other instructor cells a test
cell needs (a cell that defines a name the tests use, e.g. ps3's helpers), all in notebook order.
Cells that only define things (ps3's accuracy()) also run in the sandbox, next to the student's
cells, because the student's code may call them.
"""
from __future__ import annotations

import builtins
import dataclasses
import functools
import json
from pathlib import Path

from .. import cells
from ..cells import code, markers
from ..course import source_notebook
from ..errors import GradingError
from ..reference import solution_sources


@dataclasses.dataclass
class Step:
    kind: str                 # "test" or "support"
    label: str                # the test cell's grade_id, or "cell <n>"
    source: str
    uses: frozenset           # every name the code reads
    points: float = 0.0


@dataclasses.dataclass
class Plan:
    ps: str
    imports: list             # [(label, source)] the instructor's import cells
    solution_ids: list        # solution cells' grade_ids, in notebook order
    names: dict               # name -> grade_id of the solution cell that defines it
    steps: list               # [Step] in notebook order
    sandbox_cells: list       # [(label, source)] in notebook order; source None: the student's cell

    @property
    def tests(self) -> list:
        return [s for s in self.steps if s.kind == "test"]

    @property
    def expected(self) -> list[tuple[str, float]]:
        """(grade_id, points) of every test, as GradingResult wants them."""
        return [(s.label, s.points) for s in self.tests]


@functools.lru_cache(maxsize=16)
def _plan(ps: str, path: str, mtime: float) -> Plan:
    nb = json.loads(Path(path).read_text())
    for i, cell in enumerate(nb["cells"]):
        try:
            markers.check(cells.source(cell))
        except markers.MarkerError as exc:
            raise GradingError(f"{path}, cell {i} ({cells.grade_id(cell) or 'no grade_id'}): {exc}") from None
    solutions = solution_sources(ps)
    imports, names, candidates, sandbox_cells = [], {}, [], []
    for i, cell in enumerate(nb["cells"]):
        if not cells.is_code(cell):
            continue
        src, gid = cells.source(cell), cells.grade_id(cell)
        if cells.is_solution(cell) and gid in solutions:
            sandbox_cells.append((gid, None))
            for name in code.defined_names(solutions[gid]):
                names.setdefault(name, gid)
            continue
        if cells.is_test(cell):
            candidates.append(Step("test", gid, markers.without_markers(src, markers.HIDDEN), frozenset(),
                                   cells.points(cell)))
            continue
        if code.only_imports(src):
            imports.append((f"cell {i}", src))
            continue
        if code.only_definitions(src, assignments=True):
            sandbox_cells.append((f"cell {i}", src))
        candidates.append(Step("support", f"cell {i}", src, frozenset()))
    known = set(names) | set(dir(builtins))
    for _, src in imports:
        known |= code.imported_names(src)
    steps, needed = [], set()
    for step in reversed(candidates):          # keep a support cell only if a later kept cell needs it
        try:
            free = code.free_names(step.source) - known
            binds = code.defined_names(step.source)
        except SyntaxError:                    # IPython magics: never needed by a test
            continue
        if step.kind == "test" or binds & needed:
            needed |= free
            steps.append(dataclasses.replace(step, uses=code.used_names(step.source)))
    return Plan(ps, imports, list(solutions), names, steps[::-1], sandbox_cells)


def instructor_plan(ps: str) -> Plan:
    """The plan of assignment ps (GradingError for an unknown one; MarkerError for markers that do
    not pair up)."""
    path = source_notebook(ps)
    return _plan(ps, str(path), path.stat().st_mtime)
