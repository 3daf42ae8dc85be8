"""Throwaway nbgrader course folders to work in.

nbgrader wants a course folder with ``source/<ps>/``, ``submitted/<student>/<ps>/`` and a gradebook.
Every command here builds one in a temporary folder, so the instructor's real gradebook (if any) is
never touched, and two commands can run side by side.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

from traitlets.config import Config

from ..course import source_notebook
from ..errors import GradingError

# Kernel start-up lines for every graded run. nbgrader gives 0 points to a test cell that writes
# anything to stderr, so a harmless NumPy RuntimeWarning would cost a correct student points:
# send stderr (and with it every warning) to stdout instead.
#
# And one BLAS/OpenMP thread per graded notebook (set before any student code imports NumPy):
# notebooks are graded side by side, and a multi-threaded BLAS whose threads compete for the same
# cores slows down tenfold, which would fail ps3's training time budget for correct code. The
# isolated engine's sandbox does the same. Same thread count, same floating-point sums, too.
KERNEL_SETUP = ("import os, sys; sys.stderr = sys.stdout; "
                "os.environ.update({v: os.environ.get(v, '1') for v in "
                "('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')})")


def nbgrader_config(root: Path, cell_timeout: int = 300) -> Config:
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.CourseDirectory.course_id = "convnets"
    config.Execute.timeout = cell_timeout
    config.Execute.extra_arguments = [f"--InteractiveShellApp.exec_lines={[KERNEL_SETUP]!r}",
                                      "--IPKernelApp.log_level=ERROR"]
    config.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    return config


def prepare_process() -> None:
    """nbgrader runs the `alembic` command (and jupyter the kernel) from PATH: make sure this
    environment's scripts are found even when the virtual environment is not activated. And
    nbgrader 0.9.6 with SQLAlchemy 2.1 warns about its own session handling: harmless noise."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    warnings.filterwarnings("ignore", message=".*not in session.*")


def api_for(root: Path, cell_timeout: int = 300):
    """nbgrader's API on the course folder root."""
    prepare_process()
    from nbgrader.apps import NbGraderAPI  # noqa: PLC0415  (slow import, only when needed)

    api = NbGraderAPI(config=nbgrader_config(root, cell_timeout))
    api.log.setLevel(logging.ERROR)
    return api


def run_api(step: str, result: dict) -> None:
    if not result.get("success"):
        raise GradingError(f"nbgrader {step} failed:\n{result.get('error') or result.get('log')}")


@contextlib.contextmanager
def temp_course(ps: str, cell_timeout: int = 300):
    """A throwaway course folder with the assignment generated (and so known to its gradebook).

    Yields ``(root, api)``; the release is under ``root/release/<ps>``.
    """
    source = source_notebook(ps).parent
    with tempfile.TemporaryDirectory(prefix=f"convnets-{ps}-") as tmp:
        root = Path(tmp)
        shutil.copytree(source, root / "source" / ps,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        api = api_for(root, cell_timeout)
        run_api("generate_assignment", api.generate_assignment(ps))
        yield root, api
