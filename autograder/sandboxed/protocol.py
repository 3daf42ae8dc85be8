"""Requests and errors, as both sides write and read them.

A request is one message: ``{"op": ...}`` from the grader to the runner, ``{"cb": ...}`` (a callback)
from the student's code to the grader, with its values encoded (codec.py) under their keys and, for
a call, the arguments under "args" and "kwargs". The answer is ``{"ok": value}`` / ``{"cbok": value}``
or, when the code raised, ``{"err": error}`` / ``{"cberr": error}`` with the error described below.
"""
from __future__ import annotations

import builtins

MAX_MESSAGE_CHARS = 2048


def request(enc, head: dict, values: dict | None = None, args=(), kwargs=None) -> dict:
    """head (op or cb, target, options) plus the encoded values; a "call" carries its arguments."""
    msg = dict(head)
    for key, v in (values or {}).items():
        msg[key] = enc(v)
    if msg.get("op", msg.get("cb")) == "call":
        msg["args"] = [enc(a) for a in args]
        msg["kwargs"] = {str(k): enc(v) for k, v in (kwargs or {}).items()}
    return msg


def call_arguments(msg: dict, dec) -> tuple[list, dict]:
    return [dec(a) for a in msg["args"]], {str(k): dec(v) for k, v in msg["kwargs"].items()}


def describe_error(exc: BaseException, as_builtin: bool = False) -> dict:
    """An exception as data: its class name (with ``as_builtin``: the first builtin class it
    derives from), whether that class is a builtin, its message and simple arguments."""
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001  (a student's __str__ may raise anything)
        message = "<the exception's message could not be shown>"
    cls = type(exc)
    if as_builtin:
        cls = next(c for c in cls.__mro__ if c.__module__ == "builtins")
    out = {"type": cls.__name__[:200], "builtin": cls.__module__ == "builtins",
           "message": message[:MAX_MESSAGE_CHARS]}
    args = getattr(exc, "args", None)
    if (type(args) is tuple and len(args) <= 4
            and all(a is None or type(a) in (str, int, float, bool) for a in args)
            and sum(len(a) for a in args if type(a) is str) <= MAX_MESSAGE_CHARS):
        out["args"] = list(args)            # KeyError('W1') must print as 'W1', as it would natively
    return out


def rebuild_error(err: dict, other) -> BaseException:
    """The exception that err describes: the same builtin class (ValueError stays ValueError), or
    ``other(type_name, message)`` for any other class."""
    name, message = str(err.get("type", "Exception")), str(err.get("message", ""))
    cls = getattr(builtins, name, None) if err.get("builtin") else None
    if isinstance(cls, type) and issubclass(cls, Exception) and cls is not StopIteration:
        args = err.get("args")
        for attempt in ([args] if isinstance(args, list) else []) + [[message]]:
            try:
                return cls(*attempt)
            except Exception:  # noqa: BLE001  (exception classes that need other arguments)
                pass
    return other(name, message)
