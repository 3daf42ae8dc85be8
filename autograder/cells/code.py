"""What a cell's code does, read from its syntax tree (never by running it): the names it defines
and reads, whether it only imports or only defines, and IPython syntax plain Python cannot parse."""
from __future__ import annotations

import ast
import builtins

IMPORTS = (ast.Import, ast.ImportFrom)
DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)


def _body(source: str) -> list:
    try:
        return ast.parse(source).body
    except SyntaxError:          # IPython magics: neither an import nor a definition cell
        return []


def only_imports(source: str) -> bool:
    body = _body(source)
    return bool(body) and all(isinstance(n, IMPORTS) for n in body)


def only_definitions(source: str, assignments: bool = False) -> bool:
    """True for a cell of imports, def and class statements (and docstrings) only: running it has
    no effect beyond defining names (ps3's `accuracy` helper). With ``assignments``, plain
    assignments without calls count too (``EPS = 1e-8``)."""
    body = _body(source)
    for node in body:
        if isinstance(node, DEFINITIONS):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if assignments and isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None \
                and not any(isinstance(n, ast.Call) for n in ast.walk(node.value)):
            continue
        return False
    return bool(body)


def imported_names(source: str) -> set[str]:
    """The names import statements of a cell bind (``import numpy as np`` binds np)."""
    return {(a.asname or a.name).split(".")[0] for node in _body(source) if isinstance(node, IMPORTS)
            for a in node.names}


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


def free_names(source: str) -> set:
    """Names a cell reads but never binds itself, builtins aside (a rough, generous estimate)."""
    loaded, stored = set(), set()
    for n in ast.walk(ast.parse(source)):
        if isinstance(n, ast.Name):
            (loaded if isinstance(n.ctx, ast.Load) else stored).add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(n.name)
        elif isinstance(n, ast.arg):
            stored.add(n.arg)
        elif isinstance(n, IMPORTS):
            stored.update((a.asname or a.name).split(".")[0] for a in n.names)
    return loaded - stored - set(dir(builtins))


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
