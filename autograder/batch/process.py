"""A grading process kept for many notebooks: the grading function runs there, never in the caller.

A crash (an exception, a segfault, an ``os._exit``) or a hang past the time limit costs only the
notebook being graded: the process is killed with everything it started, and the next notebook gets
a fresh one. While it lives, what it has learned serves every notebook it grades: the oracles'
answers (oracles.py), the MNIST subset, the imported grader. It dies with its parent
(PR_SET_PDEATHSIG), so killing the batch or a Dask worker leaves no grader running; the sandboxes
it starts die with it (bubblewrap's --die-with-parent).

The process is a fresh interpreter (``python -m autograder.batch.process FD SPEC``), not a
multiprocessing child: Dask's workers are daemonic processes, which multiprocessing forbids to have
children. Jobs and outcomes cross a socket as multiprocessing.connection messages (both ends are the
grader's own code; student code never touches this channel).
"""
from __future__ import annotations

import ctypes
import importlib
import signal
import socket
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import psutil

PR_SET_PDEATHSIG = 1


@dataclass
class Outcome:
    kind: str            # "ok" (value: the result as a dict), "error" (value: traceback text),
                         # "died" (value: exit code) or "timeout" (value: seconds)
    value: object
    seconds: float


def resolve(spec: str):
    """'module:function' -> the function."""
    module, _, name = spec.partition(":")
    fn = importlib.import_module(module)
    for part in name.split("."):
        fn = getattr(fn, part)
    return fn


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere nothing)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


def _serve(spec: str, conn) -> None:
    """The grading process: grade each job received until told to stop (None)."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)        # Ctrl-C is the batch's to handle
    fn = resolve(spec)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        ps, notebook, options = job
        try:
            result = fn(ps, Path(notebook), **options)
            conn.send(("ok", result.to_dict() if hasattr(result, "to_dict") else result))
        except BaseException:  # noqa: BLE001  (whatever the grader raises is an outcome, not our crash)
            conn.send(("error", traceback.format_exc(limit=20)[-8000:]))


class GradingProcess:
    """``grade(ps, notebook, options, timeout) -> Outcome``, each call in the same process while it
    lives, a fresh one after a crash or a timeout."""

    def __init__(self, spec: str):
        self.spec = spec
        self.proc = self.conn = None

    def _start(self) -> None:
        mine, theirs = socket.socketpair()
        self.proc = subprocess.Popen([sys.executable, "-m", "autograder.batch.process", str(theirs.fileno()),
                                      self.spec], pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(mine.detach())

    def grade(self, ps: str, notebook: Path, options: dict, timeout: float | None) -> Outcome:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        start = time.monotonic()
        try:
            self.conn.send((ps, str(notebook), options))
            answered = self.conn.poll(timeout)           # an answer, or the end of the pipe: it died
            if answered:
                kind, value = self.conn.recv()
                return Outcome(kind, value, time.monotonic() - start)
        except (EOFError, OSError):
            answered = True
        elapsed = time.monotonic() - start
        if not answered:                     # no answer within the time limit: stop it, and all it started
            self.close()
            return Outcome("timeout", timeout, elapsed)
        try:
            code = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        self.close()
        return Outcome("died", code, elapsed)

    def close(self) -> None:
        if self.proc is None:
            return
        try:
            family = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            family = []
        for p in [*family]:
            try:
                p.kill()
            except psutil.Error:
                pass
        self.proc.kill()
        self.proc.wait()
        self.conn.close()
        self.proc = self.conn = None


if __name__ == "__main__":
    _serve(sys.argv[2], Connection(int(sys.argv[1])))
