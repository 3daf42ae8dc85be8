"""Grading a class on Dask distributed: an embedded local cluster by default, or a real one.

* Embedded (the default): grade-all starts a LocalCluster of its own, one in-process worker per
  notebook graded at once, each with its own grading process (worker.py, process.py). No server to
  run; everything it starts dies with it.
* A real cluster (``--scheduler tcp://HOST:8786``): workers started with ``dask worker`` on machines
  that have the course installed and bubblewrap present (see worker.py for the command line).

Each task carries one notebook's bytes and returns its outcome; the caller records it at once
(``on_done``). A task whose worker dies is run again by Dask on another worker; the scheduler going
away ends the run with a GradingError (what finished is kept: run the same command again).
"""
from __future__ import annotations

import contextlib
import logging
import time

from ..errors import GradingError
from .process import Outcome
from .worker import grade_notebook

SCHEDULER_GONE_S = 20.0        # how long the client may be cut off from the scheduler before giving up


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int):
    """A connected Client: to the scheduler at that address, or to a new embedded cluster."""
    import dask  # noqa: PLC0415  (heavy imports, only for grade-all)
    from distributed import Client, LocalCluster  # noqa: PLC0415

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout=30)
        except OSError as exc:
            raise GradingError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    # One task per worker thread at a time: a notebook is "running" only when it is being graded.
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0",
                         silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def worker_threads(client) -> int:
    return sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())


def run_jobs(client, jobs, spec: str, ps: str, options: dict, timeout: float | None, on_done, show) -> None:
    """Grade jobs [(student, sha256, file name, bytes)] on the cluster; on_done(student, Outcome) as
    each finishes; show(running: {student: seconds}) about once a second while they run."""
    from distributed import wait  # noqa: PLC0415
    from distributed.client import FuturesCancelledError  # noqa: PLC0415

    futures = {client.submit(grade_notebook, spec, ps, name, data, options, timeout, pure=False,
                             key=f"grade-{ps}-{sid}-{sha[:12]}"): sid for sid, sha, name, data in jobs}
    pending, seen = set(futures), {}
    cut_off_since = None
    try:
        while pending:
            try:
                done, pending = wait(pending, timeout=1.0, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            except (FuturesCancelledError, OSError) as exc:
                raise GradingError(f"the Dask scheduler went away ({type(exc).__name__}); the grades finished so "
                                   "far are kept: run the same command again to grade the rest") from None
            for future in done:
                on_done(futures[future], _outcome(future))
            if client.status != "running":
                cut_off_since = cut_off_since or time.monotonic()
                if time.monotonic() - cut_off_since > SCHEDULER_GONE_S:
                    raise GradingError("the connection to the Dask scheduler was lost; the grades finished so "
                                       "far are kept: run the same command again to grade the rest")
            else:
                cut_off_since = None
                show(_running(client, futures, seen))
    finally:
        if pending and client.status == "running":
            client.cancel(list(pending))


def _outcome(future) -> Outcome:
    if future.status == "finished":
        return Outcome(**future.result())
    if future.status == "cancelled":
        raise GradingError("the Dask scheduler cancelled the grading (was it restarted?); the grades "
                           "finished so far are kept: run the same command again")
    exc = future.exception()
    if type(exc).__name__ == "KilledWorker":          # the task's workers kept dying: the grader's problem
        return Outcome("died", "its Dask worker died, every time it was tried", 0.0)
    return Outcome("error", f"{type(exc).__name__}: {exc}", 0.0)


def _running(client, futures, seen: dict) -> dict:
    """key -> seconds since it was first seen running on a worker."""
    by_key = {f.key: key for f, key in futures.items()}
    now, running = time.monotonic(), {}
    try:
        processing = client.processing()
    except Exception:  # noqa: BLE001  (a progress display must never stop the run)
        return {}
    for keys in processing.values():
        for k in keys:
            if k in by_key:
                running[by_key[k]] = now - seen.setdefault(k, now)
    return running
