"""What the isolated grader takes from each notebook.

From the instructor's solution notebook (``Plan``): the import cells, the names each solution cell
defines, the test cells with their hidden tests (the ``### BEGIN/END HIDDEN TESTS`` lines removed)
and points, and the few other instructor cells a test cell needs (a cell that defines a name the
tests use, e.g. a data set), all in notebook order.

From the student's notebook (``Submission``): ONLY the code of the solution cells, by nbgrader
grade_id. Cells the student added, and every test cell of theirs (deleted, edited or not), are
ignored. A grade_id seen twice: the first cell counts, and a note says so.
"""
from __future__ import annotations

import ast
import builtins
import dataclasses
import functools
import json
from pathlib import Path

from .course import assignments, source_notebook
from .reference import _only_imports, solution_sources

HIDDEN = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
MAX_NOTEBOOK_BYTES = 64 << 20


class Unreadable(Exception):
    """The file is not a notebook we can read."""


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


def _code(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _meta(cell) -> dict:
    meta = cell.get("metadata", {})
    nbg = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return nbg if isinstance(nbg, dict) else {}


def defined_names(source: str) -> set:
    """Names a cell binds at top level (def, class, assignment), not counting imports."""
    out = set()

    def visit(body):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                out.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                out.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
            elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
                for field in ("body", "orelse", "finalbody", "handlers"):
                    for sub in getattr(node, field, []):
                        visit(sub.body if isinstance(sub, ast.ExceptHandler) else [sub])
    visit(ast.parse(source).body)
    return out


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)


def _scope_globals(node) -> set:
    """Names a function, class, lambda or comprehension reads from outside (never assigns inside)."""
    loads, stores = set(), set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            (loads if isinstance(n.ctx, ast.Load) else stores).add(n.id)
        elif isinstance(n, ast.arg):
            stores.add(n.arg)
    return loads - stores


class _Flow(ast.NodeVisitor):
    """Which names a cell reads before it binds them, statement by statement."""

    def __init__(self):
        self.bound, self.free = set(), set()

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            if node.id not in self.bound:
                self.free.add(node.id)
        else:
            self.bound.add(node.id)

    def visit_Assign(self, node):
        self.visit(node.value)
        for t in node.targets:
            self.visit(t)

    def visit_AugAssign(self, node):
        if isinstance(node.target, ast.Name) and node.target.id not in self.bound:
            self.free.add(node.target.id)
        self.visit(node.value)
        self.visit(node.target)

    def visit_For(self, node):
        self.visit(node.iter)
        self.visit(node.target)
        for n in node.body + node.orelse:
            self.visit(n)

    def visit_ExceptHandler(self, node):
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self.bound.add(node.name)
        for n in node.body:
            self.visit(n)

    def visit_Import(self, node):
        self.bound.update((a.asname or a.name).split(".")[0] for a in node.names)

    visit_ImportFrom = visit_Import

    def generic_visit(self, node):
        if isinstance(node, _SCOPES):
            self.free |= _scope_globals(node) - self.bound
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.bound.add(node.name)
            return
        super().generic_visit(node)


def used_names(source: str) -> frozenset:
    """Names a cell may read before it assigns them itself (what it needs from earlier cells)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    flow = _Flow()
    for node in tree.body:
        flow.visit(node)
    return frozenset(flow.free)


def _free_names(source: str) -> set:
    """Names a cell reads but never binds itself (a rough, generous estimate)."""
    tree = ast.parse(source)
    loaded, stored = set(), set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            (loaded if isinstance(n.ctx, ast.Load) else stored).add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(n.name)
        elif isinstance(n, ast.arg):
            stored.add(n.arg)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            stored.update((a.asname or a.name).split(".")[0] for a in n.names)
    return loaded - stored - set(dir(builtins))


def definitions_only(source: str) -> bool:
    """A cell that only defines things (def, class, imports, assignments without calls): the
    instructor's helper cells, which the student's code may use too (ps3's accuracy())."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    simple = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    for node in body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            if node.value is None or any(isinstance(n, ast.Call) for n in ast.walk(node.value)):
                return False
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        elif not isinstance(node, simple):
            return False
    return bool(body)


def strip_hidden(source: str) -> str:
    return "\n".join(ln for ln in source.splitlines() if ln.strip() not in HIDDEN) + "\n"


@functools.lru_cache(maxsize=16)
def _plan(ps: str, path: str, mtime: float) -> Plan:
    nb = json.loads(Path(path).read_text())
    solutions = solution_sources(ps)
    imports, names, candidates, sandbox_cells = [], {}, [], []
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        meta, src = _meta(cell), _code(cell)
        if meta.get("solution") and meta.get("grade_id") in solutions:
            sandbox_cells.append((meta["grade_id"], None))
            for name in defined_names(solutions[meta["grade_id"]]):
                names.setdefault(name, meta["grade_id"])
            continue
        if not meta.get("grade") and not _only_imports(src) and definitions_only(src):
            sandbox_cells.append((f"cell {i}", src))
        if meta.get("grade"):
            candidates.append(Step("test", meta["grade_id"], strip_hidden(src), frozenset(),
                                   float(meta.get("points", 0))))
        elif not meta.get("solution") and _only_imports(src):
            imports.append((f"cell {i}", src))
        else:
            candidates.append(Step("support", f"cell {i}", src, frozenset()))
    known = set(names) | set(dir(builtins))
    for _, src in imports:
        known |= {(a.asname or a.name).split(".")[0] for node in ast.parse(src).body for a in node.names}
    steps, needed = [], set()
    for step in reversed(candidates):          # keep a support cell only if a later kept cell needs it
        try:
            free = _free_names(step.source) - known
            binds = defined_names(step.source)
        except SyntaxError:                    # IPython magics: never needed by a test
            continue
        if step.kind == "test" or binds & needed:
            needed |= free
            steps.append(dataclasses.replace(step, uses=used_names(step.source)))
    return Plan(ps, imports, list(solutions), names, steps[::-1], sandbox_cells)


def instructor_plan(ps: str) -> Plan:
    path = source_notebook(ps)
    return _plan(ps, str(path), path.stat().st_mtime)


@dataclasses.dataclass
class Submission:
    cells: dict               # grade_id -> the student's code, for the plan's solution cells found
    notes: list               # what was odd about the notebook (duplicates, ...)
    other_ids: set            # grade_ids of the notebook that are not this assignment's


def read_submission(path: Path, plan: Plan) -> Submission:
    path = Path(path)
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise Unreadable(f"the file is larger than {MAX_NOTEBOOK_BYTES >> 20} MiB")
    try:
        nb = json.loads(path.read_bytes())
    except (ValueError, RecursionError) as exc:
        raise Unreadable(f"the file is not a readable notebook: not JSON ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise Unreadable("the file is not a readable notebook: no list of cells (nbformat 4 expected)")
    cells, notes, other, seen_ids = {}, [], set(), set()
    for i, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict):
            notes.append(f"cell {i} is not a JSON object: ignored")
            continue
        cid = cell.get("id")
        if isinstance(cid, str):
            if cid in seen_ids:
                notes.append(f"cell id {cid!r} appears more than once")
            seen_ids.add(cid)
        gid = _meta(cell).get("grade_id")
        if not isinstance(gid, str):
            continue
        if gid not in plan.solution_ids:
            other.add(gid)
        elif cell.get("cell_type") != "code":
            notes.append(f"the cell with grade_id {gid} is not a code cell: ignored")
        elif gid in cells:
            notes.append(f"grade_id {gid} appears more than once: the first cell counts")
        else:
            cells[gid], changed = without_magics(_code(cell))
            if changed:
                notes.append(f"IPython magics and shell commands in {gid} were not run")
    for gid in plan.solution_ids:
        if gid not in cells:
            notes.append(f"the solution cell {gid} is missing from the notebook")
    return Submission(cells, notes, other)


def without_magics(source: str) -> tuple[str, bool]:
    """IPython syntax a student may leave in a cell (``%timeit f()``, ``!ls``, ``%%time``), which
    Jupyter runs and plain Python cannot parse: each such line becomes ``pass`` (line numbers
    kept); a ``%%time``/``%%timeit``/``%%capture`` cell keeps its body, another cell magic is
    dropped. Returns (source, changed); valid Python is never touched."""
    try:
        ast.parse(source)
        return source, False
    except SyntaxError:
        pass
    lines = source.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        magic = lines[first].strip()[2:].split()[0] if lines[first].strip()[2:] else ""
        if magic not in ("time", "timeit", "capture"):
            return "", True
        lines[first] = "pass"
    out = []
    for ln in lines:
        stripped = ln.lstrip()
        out.append(ln[:len(ln) - len(stripped)] + "pass" if stripped.startswith(("%", "!")) else ln)
    return "\n".join(out) + "\n", True


def guess_assignment(grade_ids: set) -> str | None:
    """Which assignment a notebook's grade_ids belong to (for a 'wrong assignment' message)."""
    for ps in assignments():
        if grade_ids & set(instructor_plan(ps).solution_ids):
            return ps
    return None
