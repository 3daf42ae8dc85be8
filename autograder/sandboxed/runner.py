"""The student's side of the isolated grader. It runs INSIDE the sandbox: standard library + NumPy
only, never the rest of ``autograder`` (see __init__.py).

    python -m sandboxed.runner FD LIMITS_JSON

1. Apply the resource limits (setrlimit) and, when started as root, drop to the unprivileged
   uid/gid given in LIMITS_JSON; point fds 0-2 at /dev/null and close every fd but FD (a socket).
2. Receive the code (the instructor's import cells, the student's solution cells), execute it in
   one namespace (an exception in a cell is reported, not fatal), and describe the names the
   grader asked about.
3. Serve requests until the socket closes: call a name or a handle, get/set attributes and items,
   len, iter, repr, ... Values go by value (wire.py) where they can; everything else stays here,
   in a table (objects.py), and the grader gets a handle (an id) to it. After a call, the arrays, lists,
   dicts and random generators received as arguments that the call changed are sent back
   ("writeback") so the grader can update its own objects in place.
4. Objects of the grader passed to the student's code (a test's stand-in model) arrive as
   GraderProxy objects (handles.py): using one sends a callback request to the grader and
   waits for its answer, serving any request the grader makes meanwhile.
5. For one test cell, a name of the student's namespace may be bound to a function the grader lends
   (a reference helper the student's function calls, so that a test blames only the function it
   tests); the grader unbinds it after the cell, and the lent object stops answering.
"""
from __future__ import annotations

import ast
import builtins
import hashlib
import importlib
import json
import operator
import os
import socket
import sys
import types

import numpy as np

from . import codec, protocol, wire
from .handles import GraderProxy
from .objects import ObjectTable

INPLACE = {name: getattr(operator, name) for name in (
    "iadd", "isub", "imul", "itruediv", "ifloordiv", "imod", "ipow", "imatmul", "iand", "ior", "ixor")}
MAX_ITEMS = 1_000_000
_UNSET = object()


def apply_limits(limits: dict) -> None:
    import resource  # noqa: PLC0415

    for name, value in limits["rlimits"].items():
        resource.setrlimit(getattr(resource, name), (value, value))
    if os.getuid() == 0:
        uid, gid = limits["uid"], limits["gid"]
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
        if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
            raise SystemExit("could not drop privileges")
    os.umask(0o077)


def isolate_fds(keep: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, keep)
    os.closerange(keep + 1, 1 << 16)


class LazyModule(types.ModuleType):
    """``import matplotlib.pyplot as plt`` without paying for the import unless plt is used."""

    def __getattr__(self, attr):
        return getattr(importlib.import_module(self.__name__), attr)


def run_imports(source: str, ns: dict, lazy: set) -> None:
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import) and all(a.name.split(".")[0] in lazy for a in node.names):
            for a in node.names:
                ns[a.asname or a.name.split(".")[0]] = LazyModule(a.name if a.asname else a.name.split(".")[0])
        else:
            exec(compile(ast.Module([node], []), "<imports>", "exec", dont_inherit=True), ns)


class Runner:
    def __init__(self, sock: socket.socket):
        self.sock, self.ns = sock, {"__name__": "__main__", "__builtins__": builtins}
        self.table = ObjectTable()                       # the student's objects the grader holds
        self.bound: dict = {}                            # names bound to the grader's references, and their own values
        self.grader_objects: dict[int, GraderProxy] = {}

    def handle_node(self, v, _enc=None) -> dict:
        """How a student's object that stays here is named in a message to the grader."""
        if isinstance(v, GraderProxy):
            return {"$": "gref", "id": object.__getattribute__(v, "_gid")}
        return self.table.node("handle", v)

    # -------------------------------------------------------------------- decoding / encoding
    def decode_other(self, node, dec):
        tag = node["$"]
        if tag == "handle":
            return self.table[node["id"]]
        if tag == "name":
            return self.lookup(str(node["v"]))
        if tag == "rng":
            g = wire.make_rng(str(node["bitgen"]), dec(node["state"]))
            dec.objects.append(g)
            return g
        if tag == "ghandle":
            gid = int(node["id"])
            if gid not in self.grader_objects:
                self.grader_objects[gid] = GraderProxy(self, gid, str(node.get("kind")), str(node.get("type")))
            return self.grader_objects[gid]
        raise wire.WireError(f"unknown tag {tag!r}")

    def lookup(self, name: str):
        try:
            return self.ns[name]
        except KeyError:
            raise NameError(f"name {name!r} is not defined") from None

    def target(self, req):
        return self.lookup(req["name"]) if "name" in req else self.table[req["h"]]

    # -------------------------------------------------------------------- writeback
    @staticmethod
    def snapshot(objects):
        snap = []
        for v in objects:
            if isinstance(v, np.ndarray):
                snap.append((v.shape, v.dtype, hashlib.blake2b(np.ascontiguousarray(v).data).digest()))
            elif isinstance(v, list):
                snap.append(list(list.__iter__(v)))
            elif isinstance(v, dict):
                snap.append(list(dict.items(v)))
            else:
                snap.append(json.dumps(wire.rng_state(v)[1], default=str))
        return snap

    def changes(self, objects, before, enc) -> list:
        out = []
        for i, (v, old) in enumerate(zip(objects, self.snapshot(objects))):
            was = before[i]
            if isinstance(v, np.ndarray):
                if old != was:
                    out.append([i, enc.array(v)])
            elif isinstance(v, (list, dict)):
                same = len(old) == len(was) and all(
                    (a[0] == b[0] and a[1] is b[1]) if isinstance(v, dict) else a is b for a, b in zip(old, was))
                if not same:
                    enc.register(None)     # the receiver numbers the container it decodes
                    items = list(list.__iter__(v)) if isinstance(v, list) else list(dict.items(v))
                    out.append([i, [enc(x, 1) for x in items] if isinstance(v, list) else
                                {"$": "dict", "k": [enc(k, 1) for k, _ in items], "v": [enc(x, 1) for _, x in items]}])
            elif old != was:
                out.append([i, {"$": "rngstate", "v": enc(wire.rng_state(v)[1], 1)}])
        return out

    # -------------------------------------------------------------------- requests
    def handle(self, req, buffers):
        """One request -> (reply, encoder that holds the reply's buffers)."""
        self.table.release(req.get("release", ()))
        op = req["op"]
        dec = codec.Decoder(buffers, self.decode_other)
        enc = codec.Encoder(self.handle_node, by_ref=bool(req.get("by_ref", True)))
        if op == "bind":                        # a name of the student's namespace -> the grader's reference
            name = str(req["name"])
            self.bound.setdefault(name, self.ns.get(name, _UNSET))
            self.ns[name] = dec(req["v"])
            return {"ok": None}, enc
        if op == "unbind":                      # every name bound, back to the student's own
            for name, value in self.bound.items():
                if value is _UNSET:
                    self.ns.pop(name, None)
                else:
                    self.ns[name] = value
            self.bound.clear()
            return {"ok": None}, enc
        if op == "call":
            args, kwargs = protocol.call_arguments(req, dec)
            before = self.snapshot(dec.objects)
            result = self.target(req)(*args, **kwargs)
            enc.slots = {id(v): i for i, v in enumerate(dec.objects)}
            wb = self.changes(dec.objects, before, enc)
            return ({"wb": wb, "ok": enc(result)} if wb else {"ok": enc(result)}), enc
        obj = self.target(req)
        if op == "getattr":
            return {"ok": enc(getattr(obj, str(req["attr"])))}, enc
        if op == "getitem":
            return {"ok": enc(obj[dec(req["key"])])}, enc
        if op == "inplace":
            return {"ok": enc(INPLACE[req["fn"]](obj, dec(req["v"])))}, enc
        if op == "iter":
            items = []
            for x in obj:
                if len(items) >= MAX_ITEMS:
                    raise RuntimeError(f"more than {MAX_ITEMS} items")
                items.append(x)
            return {"ok": [enc(x) for x in items]}, enc
        if op == "array":
            a = np.asarray(obj)
            if not wire.transferable_dtype(a.dtype):
                raise TypeError(f"not an array of numbers: {type(obj).__name__} (dtype {a.dtype})")
            enc = codec.Encoder(self.handle_node)
            return {"ok": enc(np.array(a, copy=True))}, enc
        if op == "value":                       # a deep copy, by value where possible
            enc = codec.Encoder(self.handle_node)
            return {"ok": enc(obj)}, enc
        if op == "setattr":
            setattr(obj, str(req["attr"]), dec(req["v"]))
        elif op == "delattr":
            delattr(obj, str(req["attr"]))
        elif op == "setitem":
            key = dec(req["key"])
            obj[key] = dec(req["v"])
        elif op == "delitem":
            del obj[dec(req["key"])]
        elif op in QUERIES:
            return {"ok": QUERIES[op](obj, lambda: dec(req["v"]))}, enc
        else:
            raise wire.WireError(f"unknown op {op!r}")
        return {"ok": None}, enc

    def load(self, init) -> None:
        lazy = set(init.get("lazy", ()))
        errors = []
        for label, source in init["imports"]:
            try:
                run_imports(source, self.ns, lazy)
            except BaseException as exc:  # noqa: BLE001
                errors.append({"cell": label, **protocol.describe_error(exc)})
        for label, source in init["cells"]:
            try:
                exec(compile(source, f"<{label}>", "exec", dont_inherit=True), self.ns)
            except BaseException as exc:  # noqa: BLE001  (SystemExit at import time too)
                errors.append({"cell": label, **protocol.describe_error(exc)})
        names = {}
        enc = codec.Encoder(self.handle_node, by_ref=True)
        for name in init["names"]:
            if name not in self.ns:
                names[name] = {"kind": "missing"}
                continue
            v = self.ns[name]
            kind = "class" if isinstance(v, type) else "function" if callable(v) else "value"
            names[name] = {"kind": kind, "value": enc(v) if kind == "value" else None}
        wire.send(self.sock, {"ready": True, "names": names, "errors": errors}, enc.buffers)

    def reply(self, req, buffers) -> None:
        try:
            out, enc = self.handle(req, buffers)
            buffers = enc.buffers
        except wire.WireError:
            raise
        except BaseException as exc:  # noqa: BLE001  (SystemExit and KeyboardInterrupt too)
            out, buffers = {"err": protocol.describe_error(exc)}, []
        wire.send(self.sock, out, buffers)

    def serve(self) -> None:
        while True:
            try:
                req, buffers = wire.recv(self.sock)
            except EOFError:
                return
            self.reply(req, buffers)

    def callback(self, op, gid, values=None, args=(), kwargs=None, **fields):
        """Ask the grader to do ``op`` on its object ``gid``; serve its requests until it answers."""
        enc = codec.Encoder(self.handle_node)
        msg = protocol.request(enc, {"cb": op, "g": gid, **fields}, values, args, kwargs)
        wire.send(self.sock, msg, enc.buffers)
        while True:
            reply, buffers = wire.recv(self.sock)
            if "op" in reply:                       # the grader calls us back meanwhile
                self.reply(reply, buffers)
                continue
            if "cberr" in reply:
                raise protocol.rebuild_error(reply["cberr"], lambda name, message: RuntimeError(message))
            return codec.Decoder(buffers, self.decode_other)(reply["cbok"])


QUERIES = {
    "len": lambda obj, v: operator.index(len(obj)),
    "bool": lambda obj, v: bool(obj),
    "repr": lambda obj, v: str(repr(obj))[:2048],
    "str": lambda obj, v: str(str(obj))[:2048],
    "contains": lambda obj, v: bool(v() in obj),
    "isinstance": lambda obj, v: isinstance(v(), obj) if isinstance(obj, type) else False,
    "dir": lambda obj, v: [str(n) for n in dir(obj)][:10000],
}


def main() -> None:
    fd, limits = int(sys.argv[1]), json.loads(sys.argv[2])
    apply_limits(limits)
    isolate_fds(fd)
    sock = socket.socket(fileno=fd)
    runner = Runner(sock)
    wire.send(sock, {"hello": os.getuid()}, [])          # started: from here on, failures are the student's
    init, _ = wire.recv(sock)
    runner.load(init)
    runner.serve()


if __name__ == "__main__":
    main()
