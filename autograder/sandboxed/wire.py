"""The wire format between the grader and the sandboxed runner: JSON + raw .npy bytes, never pickle.

Standard library + NumPy only: the grader and the sandbox both import it (see __init__.py).

A message is a header ``MAGIC, json_len, n_buffers`` (little-endian), the JSON text, then each
buffer as an 8-byte length and that many bytes (a NumPy .npy file, read with allow_pickle=False).
Values are JSON where JSON can say it (None, bool, int, float, str, lists); everything else is a
tagged object ``{"$": tag, ...}``:

    tuple, dict (keys and values encoded), complex, slice, ellipsis,
    nd      a numeric/bool array: a buffer index; ``layout`` (shape, strides, offset into a raw
            uint8 buffer) keeps the exact strides of a non-contiguous array; ``ro`` its read-only flag
    same    the same array/container again (aliasing is kept within one message)
    scalar  a NumPy scalar (its type is kept: np.int64 stays np.int64, never a Python int)
    dtype, type   np.dtype('float32'), np.float32, int, ...
    rng     a numpy.random.Generator (bit generator name + state)
    slot    "the object you sent as slot i" (the grader gets its own object back: identity kept)
    handle  an object that stays in the runner (id, kind, type name): see runner.py, objects.py
    name    a name in the student's namespace (a student function passed as an argument)
    ghandle, gref   an object that stays in the grader, and a reference back to it (exports.py)

codec.py turns values into these nodes and back; protocol.py says what requests and replies hold.
"""
from __future__ import annotations

import io
import json
import socket
import struct
import time

import numpy as np

MAGIC = b"CNW1"
HEADER = struct.Struct("<4sII")
BUFLEN = struct.Struct("<Q")
MAX_JSON = 64 << 20
MAX_BUFFERS = 1 << 16
MAX_DEPTH = 64
ARRAY_KINDS = "biufc"
PY_TYPES = {"int": int, "float": float, "bool": bool, "complex": complex, "str": str}
BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


class WireError(Exception):
    """A malformed, oversized or truncated message."""


class Timeout(Exception):
    """No (complete) message before the deadline."""


# ------------------------------------------------------------------------------------ framing
def send(sock: socket.socket, obj, buffers: list[bytes]) -> None:
    text = json.dumps(obj, separators=(",", ":")).encode()
    parts = [HEADER.pack(MAGIC, len(text), len(buffers)), text]
    for b in buffers:
        parts += [BUFLEN.pack(len(b)), b]
    if sum(map(len, parts)) < (1 << 20):
        sock.sendall(b"".join(parts))
    else:
        for p in parts:
            sock.sendall(p)


def _read(sock: socket.socket, n: int, deadline: float | None) -> bytearray:
    out = bytearray(n)
    view, got = memoryview(out), 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout()
            sock.settimeout(left)
        try:
            k = sock.recv_into(view[got:], min(n - got, 1 << 22))
        except TimeoutError:
            raise Timeout() from None
        if k == 0:
            raise EOFError("the other side closed the connection")
        got += k
    return out


def recv(sock: socket.socket, deadline: float | None = None, max_bytes: int = 1 << 62):
    """One message: ``(obj, [bytearray, ...])``. Raises EOFError, Timeout or WireError."""
    magic, n_json, n_buf = HEADER.unpack(_read(sock, HEADER.size, deadline))
    if magic != MAGIC or n_json > min(MAX_JSON, max_bytes) or n_buf > MAX_BUFFERS:
        raise WireError("bad message header")
    try:
        obj = json.loads(bytes(_read(sock, n_json, deadline)))
    except (ValueError, RecursionError) as exc:
        raise WireError(f"bad message: {exc}") from None
    total, buffers = n_json, []
    for _ in range(n_buf):
        (size,) = BUFLEN.unpack(_read(sock, BUFLEN.size, deadline))
        total += size
        if total > max_bytes:
            raise WireError(f"message larger than the limit of {max_bytes} bytes")
        buffers.append(_read(sock, size, deadline))
    return obj, buffers


# ------------------------------------------------------------------------------------ arrays
def transferable_dtype(dtype) -> bool:
    return dtype.kind in ARRAY_KINDS and not dtype.hasobject and dtype.fields is None


def npy_bytes(a: np.ndarray) -> bytes:
    f = io.BytesIO()
    np.lib.format.write_array(f, a, allow_pickle=False)
    return f.getvalue()


def read_npy(buf) -> np.ndarray:
    try:
        a = np.lib.format.read_array(io.BytesIO(buf), allow_pickle=False)
    except Exception as exc:  # noqa: BLE001  (NumPy's reader fails in many ways on bad bytes: all are bad input)
        raise WireError(f"bad array: {exc}") from None
    if not transferable_dtype(a.dtype):
        raise WireError(f"arrays of dtype {a.dtype} are not accepted")
    return a


def raw_layout(a: np.ndarray):
    """For an array that is neither C- nor F-contiguous: (uint8 copy of the memory it spans,
    layout) so that the receiver can rebuild it with exactly the same strides."""
    lo = sum(min(0, (n - 1) * s) for n, s in zip(a.shape, a.strides))
    hi = sum(max(0, (n - 1) * s) for n, s in zip(a.shape, a.strides)) + a.itemsize
    ptr = a.__array_interface__["data"][0]
    span = np.asarray(_Interface(ptr + lo, hi - lo, a))
    return span.copy(), {"shape": list(a.shape), "strides": list(a.strides), "offset": -lo,
                         "dtype": a.dtype.str}


class _Interface:
    def __init__(self, ptr, n, owner):
        self.owner = owner
        self.__array_interface__ = {"data": (ptr, True), "shape": (n,), "typestr": "|u1", "version": 3}


def from_layout(raw: np.ndarray, layout) -> np.ndarray:
    try:
        dtype = np.dtype(str(layout["dtype"]))
        if raw.dtype != np.uint8 or raw.ndim != 1 or not transferable_dtype(dtype):
            raise ValueError("bad raw buffer")
        return np.ndarray(tuple(int(n) for n in layout["shape"]), dtype, buffer=raw.data,
                          offset=int(layout["offset"]), strides=tuple(int(s) for s in layout["strides"]))
    except (TypeError, ValueError, KeyError) as exc:
        raise WireError(f"bad array layout: {exc}") from None


def scalar_value(v):
    """A NumPy scalar as JSON, keeping its type; None when it cannot be sent that way."""
    if v.dtype.kind in "biu" or (v.dtype.kind == "f" and v.dtype.itemsize <= 8):
        return {"$": "scalar", "dtype": v.dtype.str, "v": v.item()}
    if v.dtype.kind == "c" and v.dtype.itemsize <= 16:
        return {"$": "scalar", "dtype": v.dtype.str, "v": [v.real.item(), v.imag.item()]}
    return None


def decode_scalar(node):
    dtype = np.dtype(str(node["dtype"]))
    if not transferable_dtype(dtype):
        raise WireError(f"bad scalar dtype {dtype}")
    v = node["v"]
    if dtype.kind == "c":
        v = complex(float(v[0]), float(v[1]))
    elif not isinstance(v, (bool, int, float)):
        raise WireError("bad scalar")
    return dtype.type(v)


def encode_type(t):
    """np.float32, int, ... as a tagged node, or None for any other class."""
    for name, cls in PY_TYPES.items():
        if t is cls:
            return {"$": "type", "py": name}
    if isinstance(t, type) and issubclass(t, np.generic) and t is not np.object_:
        try:
            dtype = np.dtype(t)
        except TypeError:
            return None
        if transferable_dtype(dtype):
            return {"$": "type", "np": dtype.str}
    return None


def decode_type(node):
    if "py" in node:
        if node["py"] not in PY_TYPES:
            raise WireError("bad type")
        return PY_TYPES[node["py"]]
    dtype = np.dtype(str(node["np"]))
    if not transferable_dtype(dtype):
        raise WireError("bad type")
    return dtype.type


def rng_state(g) -> tuple[str, dict] | None:
    name = type(g.bit_generator).__name__
    return (name, g.bit_generator.state) if name in BIT_GENERATORS else None


def make_rng(name: str, state) -> np.random.Generator:
    if name not in BIT_GENERATORS:
        raise WireError(f"bad bit generator {name!r}")
    bitgen = getattr(np.random, name)()
    bitgen.state = state
    return np.random.Generator(bitgen)
