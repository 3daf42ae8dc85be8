"""Isolated grading: the code that decides a grade never shares a process with student code.

``grade_isolated(ps, notebook)`` returns a GradingResult (result.py), like every engine: status
"graded"; "unreadable" (not a notebook); "wrong_assignment" (none of the assignment's solution cells
is in it); "timed_out" (the notebook's time limit was reached: the tests not yet run score 0 and say
so, the tests already run keep their points); "crashed" (the student's code could not even be loaded,
e.g. os._exit at import). Every test that scores 0 says why.

How (see sandbox.py for what the sandbox enforces):

1. Only the student's solution cells are taken from their notebook (submission.py); the tests are
   the instructor's: every test cell of the solution notebook in full, hidden tests included.
2. A sandboxed process (../sandboxed/runner.py) runs the instructor's import cells, the instructor's
   helper cells that only define things (ps3's accuracy()) and the student's solution cells, once.
   Each test cell runs HERE, in a namespace where each name the solution cells define is a proxy
   that forwards calls to that process (session.py, remote.py); objects of the test passed to the
   student's code stay here and answer its requests (exports.py). Other instructor cells run here
   too when a test cell needs a name they define (a helper). A test cell passes when it runs without
   an exception; it earns the points in its metadata.
3. The process serves every test cell in turn, as one kernel serves a notebook. When it dies
   (os._exit, the memory limit) or runs out of time, the test cell that was running fails, the
   process is killed with everything it started, and the next test cell gets a fresh one.
4. Time: each test cell has its own limit (Limits.test_timeout_s, 180 s: ps3's graded training run
   may take 120 s), inside one limit for the whole notebook (Limits.timeout_s). A test cell that
   runs out of time fails, and a student function that was running then is not called again: later
   tests that call it fail at once, so a hang costs the tests that call the function that hangs,
   never the tests that finished or never call it. When the notebook's limit is reached, the tests
   not yet run score 0 ("not run") and the others keep their points.
   Same submission, same grade: tests use fixed seeds, the sandbox has PYTHONHASHSEED=0 and one
   BLAS thread, and only the time limits depend on the machine's speed.
"""
from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path

from ..blame import hint_prerequisites
from ..errors import GradingError
from ..result import GradingResult, TestResult
from ..sandboxed import codec
from .plan import instructor_plan
from .remote import NameProxy
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


class LoadFailed(StudentProcessError):
    """The student's process died while the solution cells were being loaded."""


class HungBefore(StudentProcessError):
    """A call of a student function that already ran out of time in an earlier test cell."""


class _Holder:
    """How NameProxy objects reach the student's current process (started on first use), and which
    of the student's functions ran out of time (hung: name -> the test cell where it did)."""

    def __init__(self, grading):
        self.grading = grading
        self.hung: dict[str, str] = {}

    @property
    def session(self) -> Session:
        return self.grading.session()

    def kind(self, name: str) -> str:
        return self.grading.kinds.get(name, "function")

    def check(self, name: str) -> None:
        if name in self.hung:
            raise HungBefore(f"{name} did not return within the time limit in {self.hung[name]}; "
                             "it is not called again")

    def timed_out(self, name: str) -> None:
        self.hung.setdefault(name, self.grading.current)

    def bind(self, references: dict) -> None:
        session = self.session
        for name, fn in references.items():
            session.bind(name, fn)
        self.grading.bound = True


class Grading:
    def __init__(self, ps, plan, submission, limits: Limits, only=None):
        self.ps, self.plan, self.sub, self.limits = ps, plan, submission, limits
        self.only = set(only) if only is not None else None
        self.deadline = time.monotonic() + limits.timeout_s          # the notebook's
        self.current, self.step_started = "", time.monotonic()       # the step running now, since when
        self.bound = False                                           # the step bound reference helpers
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
        self.sandbox = Sandbox(self.limits, self.step_deadline)
        session = Session(self.sandbox, self.ns)
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

    def _unbind(self) -> None:
        """The reference helpers bound for the cell that ended go back to the student's own."""
        self.bound = False
        try:
            self._session.unbind()
        except StudentProcessError:
            self._stop()

    def _stop(self) -> None:
        if self.sandbox is not None:
            self.sandbox.kill()
        self.sandbox = self._session = None

    # ------------------------------------------------------------------ messages
    def _explain(self, exc: BaseException) -> str:
        msg = failure_message(exc)
        if isinstance(exc, HungBefore):
            return f"not run to the end: {exc}"
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
        try:
            for step in self.plan.steps:
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
        finally:
            self._stop()
        return hint_prerequisites(GradingResult(self.ps, status, tests, error, self.notes))

    def _entry(self, step, passed, message) -> TestResult:
        return TestResult(step.label, step.points if passed else 0.0, step.points, bool(passed),
                          "" if passed else message)

    @property
    def step_deadline(self) -> float:
        return min(self.deadline, self.step_started + self.limits.test_timeout_s)

    def _run_step(self, step):
        """Run one instructor cell here -> (passed, message, (status, error) or None)."""
        self.current, self.step_started = step.label, time.monotonic()
        if self.sandbox is not None:
            self.sandbox.deadline = self.step_deadline
        notebook_limit = f"the notebook's time limit ({self.limits.timeout_s:g} s)"
        test_limit = f"the time limit of one test cell ({self.limits.test_timeout_s:g} s)"
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
            self._stop()
            notebook_over = time.monotonic() >= self.deadline
            if self.loading or not self.loaded_once:
                limit = notebook_limit if notebook_over else test_limit
                why = f"not run: {limit} was reached while the solution cells were being loaded"
                return False, why, ("timed_out", why)
            if notebook_over:
                return False, f"timed out: {notebook_limit} was reached while this test cell ran", \
                    ("timed_out", f"not run: {notebook_limit} was reached during {step.label}")
            hung = [name for name, where in self.holder.hung.items() if where == step.label]
            return False, f"timed out: this test cell ran longer than {test_limit}" + \
                (f", in {', '.join(hung)}" if hung else ""), None
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
        finally:
            if self.bound and self._session is not None and not self.sandbox.dead:
                self._unbind()
            if self.sandbox is not None and self.sandbox.dead:
                self._stop()                 # the next cell that needs the student's code starts afresh
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
