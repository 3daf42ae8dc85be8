"""Values <-> JSON nodes + buffers, for wire.py's messages (the tags are listed there).

Standard library + NumPy only (see __init__.py).
"""
from __future__ import annotations

import numpy as np

from .wire import (
    MAX_DEPTH,
    WireError,
    decode_scalar,
    decode_type,
    encode_type,
    from_layout,
    npy_bytes,
    raw_layout,
    read_npy,
    scalar_value,
    transferable_dtype,
)


class Encoder:
    """Turns a value into JSON nodes + buffers. ``by_ref`` keeps mutable things (arrays, lists,
    dicts) out of the message: they go to ``other`` like every object the wire cannot carry.
    ``other(v)`` returns a node for such a value (a handle, ...) or raises TypeError.
    ``slots`` maps id(obj) -> i for objects the receiver already has (sent to us as slot i)."""

    def __init__(self, other, by_ref: bool = False, slots: dict | None = None):
        self.other, self.by_ref, self.slots = other, by_ref, slots or {}
        self.buffers: list[bytes] = []
        self.objects: list = []          # arrays, lists and dicts in the order they were sent
        self._index: dict[int, int] = {}

    def __call__(self, v, depth: int = 0):
        t = type(v)
        if v is None or t is bool or t is int or t is str or t is float:
            return v
        if t is complex:
            return {"$": "complex", "v": [v.real, v.imag]}
        if isinstance(v, np.generic) and transferable_dtype(v.dtype):
            node = scalar_value(v)
            if node is not None:
                return node
        if t is np.dtype or isinstance(v, np.dtype):
            if transferable_dtype(v):
                return {"$": "dtype", "v": v.str}
        elif isinstance(v, type):
            node = encode_type(v)
            if node is not None:
                return node
        elif t is slice:
            return {"$": "slice", "v": [self(v.start, depth + 1), self(v.stop, depth + 1),
                                        self(v.step, depth + 1)]}
        elif v is Ellipsis:
            return {"$": "ellipsis"}
        if depth > MAX_DEPTH:
            return self.other(v, self)
        if id(v) in self.slots:
            return {"$": "slot", "i": self.slots[id(v)]}
        if t is tuple:
            return {"$": "tuple", "v": [self(x, depth + 1) for x in v]}
        mutable = isinstance(v, np.ndarray) and transferable_dtype(v.dtype) or t is list or t is dict
        if not mutable or self.by_ref:
            return self.other(v, self)
        if id(v) in self._index:
            return {"$": "same", "i": self._index[id(v)]}
        if t is list:
            self.register(v)
            return [self(x, depth + 1) for x in list.__iter__(v)]
        if t is dict:
            self.register(v)
            items = list(dict.items(v))
            return {"$": "dict", "k": [self(k, depth + 1) for k, _ in items],
                    "v": [self(x, depth + 1) for _, x in items]}
        return self.array(v)

    def register(self, v) -> None:
        """Number v as the receiver will (it numbers every list, dict and array it decodes)."""
        if v is not None:
            self._index[id(v)] = len(self.objects)
        self.objects.append(v)

    def array(self, a: np.ndarray):
        """An array node for a, by value (even where a is a slot)."""
        self.register(a)
        a = a.view(np.ndarray) if type(a) is not np.ndarray else a
        node = {"$": "nd", "b": len(self.buffers), "ro": not a.flags.writeable}
        if a.flags.c_contiguous or a.flags.f_contiguous or a.size == 0:
            self.buffers.append(npy_bytes(a))
        else:
            raw, node["layout"] = raw_layout(a)
            self.buffers.append(npy_bytes(raw))
        return node


class Decoder:
    """The inverse of Encoder. ``other(node)`` decodes the tags this module does not know
    (handle, name, rng); ``slots`` is the list of objects the peer may refer to by slot."""

    def __init__(self, buffers, other, slots: list | None = None):
        self.buffers, self.other, self.slots = buffers, other, slots or []
        self.objects: list = []

    def __call__(self, node, depth: int = 0):
        if depth > 2 * MAX_DEPTH + 8:
            raise WireError("message nested too deeply")
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            out: list = []
            self.objects.append(out)
            out.extend(self(x, depth + 1) for x in node)
            return out
        if not isinstance(node, dict):
            raise WireError("bad node")
        try:
            return self._tagged(node, node["$"], depth)
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise WireError(f"bad {node.get('$')!r} node: {exc!r}") from None

    def _tagged(self, node, tag, depth):
        if tag == "tuple":
            return tuple(self(x, depth + 1) for x in node["v"])
        if tag == "dict":
            out: dict = {}
            self.objects.append(out)
            if len(node["k"]) != len(node["v"]):
                raise WireError("bad dict")
            keys = [self(k, depth + 1) for k in node["k"]]       # keys first, as they were sent
            for k, v in zip(keys, node["v"]):
                out[k] = self(v, depth + 1)
            return out
        if tag == "nd":
            a = read_npy(self.buffers[int(node["b"])])
            if "layout" in node:
                a = from_layout(a, node["layout"])
            if node.get("ro"):
                a.flags.writeable = False
            self.objects.append(a)
            return a
        if tag == "same":
            return self.objects[int(node["i"])]
        if tag == "slot":
            i = int(node["i"])
            if not 0 <= i < len(self.slots):
                raise WireError("bad slot")
            return self.slots[i]
        if tag == "scalar":
            return decode_scalar(node)
        if tag == "complex":
            return complex(float(node["v"][0]), float(node["v"][1]))
        if tag == "dtype":
            dtype = np.dtype(str(node["v"]))
            if not transferable_dtype(dtype):
                raise WireError("bad dtype")
            return dtype
        if tag == "type":
            return decode_type(node)
        if tag == "slice":
            return slice(*(self(x, depth + 1) for x in node["v"]))
        if tag == "ellipsis":
            return Ellipsis
        return self.other(node, self)
