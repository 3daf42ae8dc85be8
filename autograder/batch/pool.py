"""Run a grading function on many notebooks, each call in its own process, N at a time.

The function is named by a ``"module:function"`` spec and called as ``fn(ps, notebook_path)`` in a
fresh process (forked from a forkserver that has the grader imported). Whatever happens in that
process (an exception, a segfault, a hang past the time limit, an ``os._exit``) ends up as an
outcome for that one notebook; the other notebooks go on. Workers die with the batch process
(PR_SET_PDEATHSIG), so killing the batch leaves no grader running.
"""
from __future__ import annotations

import ctypes
import importlib
import multiprocessing as mp
import os
import signal
import time
import traceback
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

import psutil

PR_SET_PDEATHSIG = 1


@dataclass
class Outcome:
    kind: str            # "ok" (value: the GradingResult), "error" (value: traceback text),
                         # "died" (value: exit code) or "timeout" (value: seconds)
    value: object
    seconds: float


def resolve(spec: str):
    module, _, name = spec.partition(":")
    fn = importlib.import_module(module)
    for part in name.split("."):
        fn = getattr(fn, part)
    return fn


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:       # not Linux: the worker may outlive a killed batch, nothing worse
        pass


def _child(spec: str, ps: str, notebook: str, conn) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)        # Ctrl-C is the batch's to handle
    try:
        result = resolve(spec)(ps, Path(notebook))
        conn.send(("ok", result))
    except BaseException:  # noqa: BLE001 - anything the grader raises is an outcome, not our crash
        conn.send(("error", traceback.format_exc(limit=20)[-8000:]))
    finally:
        conn.close()


def _kill_tree(proc) -> None:
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        family = []
    for p in family:
        try:
            p.kill()
        except psutil.Error:
            pass
    proc.kill()
    proc.join(5)


_CONTEXT = None


def context(spec: str):
    """A forkserver context with the grader pre-imported: each worker is a cheap, clean fork.
    (One forkserver per batch process: the first spec decides what it preloads.)"""
    global _CONTEXT
    if _CONTEXT is None:
        module = spec.partition(":")[0]
        # nbgrader's grader also wants nbgrader warmed up (see nbgrader_glue/warm.py).
        warm = ["autograder.nbgrader_glue.warm"] if module == "autograder.nbgrader_glue.plain" else []
        _CONTEXT = mp.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["autograder.pool", module, *warm])
    return _CONTEXT


def run_all(jobs, spec: str, ps: str, workers: int, timeout: float | None, on_done) -> None:
    """Grade ``jobs`` (pairs (key, notebook_path)); call ``on_done(key, Outcome)`` as each ends.

    On KeyboardInterrupt every running worker is killed and the exception propagates; outcomes
    already passed to on_done stay done.
    """
    ctx = context(spec)
    pending = deque(jobs)
    running: dict = {}      # conn -> (key, process, start)
    try:
        while pending or running:
            while pending and len(running) < max(1, workers):
                key, path = pending.popleft()
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(spec, ps, str(path), send), daemon=True,
                                   name=f"grade-{key}")
                proc.start()
                send.close()
                running[recv] = (key, proc, time.monotonic())
            now = time.monotonic()
            waits = [timeout - (now - start) for _, _, start in running.values()] if timeout else []
            ready = set(wait([*running, *(p.sentinel for _, p, _ in running.values())],
                             timeout=max(0.05, min(waits)) if waits else None))
            for conn, (key, proc, start) in list(running.items()):
                outcome = None
                elapsed = time.monotonic() - start
                if conn in ready or proc.sentinel in ready:
                    try:
                        kind, value = conn.recv()
                        outcome = Outcome(kind, value, elapsed)
                    except (EOFError, OSError):
                        proc.join(5)
                        outcome = Outcome("died", proc.exitcode, elapsed)
                elif timeout and elapsed > timeout:
                    _kill_tree(proc)
                    outcome = Outcome("timeout", timeout, elapsed)
                if outcome is not None:
                    del running[conn]
                    conn.close()
                    proc.join(10)
                    if proc.is_alive():
                        _kill_tree(proc)
                    on_done(key, outcome)
    finally:
        for conn, (_key, proc, _start) in running.items():
            _kill_tree(proc)
            conn.close()


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
