"""Stand-ins, in the grader, for things in the student's process (the Session in session.py
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
  What it shares with the sandbox's GraderProxy is in sandboxed/handles.py.
"""
from __future__ import annotations

from ..sandboxed.handles import Handle
from .sandbox import SandboxTimeout


class RemoteObject(Handle):
    """A handle to an object in the student's process (see the module docstring and handles.py)."""

    __slots__ = ("_s", "_id", "_kind", "_type", "__weakref__")
    CALL_OPTIONS = {"by_ref": True}

    def __init__(self, session, hid, kind, type_name):
        for k, v in (("_s", session), ("_id", hid), ("_kind", kind), ("_type", type_name)):
            object.__setattr__(self, k, v)

    def _send(self, op, **kw):
        get = object.__getattribute__
        return get(self, "_s").request(op, {"h": get(self, "_id")}, **kw)

    def __delattr__(self, name):
        self._send("delattr", attr=name)

    def __repr__(self):
        try:
            return str(self._send("repr"))
        except Exception:  # noqa: BLE001
            return f"<{object.__getattribute__(self, '_type')} object in the student's process>"

    def __str__(self):
        try:
            return str(self._send("str"))
        except Exception:  # noqa: BLE001
            return repr(self)

    def __dir__(self):
        return list(self._send("dir"))

    def __instancecheck__(self, instance):
        return isinstance(instance, RemoteObject) and bool(self._send("isinstance", values={"v": instance}))

    def __hash__(self):
        return hash((id(object.__getattribute__(self, "_s")), object.__getattribute__(self, "_id")))


class NameProxy:
    """A function or class of the student's solution cells, in the student's current process."""

    def __init__(self, holder, name: str):
        self._holder = holder
        self.__name__ = self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        self._holder.check(self.__name__)              # a function that hung before is not called again
        by_ref = self._holder.kind(self.__name__) == "class"
        try:
            return self._holder.session.request("call", {"name": self.__name__}, args=args, kwargs=kwargs,
                                                by_ref=by_ref)
        except SandboxTimeout:
            self._holder.timed_out(self.__name__)
            raise

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._holder.session.request("getattr", {"name": self.__name__}, attr=name)

    def _use_reference(self, references: dict) -> None:
        """autograder.blame.use_reference for this engine: bind the names in the student's process."""
        self._holder.bind(references)

    def __instancecheck__(self, instance):
        return isinstance(instance, RemoteObject) and bool(
            self._holder.session.request("isinstance", {"name": self.__name__}, values={"v": instance}))

    def __repr__(self):
        return f"<{self._holder.kind(self.__name__)} {self.__name__} (the student's)>"
