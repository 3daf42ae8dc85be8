"""Inside the sandbox: stand-ins for objects that stay in the GRADER (a test's stand-in model passed
to the student's train(), a callback). Copied next to runner.py; standard library + NumPy only.

Every use of a GraderProxy is a "callback" request to the grader, which decides what is allowed
(see autograder/exports.py): public attributes of the test's own objects, a few safe methods of
arrays and containers, items, len, iteration, in-place arithmetic. Values come back by value when
immutable and as further GraderProxy objects when mutable, so that ``param -= step`` on an array of
the grader's model changes that array.
"""
from __future__ import annotations

import operator

import numpy as np


def _local(v):
    if isinstance(v, GraderProxy):
        return np.asarray(v)
    if type(v) in (list, tuple):
        return type(v)(_local(x) for x in v)
    return v


def _cb(proxy, op, **kw):
    get = object.__getattribute__
    return get(proxy, "_runner").callback(op, get(proxy, "_gid"), **kw)


class GraderProxy:
    __slots__ = ("_runner", "_gid", "_kind", "_type")

    def __init__(self, runner, gid, kind, type_name):
        for k, v in (("_runner", runner), ("_gid", gid), ("_kind", kind), ("_type", type_name)):
            object.__setattr__(self, k, v)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _cb(self, "getattr", attr=name)

    def __setattr__(self, name, value):
        _cb(self, "setattr", values={"v": value}, attr=name)

    def __call__(self, *args, **kwargs):
        return _cb(self, "call", args=args, kwargs=kwargs)

    def __getitem__(self, key):
        return _cb(self, "getitem", values={"key": key})

    def __setitem__(self, key, value):
        _cb(self, "setitem", values={"key": key, "v": value})

    def __delitem__(self, key):
        _cb(self, "delitem", values={"key": key})

    def __len__(self):
        return int(_cb(self, "len"))

    def __iter__(self):
        return iter(_cb(self, "iter"))

    def __contains__(self, item):
        return bool(_cb(self, "contains", values={"v": item}))

    def __bool__(self):
        return bool(_cb(self, "bool"))

    def __repr__(self):
        return f"<{object.__getattribute__(self, '_type')} object of the grader>"

    def __array__(self, dtype=None, copy=None):
        a = _cb(self, "array")
        return a.astype(dtype) if dtype is not None else a

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = kwargs.pop("out", None)
        result = getattr(ufunc, method)(*_local(inputs), **{k: _local(v) for k, v in kwargs.items()})
        if out is None:
            return result
        outs = out if isinstance(out, tuple) else (out,)
        results = result if isinstance(result, tuple) else (result,)
        for o, r in zip(outs, results):
            o[...] = r                      # a GraderProxy: the grader's array is updated
        return out[0] if isinstance(out, tuple) and len(out) == 1 else out

    def __array_function__(self, func, types, args, kwargs):
        return func(*_local(args), **{k: _local(v) for k, v in kwargs.items()})

    def __copy__(self):
        return _cb(self, "value")

    def __deepcopy__(self, memo):
        return _cb(self, "value")

    def __eq__(self, other):
        if object.__getattribute__(self, "_kind") == "ndarray":
            return np.asarray(self) == _local(other)
        return self is other

    def __ne__(self, other):
        if object.__getattribute__(self, "_kind") == "ndarray":
            return np.asarray(self) != _local(other)
        return self is not other

    def __hash__(self):
        return hash(object.__getattribute__(self, "_gid"))

    def __float__(self):
        return float(np.asarray(self))

    def __int__(self):
        return int(np.asarray(self))

    def __index__(self):
        return operator.index(np.asarray(self)[()])

    def __neg__(self):
        return -np.asarray(self)

    def __abs__(self):
        return abs(np.asarray(self))


def _binary(fn, reflected=False):
    def method(self, other):
        a = np.asarray(self)
        return fn(_local(other), a) if reflected else fn(a, _local(other))
    return method


def _inplace(name):
    def method(self, other):
        return _cb(self, "inplace", values={"v": other}, fn=name)
    return method


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor",
              "lt", "le", "gt", "ge"):
    _fn = getattr(operator, _name + "_" if _name in ("and", "or") else _name)
    setattr(GraderProxy, f"__{_name}__", _binary(_fn))
    if _name not in ("lt", "le", "gt", "ge"):
        setattr(GraderProxy, f"__r{_name}__", _binary(_fn, reflected=True))
        setattr(GraderProxy, f"__i{_name}__", _inplace(f"i{_name}"))
