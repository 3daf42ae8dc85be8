"""The Dask side of class grading: the task each worker runs, and the worker's set-up.

A task carries the notebook's bytes (a worker on another machine cannot read the batch's files) and
returns the outcome as plain data; the batch keeps the record (its per-student result cache). Each
worker thread keeps one grading process (process.py) for all the notebooks it grades.

Workers of a real cluster are started with this module as a preload, so that a worker dies with the
`dask worker` process that started it, and its grading process and sandboxes with it:

    dask worker tcp://HOST:8786 --nworkers 2 --nthreads 1 --preload autograder.batch.worker
"""
from __future__ import annotations

import dataclasses
import tempfile
import threading
from pathlib import Path

from .process import GradingProcess, die_with_parent

_local = threading.local()


def grade_notebook(spec: str, ps: str, name: str, data: bytes, options: dict, timeout: float | None) -> dict:
    """Grade one notebook (its file name and bytes) with the grading function ``spec``; return the
    Outcome as a dict: {"kind", "value", "seconds"}."""
    grader = getattr(_local, "grader", None)
    if grader is None or grader.spec != spec:
        if grader is not None:
            grader.close()
        grader = _local.grader = GradingProcess(spec)
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        path = Path(tmp) / (Path(name).name or "notebook.ipynb")
        path.write_bytes(data)
        return dataclasses.asdict(grader.grade(ps, path, options, timeout))


def dask_setup(worker) -> None:
    """Dask's preload hook, run in each worker process of a real cluster: die with the process
    that started this worker (a `dask worker` nanny), so that killing it leaves nothing behind."""
    die_with_parent()
