"""Stand-ins, in the grader, for things in the student's process (the Session in proxies.py
carries their requests).

* ``NameProxy`` — a name the student's solution cells define (``im2col``, ``SimpleConvNet``).
  Calling a function returns its result BY VALUE (arrays, numbers, tuples, lists, dicts; anything
  else inside stays remote as a handle). Calling a class returns a ``RemoteObject``.
* ``RemoteObject`` — a handle to an object that stays in the student's process. Attribute and item
  access, method calls, iteration, len, repr, ``in``, ``isinstance`` are forwarded; what they
  return comes by value when immutable (numbers, strings, tuples of them) and as another handle
  when mutable (arrays, lists, dicts, objects), so ``model.params["W1"] = W`` and in-place changes
  of ``model.params["W1"]`` reach the student's object. A handle to an array also converts
  (``np.asarray``), computes (``+``, ``==``, ufuncs, np functions) and compares locally; comparing
  any other handle is identity (a student's object cannot answer ``==`` for the tests).
"""
from __future__ import annotations

import operator

import numpy as np


def _local(v):
    """Replace handles (also inside lists and tuples) by local copies of their values."""
    if isinstance(v, RemoteObject):
        return np.asarray(v)
    if type(v) in (list, tuple):
        return type(v)(_local(x) for x in v)
    return v


def _binary(fn, reflected=False):
    def method(self, other):
        a = np.asarray(self)
        return fn(_local(other), a) if reflected else fn(a, _local(other))
    return method


def _inplace(name):
    def method(self, other):
        return _request(self, "inplace", values={"v": other}, fn=name)
    return method


def _request(proxy, op, **kw):
    get = object.__getattribute__
    return get(proxy, "_s").request(op, {"h": get(proxy, "_id")}, **kw)


class RemoteObject:
    """A handle to an object in the student's process (see the module docstring)."""

    __slots__ = ("_s", "_id", "_kind", "_type", "__weakref__")

    def __init__(self, session, hid, kind, type_name):
        for k, v in (("_s", session), ("_id", hid), ("_kind", kind), ("_type", type_name)):
            object.__setattr__(self, k, v)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _request(self, "getattr", attr=name)

    def __setattr__(self, name, value):
        _request(self, "setattr", values={"v": value}, attr=name)

    def __delattr__(self, name):
        _request(self, "delattr", attr=name)

    def __call__(self, *args, **kwargs):
        return _request(self, "call", args=args, kwargs=kwargs, by_ref=True)

    def __getitem__(self, key):
        return _request(self, "getitem", values={"key": key})

    def __setitem__(self, key, value):
        _request(self, "setitem", values={"key": key, "v": value})

    def __delitem__(self, key):
        _request(self, "delitem", values={"key": key})

    def __len__(self):
        return int(_request(self, "len"))

    def __iter__(self):
        return iter(_request(self, "iter"))

    def __contains__(self, item):
        return bool(_request(self, "contains", values={"v": item}))

    def __bool__(self):
        return bool(_request(self, "bool"))

    def __repr__(self):
        try:
            return str(_request(self, "repr"))
        except Exception:  # noqa: BLE001
            return f"<{object.__getattribute__(self, '_type')} object in the student's process>"

    def __str__(self):
        try:
            return str(_request(self, "str"))
        except Exception:  # noqa: BLE001
            return repr(self)

    def __dir__(self):
        return list(_request(self, "dir"))

    def __instancecheck__(self, instance):
        return isinstance(instance, RemoteObject) and bool(_request(self, "isinstance", values={"v": instance}))

    def __array__(self, dtype=None, copy=None):
        a = _request(self, "array")
        return a.astype(dtype) if dtype is not None else a

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return getattr(ufunc, method)(*_local(inputs), **{k: _local(v) for k, v in kwargs.items()})

    def __array_function__(self, func, types, args, kwargs):
        return func(*_local(args), **{k: _local(v) for k, v in kwargs.items()})

    def __copy__(self):
        return _request(self, "value")

    def __deepcopy__(self, memo):
        return _request(self, "value")

    def __eq__(self, other):
        if object.__getattribute__(self, "_kind") == "ndarray":
            return np.asarray(self) == _local(other)
        return self is other

    def __ne__(self, other):
        if object.__getattribute__(self, "_kind") == "ndarray":
            return np.asarray(self) != _local(other)
        return self is not other

    def __hash__(self):
        return hash((id(object.__getattribute__(self, "_s")), object.__getattribute__(self, "_id")))

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


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "lt", "le", "gt", "ge",
              "and", "or", "xor"):
    _fn = getattr(operator, _name if _name not in ("and", "or") else _name + "_")
    setattr(RemoteObject, f"__{_name}__", _binary(_fn))
    if _name not in ("lt", "le", "gt", "ge"):
        setattr(RemoteObject, f"__r{_name}__", _binary(_fn, reflected=True))
    if _name not in ("lt", "le", "gt", "ge"):
        setattr(RemoteObject, f"__i{_name}__", _inplace(f"i{_name}"))


class NameProxy:
    """A function or class of the student's solution cells, in the student's current process."""

    def __init__(self, holder, name: str):
        self._holder = holder
        self.__name__ = self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        by_ref = self._holder.kind(self.__name__) == "class"
        return self._holder.session.request("call", {"name": self.__name__}, args=args, kwargs=kwargs,
                                            by_ref=by_ref)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._holder.session.request("getattr", {"name": self.__name__}, attr=name)

    def __instancecheck__(self, instance):
        return isinstance(instance, RemoteObject) and bool(
            self._holder.session.request("isinstance", {"name": self.__name__}, values={"v": instance}))

    def __repr__(self):
        return f"<{self._holder.kind(self.__name__)} {self.__name__} (the student's)>"
