"""The grader's side of a sandboxed student process: a Session speaks the protocol
(sandboxed/protocol.py); remote.py's proxies stand in for the student's functions, classes and
objects inside the test cells.

* Mutation: the arrays, lists, dicts and random generators passed to a call are updated in place
  with what the call did to them (see runner.py), and a result that IS one of the arguments comes
  back as the caller's own object.
* Exceptions: a builtin exception raised by student code is raised again as the same class
  (``ValueError`` stays ``ValueError``); any other becomes ``StudentError`` (its type name kept).
"""
from __future__ import annotations

import time
import weakref

import numpy as np

from ..sandboxed import codec, protocol, wire
from .exports import DICT_VIEWS, Exports
from .remote import NameProxy, RemoteObject
from .sandbox import SandboxDied, SandboxTimeout, StudentProcessError


class StudentError(Exception):
    """An exception of a non-builtin class raised by the student's code."""

    def __init__(self, type_name: str, message: str):
        super().__init__(message)
        self.type_name = type_name


class Lent:
    """A grader function lent to the student's process for one test cell (see Session.bind)."""

    def __init__(self, fn):
        self.fn = fn


class NotTransferable(StudentProcessError):
    """A test tried to send the student's code something the wire cannot carry (a grader bug)."""


def student_exception(err: dict) -> BaseException:
    """What the student's code raised, raised again here: a builtin class as itself, any other as
    StudentError (its name kept); marked as coming from the student."""
    exc = protocol.rebuild_error(err, StudentError)
    exc.from_student = True
    return exc


class Session:
    """Requests to one sandboxed runner."""

    def __init__(self, sandbox, ns: dict | None = None):
        self.sandbox = sandbox
        self.exports = Exports(ns if ns is not None else {})
        self.pending_release: list[int] = []
        self._proxies: dict[int, weakref.ref] = {}

    # ------------------------------------------------------------------ values out and in
    def _encode_other(self, v, enc):
        if isinstance(v, RemoteObject):
            if object.__getattribute__(v, "_s") is not self:
                raise SandboxDied("this object lived in the student's process of an earlier test cell, "
                                  "which has ended")
            return {"$": "handle", "id": object.__getattribute__(v, "_id")}
        if isinstance(v, NameProxy):
            return {"$": "name", "v": v.__name__}
        if isinstance(v, Lent):
            return self.exports.lend(v.fn)
        if type(v) is np.random.Generator and wire.rng_state(v) is not None:
            name, state = wire.rng_state(v)
            node = {"$": "rng", "bitgen": name, "state": enc(state)}
            enc.register(v)
            return node
        if isinstance(v, DICT_VIEWS):
            return enc(tuple(v), 1)
        if self.exports.exportable(v):
            return self.exports.export(v)
        raise NotTransferable(f"isolated grading cannot pass a {type(v).__name__} to the student's code")

    def bind(self, name: str, fn) -> None:
        """For the current test cell, the student's code calls the grader's ``fn`` wherever it calls
        its own ``name`` (unbind() ends it)."""
        self.request("bind", {"name": name}, values={"v": Lent(fn)})

    def unbind(self) -> None:
        self.request("unbind", {})
        self.exports.revoke()

    def _decode_other(self, node, dec):
        if node.get("$") == "gref":
            return self.exports.table[node["id"]]
        if node.get("$") != "handle":
            raise wire.WireError(f"unexpected {node.get('$')!r} node")
        hid = int(node["id"])
        ref = self._proxies.get(hid)
        proxy = ref() if ref is not None else None
        if proxy is None:
            if hid in self.pending_release:
                self.pending_release.remove(hid)
            proxy = RemoteObject(self, hid, str(node.get("kind", "object")), str(node.get("type", "?")))
            self._proxies[hid] = weakref.ref(proxy)
            weakref.finalize(proxy, self._release, hid)
        return proxy

    def _release(self, hid: int) -> None:
        ref = self._proxies.get(hid)
        if ref is not None and ref() is None:
            del self._proxies[hid]
            self.pending_release.append(hid)

    # ------------------------------------------------------------------ requests
    def request(self, op: str, target: dict, values: dict | None = None, args=(), kwargs=None, **fields):
        """Send one request (values, args and kwargs are encoded, in that order); return the
        decoded result after applying the writeback; raise what the student's code raised."""
        if time.monotonic() >= self.sandbox.deadline:
            self.sandbox.kill()
            raise SandboxTimeout("the time limit was reached")
        enc = codec.Encoder(self._encode_other)
        msg = protocol.request(enc, {"op": op, **target, **fields}, values, args, kwargs)
        if self.pending_release:
            msg["release"], self.pending_release = self.pending_release, []
        self.sandbox.send(msg, enc.buffers)
        while True:
            reply, buffers = self.sandbox.receive()
            if "cb" not in reply:
                break
            self._callback(reply, buffers)          # the student's code uses an object of ours
        if "err" in reply:
            raise student_exception(reply["err"])
        dec = codec.Decoder(buffers, self._decode_other, slots=enc.objects)
        try:
            for i, node in reply.get("wb", ()):
                self._write_back(enc.objects[int(i)], node, dec)
            return dec(reply["ok"])
        except (wire.WireError, KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            self.sandbox.kill()
            raise SandboxDied(f"the student's process sent an invalid reply ({exc!r})") from None

    def _callback(self, msg, buffers) -> None:
        """Serve one request of the student's code about an object of ours (exports.py)."""
        try:
            result, by_ref = self.exports.serve(msg, codec.Decoder(buffers, self._decode_other))
            enc = codec.Encoder(self._encode_other, by_ref=by_ref)
            node = enc(result)
        except NotTransferable as exc:
            err = protocol.describe_error(TypeError(str(exc)))
        except Exception as exc:  # noqa: BLE001  (a refusal, or the test's own code raised: the student sees it)
            err = protocol.describe_error(exc, as_builtin=True)
        else:
            self.sandbox.send({"cbok": node}, enc.buffers)
            return
        self.sandbox.send({"cberr": err}, [])

    @staticmethod
    def _write_back(local, node, dec) -> None:
        if isinstance(local, np.random.Generator):
            if not (isinstance(node, dict) and node.get("$") == "rngstate"):
                raise wire.WireError("bad writeback")
            local.bit_generator.state = dec(node["v"])
            return
        new = dec(node)
        if isinstance(local, np.ndarray):
            if not isinstance(new, np.ndarray):
                raise wire.WireError("bad writeback")
            if not local.flags.writeable:
                return
            if new.shape != local.shape and new.size == local.size and local.flags.c_contiguous:
                local.shape = new.shape          # the student reshaped the caller's array in place
            if new.shape == local.shape:
                np.copyto(local, new, casting="unsafe")
        elif isinstance(local, list) and isinstance(new, list):
            local[:] = new
        elif isinstance(local, dict) and isinstance(new, dict):
            local.clear()
            local.update(new)
        else:
            raise wire.WireError("bad writeback")
