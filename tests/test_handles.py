"""handles.Handle, the common half of the grader's RemoteObject and the sandbox's GraderProxy,
against a stand-in "other side" that keeps the real objects in this process."""
from __future__ import annotations

import operator

import numpy as np

from autograder.sandboxed.handles import Handle


class Other:
    """The other process: answers the requests a handle sends, and records them."""

    def __init__(self, obj):
        self.obj, self.log = obj, []

    def answer(self, op, values=None, attr=None, args=(), kwargs=None, fn=None, **options):
        self.log.append((op, options))
        values = values or {}
        if op == "array":
            return np.array(self.obj)
        if op == "getattr":
            return getattr(self.obj, attr)
        if op == "setitem":
            self.obj[values["key"]] = values["v"]
            return None
        if op == "inplace":
            self.obj = getattr(operator, fn)(self.obj, values["v"])
            return None
        if op == "call":
            return self.obj(*args, **(kwargs or {}))
        if op == "len":
            return len(self.obj)
        raise AssertionError(f"unexpected request {op}")


class LocalHandle(Handle):
    __slots__ = ("_other", "_kind")
    CALL_OPTIONS = {"by_ref": True}

    def __init__(self, other, kind):
        object.__setattr__(self, "_other", other)
        object.__setattr__(self, "_kind", kind)

    def _send(self, op, **kw):
        return object.__getattribute__(self, "_other").answer(op, **kw)


def test_array_handles_compute_locally_and_write_back():
    other = Other(np.arange(4.0))
    h = LocalHandle(other, "ndarray")
    assert np.array_equal(h + 1, [1, 2, 3, 4]) and np.array_equal(2 * h, [0, 2, 4, 6])
    assert (h == np.arange(4.0)).all() and len(h) == 4 and float(np.sum(h)) == 6.0
    np.multiply(h, 10, out=h)                      # out= a handle: the other side's array changes
    assert np.array_equal(other.obj, [0, 10, 20, 30])
    h += 1                                         # an in-place operator is one "inplace" request
    assert np.array_equal(other.obj, [1, 11, 21, 31]) and other.log[-1][0] == "inplace"


def test_calls_carry_the_subclass_options_and_objects_compare_by_identity():
    other = Other(lambda a, b=0: a + b)
    h = LocalHandle(other, "function")
    assert h(2, b=3) == 5 and other.log[-1] == ("call", {"by_ref": True})
    assert h == h and h != LocalHandle(other, "function")
    assert LocalHandle(Other(np.zeros(2)), "ndarray").real is not None    # attributes are forwarded
