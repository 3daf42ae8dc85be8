"""Grader objects that the student's code may use: the callback side of session.py.

A test may pass its own objects to the student's code (ps3 gives train() a stand-in model that
records the batches it sees). They stay in the grader; the student's process gets handles to them
and asks for each use (sandboxed/handles.py's GraderProxy). What it may ask is limited, because these requests come
from untrusted code and run in the grader:

* objects the TESTS made — instances of classes and functions defined in a test cell — expose
  their public attributes (no leading underscore) and may be called;
* arrays expose only their shape/dtype attributes and a list of computing methods (no tofile,
  dump, ctypes, base, ...), containers only their ordinary methods;
* everything else (modules, classes, numpy functions, the grader's own objects) is refused.

Results go back by value when immutable, as handles when mutable (so that in-place updates of a
test's arrays work), with dict views turned into tuples.
"""
from __future__ import annotations

import copy
import operator
import types

import numpy as np

from ..sandboxed import protocol
from ..sandboxed.objects import ObjectTable

ARRAY_ATTRS = {"shape", "dtype", "ndim", "size", "itemsize", "nbytes", "T"}
ARRAY_METHODS = {"copy", "astype", "reshape", "ravel", "flatten", "transpose", "swapaxes", "squeeze", "sum",
                 "mean", "max", "min", "argmax", "argmin", "any", "all", "std", "var", "prod", "cumsum",
                 "clip", "round", "dot", "tolist", "item", "fill", "nonzero", "argsort", "sort", "take",
                 "repeat", "conj"}
CONTAINER_METHODS = {"keys", "values", "items", "get", "copy", "append", "extend", "insert", "pop", "popitem",
                     "remove", "clear", "update", "setdefault", "index", "count", "sort", "reverse", "add",
                     "discard"}
INPLACE = {"iadd", "isub", "imul", "itruediv", "ifloordiv", "imod", "ipow", "imatmul", "iand", "ior", "ixor"}
DICT_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))


class Refused(PermissionError):
    """The student's code asked for something the grader does not give out."""


class Exports:
    """The grader objects handed to one student process, by id."""

    def __init__(self, ns: dict):
        self.ns = ns
        self.table = ObjectTable()
        self.lent: dict[int, object] = {}          # id -> a reference function lent for one test cell

    def lend(self, fn) -> dict:
        """Hand the student's code a function it may call and do nothing else with (a reference
        helper, bound to a name of its namespace for one test cell); revoke() takes it back."""
        self.lent[id(fn)] = fn
        return self.table.node("ghandle", fn)

    def revoke(self) -> None:
        self.table.release([self.table.add(fn) for fn in self.lent.values()])
        self.lent.clear()

    # ------------------------------------------------------------------ what may go out
    def _test_made(self, v) -> bool:
        if isinstance(v, types.FunctionType):
            return v.__globals__ is self.ns
        if isinstance(v, type):
            return False
        return any(getattr(f, "__globals__", None) is self.ns for f in vars(type(v)).values())

    def exportable(self, v) -> bool:
        if isinstance(v, (np.ndarray, dict, list, set)) or self._test_made(v):
            return True
        if isinstance(v, types.MethodType):
            return self._test_made(v.__self__) and self._test_made(v.__func__)
        if isinstance(v, types.BuiltinMethodType) and v.__self__ is not None:
            owner = v.__self__
            allowed = ARRAY_METHODS if isinstance(owner, np.ndarray) else CONTAINER_METHODS
            return isinstance(owner, (np.ndarray, dict, list, set)) and v.__name__ in allowed
        return False

    def export(self, v) -> dict:
        if not self.exportable(v):
            raise Refused(f"the grader does not give the student's code a {type(v).__name__}")
        return self.table.node("ghandle", v)

    # ------------------------------------------------------------------ what may be done
    def _getattr(self, obj, name: str):
        if name.startswith("_"):
            raise Refused(f"attribute {name!r} of a grader object")
        if isinstance(obj, np.ndarray):
            if name not in ARRAY_ATTRS | ARRAY_METHODS:
                raise Refused(f"attribute {name!r} of an array of the grader")
        elif isinstance(obj, (dict, list, set)):
            if name not in CONTAINER_METHODS:
                raise Refused(f"attribute {name!r} of a {type(obj).__name__} of the grader")
        elif not self._test_made(obj):
            raise Refused(f"attributes of a {type(obj).__name__}")
        return getattr(obj, name)

    def serve(self, msg, dec):
        """Do what one callback request asks -> (result, by_ref): the result goes by reference
        (mutable things as handles) except for "array" and for copies of arrays and containers."""
        obj = self.table[msg["g"]]
        op = msg["cb"]
        if op == "value":                  # copy.deepcopy(proxy) in the student's code
            if isinstance(obj, (np.ndarray, dict, list, set)):
                return obj, False
            if not self._test_made(obj):
                raise Refused(f"copying a {type(obj).__name__}")
            return copy.deepcopy(obj), True
        if op == "array":
            return np.array(obj), False
        return self._serve(obj, op, msg, dec), True

    def _serve(self, obj, op, msg, dec):
        if op == "getattr":
            return self._getattr(obj, str(msg["attr"]))
        if op == "setattr":
            name = str(msg["attr"])
            if name.startswith("_") or not self._test_made(obj) or isinstance(obj, types.FunctionType):
                raise Refused(f"setting attribute {name!r} of a grader object")
            return setattr(obj, name, dec(msg["v"]))
        if op == "call":
            lent = self.lent.get(id(obj)) is obj
            test_made = self.exportable(obj) and not isinstance(obj, (np.ndarray, dict, list, set))
            if not (callable(obj) and (lent or test_made)):
                raise Refused(f"calling a {type(obj).__name__}")
            args, kwargs = protocol.call_arguments(msg, dec)
            return obj(*args, **kwargs)
        if op in ("getitem", "setitem", "delitem", "len", "iter", "contains", "inplace", "bool"):
            if not isinstance(obj, (np.ndarray, dict, list, set)) and op != "bool":
                raise Refused(f"{op} on a {type(obj).__name__}")
            if op == "getitem":
                return obj[dec(msg["key"])]
            if op == "setitem":
                key = dec(msg["key"])
                obj[key] = dec(msg["v"])
                return None
            if op == "delitem":
                del obj[dec(msg["key"])]
                return None
            if op == "inplace":
                if msg.get("fn") not in INPLACE:
                    raise Refused("operator")
                return getattr(operator, msg["fn"])(obj, dec(msg["v"]))
            return {"len": len, "iter": tuple, "bool": bool, "contains": lambda o: dec(msg["v"]) in o}[op](obj)
        raise Refused(f"operation {op!r}")
