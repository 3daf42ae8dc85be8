"""A handle to an object that lives in the other process: what RemoteObject (isolated/remote.py: in
the grader, for the student's objects) and GraderProxy (below: in the sandbox, for the grader's
objects) have in common.

Every use of a handle is one request to the other process, sent by the subclass's ``_send(op, **kw)``;
the other side decides what it answers. Attribute and item access, calls, len, iteration, ``in``
and truth are forwarded. A handle to an array also converts (``np.asarray``), computes (``+``,
ufuncs, NumPy functions) and compares on a local copy; an ufunc's ``out=`` handle is written back
item-wise, and in-place operators (``+=``) are sent, so both change the other side's array.
Comparing any other handle is identity: an object of the other side cannot answer ``==`` here.
"""
from __future__ import annotations

import operator

import numpy as np


def local(v):
    """Replace handles (also inside lists and tuples) by local copies of their values."""
    if isinstance(v, Handle):
        return np.asarray(v)
    if type(v) in (list, tuple):
        return type(v)(local(x) for x in v)
    return v


class Handle:
    """Subclasses set ``__slots__`` (with ``_kind``: "ndarray", "list", ...) and ``_send``."""

    __slots__ = ()
    CALL_OPTIONS: dict = {}          # extra fields of a "call" request (RemoteObject: by_ref)

    def _send(self, op, **kw):
        raise NotImplementedError

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._send("getattr", attr=name)

    def __setattr__(self, name, value):
        self._send("setattr", values={"v": value}, attr=name)

    def __call__(self, *args, **kwargs):
        return self._send("call", args=args, kwargs=kwargs, **self.CALL_OPTIONS)

    def __getitem__(self, key):
        return self._send("getitem", values={"key": key})

    def __setitem__(self, key, value):
        self._send("setitem", values={"key": key, "v": value})

    def __delitem__(self, key):
        self._send("delitem", values={"key": key})

    def __len__(self):
        return int(self._send("len"))

    def __iter__(self):
        return iter(self._send("iter"))

    def __contains__(self, item):
        return bool(self._send("contains", values={"v": item}))

    def __bool__(self):
        return bool(self._send("bool"))

    def __array__(self, dtype=None, copy=None):
        a = self._send("array")
        return a.astype(dtype) if dtype is not None else a

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = kwargs.pop("out", None)
        result = getattr(ufunc, method)(*local(inputs), **{k: local(v) for k, v in kwargs.items()})
        if out is None:
            return result
        outs = out if isinstance(out, tuple) else (out,)
        results = result if isinstance(result, tuple) else (result,)
        for o, r in zip(outs, results):
            o[...] = r                      # a handle: the other side's array is updated
        return out[0] if isinstance(out, tuple) and len(out) == 1 else out

    def __array_function__(self, func, types, args, kwargs):
        return func(*local(args), **{k: local(v) for k, v in kwargs.items()})

    def __copy__(self):
        return self._send("value")

    def __deepcopy__(self, memo):
        return self._send("value")

    def __eq__(self, other):
        if object.__getattribute__(self, "_kind") == "ndarray":
            return np.asarray(self) == local(other)
        return self is other

    def __ne__(self, other):
        if object.__getattribute__(self, "_kind") == "ndarray":
            return np.asarray(self) != local(other)
        return self is not other

    __hash__ = object.__hash__       # subclasses hash by their id on the other side

    def __float__(self):
        return float(np.asarray(self))

    def __int__(self):
        return int(np.asarray(self))

    def __index__(self):
        return operator.index(np.asarray(self)[()])

    def __neg__(self):
        return -np.asarray(self)

    def __pos__(self):
        return +np.asarray(self)

    def __abs__(self):
        return abs(np.asarray(self))


def _binary(fn, reflected=False):
    def method(self, other):
        a = np.asarray(self)
        return fn(local(other), a) if reflected else fn(a, local(other))
    return method


def _inplace(name):
    def method(self, other):
        return self._send("inplace", values={"v": other}, fn=name)
    return method


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor",
              "lt", "le", "gt", "ge"):
    _fn = getattr(operator, _name + "_" if _name in ("and", "or") else _name)
    setattr(Handle, f"__{_name}__", _binary(_fn))
    if _name not in ("lt", "le", "gt", "ge"):
        setattr(Handle, f"__r{_name}__", _binary(_fn, reflected=True))
        setattr(Handle, f"__i{_name}__", _inplace(f"i{_name}"))


class GraderProxy(Handle):
    """In the sandbox, a stand-in for an object that stays in the GRADER (a test's stand-in model
    passed to the student's train(), a callback). Every use is a callback request to the grader,
    which decides what is allowed (isolated/exports.py): public attributes of the test's own
    objects, a few safe methods of arrays and containers, items, len, iteration, in-place
    arithmetic. Values come back by value when immutable and as further GraderProxy objects when
    mutable, so that ``param -= step`` on an array of the grader's model changes that array."""

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
