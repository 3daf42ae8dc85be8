"""Inside the sandbox: stand-ins for objects that stay in the GRADER (a test's stand-in model passed
to the student's train(), a callback). Copied next to runner.py (with handles.py); standard library + NumPy only.

Every use of a GraderProxy is a "callback" request to the grader, which decides what is allowed
(see autograder/exports.py): public attributes of the test's own objects, a few safe methods of
arrays and containers, items, len, iteration, in-place arithmetic. Values come back by value when
immutable and as further GraderProxy objects when mutable, so that ``param -= step`` on an array of
the grader's model changes that array. What it shares with the grader's RemoteObject is in handles.py.
"""
from __future__ import annotations

try:                      # in the grader (tests import it): a module of the autograder package
    from .handles import Handle
except ImportError:       # in the sandbox: next to runner.py
    from handles import Handle


class GraderProxy(Handle):
    """A handle to an object of the grader (see the module docstring and handles.py)."""

    __slots__ = ("_runner", "_gid", "_kind", "_type")

    def __init__(self, runner, gid, kind, type_name):
        for k, v in (("_runner", runner), ("_gid", gid), ("_kind", kind), ("_type", type_name)):
            object.__setattr__(self, k, v)

    def _send(self, op, **kw):
        get = object.__getattribute__
        return get(self, "_runner").callback(op, get(self, "_gid"), **kw)

    def __repr__(self):
        return f"<{object.__getattribute__(self, '_type')} object of the grader>"

    def __hash__(self):
        return hash(object.__getattribute__(self, "_gid"))
