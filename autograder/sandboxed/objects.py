"""The objects one side keeps for the other: each under an id that the other side holds as a
handle. The runner keeps the student's objects for the grader (handle nodes), the grader keeps a
test's objects for the student's code (ghandle nodes); both use this table."""
from __future__ import annotations

import numpy as np


def kind_of(v) -> str:
    """What the other side may do with a handle to v: "ndarray", "class", "dict", "list",
    "callable" or "object"."""
    if isinstance(v, np.ndarray):
        return "ndarray"
    if isinstance(v, type):
        return "class"
    if isinstance(v, dict):
        return "dict"
    if isinstance(v, list):
        return "list"
    return "callable" if callable(v) else "object"


class ObjectTable:
    """id -> object; the same object keeps its id while it is in the table."""

    def __init__(self):
        self.objects: dict[int, object] = {}
        self._ids: dict[int, int] = {}          # id(object) -> table id
        self._next = 1

    def add(self, v) -> int:
        oid = self._ids.get(id(v))
        if oid is None or self.objects.get(oid) is not v:
            oid, self._next = self._next, self._next + 1
            self.objects[oid], self._ids[id(v)] = v, oid
        return oid

    def node(self, tag: str, v) -> dict:
        """The wire node that names v on the other side: {"$": tag, "id", "kind", "type"}."""
        return {"$": tag, "id": self.add(v), "kind": kind_of(v), "type": getattr(type(v), "__name__", "?")[:200]}

    def __getitem__(self, oid) -> object:
        return self.objects[int(oid)]

    def release(self, ids) -> None:
        """The other side dropped its handles to these ids."""
        for oid in ids:
            v = self.objects.pop(int(oid), None)
            if v is not None and self._ids.get(id(v)) == int(oid):
                del self._ids[id(v)]
