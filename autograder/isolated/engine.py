"""Isolated grading: the code that decides a grade never shares a process with student code.

``grade_isolated(ps, notebook)`` returns a GradingResult (result.py), like every engine: status
"graded"; "unreadable" (not a notebook); "wrong_assignment" (none of the assignment's solution cells
is in it); "timed_out" (the notebook's wall-clock limit was hit: the tests not yet run score 0 and
say so); "crashed" (the student's code could not even be loaded, e.g. os._exit at import). Every
test that scores 0 says why.

How (see sandbox.py for what the sandbox enforces):

1. Only the student's solution cells are taken from their notebook (submission.py); the tests are
   the instructor's: every test cell of the solution notebook in full, hidden tests included.
2. For each test cell, a fresh sandboxed process (runner.py) runs the instructor's import cells,
   the instructor's helper cells that only define things (ps3's accuracy()) and the student's
   solution cells. The test cell itself runs HERE, in a namespace where each name the solution
   cells define is a proxy that forwards calls to that process (session.py, remote.py); objects
   of the test passed to the student's code stay here and answer its requests (exports.py).
   Other instructor cells run here too when a test cell needs a name they define (a helper).
   A test cell passes when it runs without an exception; it earns the points in its metadata.
3. After the cell the sandbox is killed with every process in it, unless a later cell reads an
   object that lives in it (a model built in one test cell and checked in the next).
4. One wall-clock budget for the whole notebook (Limits.timeout_s, 600 s: ps3's training cell
   alone may take 90 s); every exchange with the student's process has the budget's deadline.
   Same submission, same grade: tests use fixed seeds, the sandbox has PYTHONHASHSEED=0 and one
   BLAS thread, and only the wall-clock limit depends on the machine's speed.
"""
from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path

from ..errors import GradingError
from ..result import GradingResult, TestResult
from ..sandboxed import codec
from .plan import instructor_plan
from .remote import NameProxy, RemoteObject
from .sandbox import Limits, Sandbox, SandboxDied, SandboxTimeout, StudentProcessError
from .session import Session, StudentError
from .submission import Unreadable, guess_assignment, read_submission

LAZY_IMPORTS = ["matplotlib"]          # imported in the sandbox only when the student's code uses them


def failure_message(exc: BaseException) -> str:
    if isinstance(exc, StudentError):
        name = exc.type_name
    elif isinstance(exc, StudentProcessError):
        name = "StudentProcessError"
    else:
        name = type(exc).__name__
    text = str(exc).strip()
    return f"{name}: {text}" if text else name


def _holds_handles(value, session, depth=0) -> bool:
    if isinstance(value, RemoteObject):
        return object.__getattribute__(value, "_s") is session
    if depth < 3 and isinstance(value, (list, tuple, set, frozenset)) and len(value) < 10000:
        return any(_holds_handles(v, session, depth + 1) for v in value)
    if depth < 3 and isinstance(value, dict) and len(value) < 10000:
        return any(_holds_handles(v, session, depth + 1) for v in value.values())
    return False


class LoadFailed(StudentProcessError):
    """The student's process died while the solution cells were being loaded."""


class _Holder:
    """How NameProxy objects reach the student's current process (started on first use)."""

    def __init__(self, grading):
        self.grading = grading

    @property
    def session(self) -> Session:
        return self.grading.session()

    def kind(self, name: str) -> str:
        return self.grading.kinds.get(name, "function")


class Grading:
    def __init__(self, ps, plan, submission, limits: Limits, only=None):
        self.ps, self.plan, self.sub, self.limits = ps, plan, submission, limits
        self.only = set(only) if only is not None else None
        self.deadline = time.monotonic() + limits.timeout_s
        self.holder = _Holder(self)
        self.sandbox: Sandbox | None = None
        self._session: Session | None = None
        self.kinds: dict[str, str] = {}
        self.loading = self.loaded_once = False
        self.load_errors: dict[str, str] = {}
        self.notes = list(submission.notes)
        self.ns: dict = {"__name__": "__main__"}
        cells = [[label, submission.cells.get(label) if source is None else source]
                 for label, source in plan.sandbox_cells]
        self.init = {"imports": plan.imports, "lazy": LAZY_IMPORTS, "names": sorted(plan.names),
                     "cells": [c for c in cells if c[1] is not None]}

    # ------------------------------------------------------------------ the student's process
    def session(self) -> Session:
        if self._session is None:
            self._start()
        return self._session

    def _start(self) -> None:
        self._stop()
        self.sandbox = Sandbox(self.limits, self.deadline)
        session = Session(self.sandbox, self.deadline, self.ns)
        self.loading = True
        try:
            ready, buffers = self.sandbox.start(self.init)      # GradingError if bwrap cannot start
        except SandboxDied as exc:
            raise LoadFailed(f"the student's code could not be loaded: {exc}") from None
        finally:
            self.loading = False
        self._session, self.loaded_once = session, True
        for err in ready.get("errors", ()):
            cell = str(err.get("cell"))
            if cell not in self.load_errors:
                self.load_errors[cell] = f"{err.get('type')}: {err.get('message')}"
                self.notes.append(f"{cell} raised {self.load_errors[cell]} when it was run")
        dec = codec.Decoder(buffers, session._decode_other)
        for name in self.plan.names:
            info = ready.get("names", {}).get(name)
            kind = info.get("kind") if isinstance(info, dict) else "missing"
            self.kinds[name] = kind
            if kind in ("function", "class"):
                self.ns[name] = NameProxy(self.holder, name)
            elif kind == "value":
                self.ns[name] = dec(info.get("value"))
            else:
                self.ns.pop(name, None)

    def _stop(self) -> None:
        if self.sandbox is not None:
            self.sandbox.kill()
        self.sandbox = self._session = None

    def _keep_for(self, later_steps) -> bool:
        """Does a later step read an object that lives in the current process?"""
        session = self._session
        if session is None or self.sandbox is None or self.sandbox.dead:
            return False
        live = {k for k, v in self.ns.items() if _holds_handles(v, session)}
        return any(live & step.uses for step in later_steps)

    # ------------------------------------------------------------------ messages
    def _explain(self, exc: BaseException) -> str:
        msg = failure_message(exc)
        if isinstance(exc, NameError):
            found = re.search(r"name '(\w+)' is not defined", str(exc))
            name = getattr(exc, "name", None) or (found.group(1) if found else None)
            gid = self.plan.names.get(name)
            if gid and gid not in self.sub.cells:
                msg += f" (the solution cell {gid} is missing from the notebook)"
            elif gid and gid in self.load_errors:
                msg += f" (the solution cell {gid} raised {self.load_errors[gid]} when it was run)"
            elif getattr(exc, "from_student", False):
                msg += " (only the code in the notebook's solution cells is graded)"
        return msg[:4000]

    # ------------------------------------------------------------------ the run
    def run(self) -> GradingResult:
        tests, status, error = [], "graded", None
        try:
            exec(compile("\n".join(src for _, src in self.plan.imports), "<imports>", "exec"), self.ns)
        except Exception as exc:
            raise GradingError(f"the instructor's import cells failed: {exc!r}") from exc
        steps = self.plan.steps
        try:
            for k, step in enumerate(steps):
                if status != "graded":
                    if step.kind == "test":
                        tests.append(self._entry(step, False, error))
                    continue
                if step.kind == "test" and self.only is not None and step.label not in self.only:
                    tests.append(self._entry(step, False, "not run (not among the selected tests)"))
                    continue
                passed, message, fatal = self._run_step(step)
                if fatal:
                    status, error = fatal
                    if status == "crashed":
                        return GradingResult.zero(self.ps, self.plan.expected, status, error, self.notes)
                if step.kind == "test":
                    tests.append(self._entry(step, passed, message))
                if not self._keep_for(steps[k + 1:]):
                    self._stop()
        finally:
            self._stop()
        return GradingResult(self.ps, status, tests, error, self.notes)

    def _entry(self, step, passed, message) -> TestResult:
        return TestResult(step.label, step.points if passed else 0.0, step.points, bool(passed),
                          "" if passed else message)

    def _run_step(self, step):
        """Run one instructor cell here -> (passed, message, (status, error) or None)."""
        limit = f"the notebook's time limit ({self.limits.timeout_s:g} s)"
        out = io.StringIO()
        try:
            if self._session is None:
                if step.kind == "test":
                    self._start()
                else:                           # a helper cell: start the student's process if it calls it
                    for name in self.plan.names:
                        self.ns[name] = NameProxy(self.holder, name)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                exec(compile(step.source, f"<{step.label}>", "exec"), self.ns)
        except SandboxTimeout:
            if self.loading or not self.loaded_once:
                why = f"not run: {limit} was reached while the solution cells were being loaded"
                return False, why, ("timed_out", why)
            return False, f"timed out: {limit} was reached while this test cell ran", \
                ("timed_out", f"not run: {limit} was reached during {step.label}")
        except LoadFailed as exc:
            if not self.loaded_once:
                return False, str(exc), ("crashed", str(exc))
            return False, self._explain(exc), None
        except GradingError:                 # the grader cannot work (no bwrap): never a student's 0
            raise
        except (Exception, StudentProcessError) as exc:  # noqa: BLE001  (the test failed)
            if step.kind == "support":
                self.notes.append(f"instructor {step.label} failed: {failure_message(exc)[:300]}")
            return False, self._explain(exc), None
        return True, "", None


def grade_isolated(ps: str, notebook_path, *, limits=None, tests=None) -> GradingResult:
    """Grade one submitted notebook of assignment ``ps`` with the student's code sandboxed.

    ``limits``: a dict of sandbox.Limits fields (timeout_s, memory_bytes, ...). ``tests``: run only
    these test cells (grade_ids); the others score 0, "not run" (for quick checks and tests)."""
    limits = Limits.make(limits)
    path = Path(notebook_path)
    if not path.is_file():
        raise GradingError(f"no such notebook: {path}")
    plan = instructor_plan(ps)             # GradingError for an unknown assignment
    try:
        sub = read_submission(path, plan)
    except Unreadable as exc:
        return GradingResult.zero(ps, plan.expected, "unreadable", str(exc))
    if not sub.cells:
        other = guess_assignment(sub.other_ids)
        hint = f" (it looks like a notebook of {other})" if other and other != ps else ""
        return GradingResult.zero(ps, plan.expected, "wrong_assignment",
                                  f"this is not a {ps} notebook: none of its solution cells "
                                  f"({', '.join(plan.solution_ids)}) is in it{hint}", sub.notes)
    if tests is not None and set(tests) - {s.label for s in plan.tests}:
        raise GradingError(f"{ps} has no test cells {sorted(set(tests) - {s.label for s in plan.tests})}")
    return Grading(ps, plan, sub, limits, tests).run()
