"""Book build time: a clean build (every cell executed) and an unchanged rebuild (cached).

Builds a copy of the course's sources in a temporary folder, never the repository's _build/: the
execution cache (_config.yml: `_build/.jupyter_cache`, relative to the working directory) starts empty, so the
clean build executes every cell.
Run: `.venv/bin/python -m benchmarks.book_build`.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import machine_info, print_table

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


# Not sources: build outputs, the venv, caches, git's store.
NOT_SOURCES = shutil.ignore_patterns("_build", ".venv", ".git", ".grading", "out", "__pycache__", ".pytest_cache",
                                     "dask-scratch-space", "*.egg-info")


def build(src: Path) -> float:
    t0 = time.perf_counter()
    # From the copy: the cache path in _config.yml is relative to the working directory.
    subprocess.run([str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going", "-q"], cwd=src, check=True,
                   capture_output=True)
    return time.perf_counter() - t0


def main():
    print(f"Machine: {machine_info()}")
    work = Path(tempfile.mkdtemp(prefix="book-bench-"))
    try:
        src = work / "course"
        shutil.copytree(ROOT, src, ignore=NOT_SOURCES)
        clean = build(src)
        unchanged = build(src)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table("Book build", [("clean build (all cells executed)", f"{clean:.1f} s", "under 600 s"),
                               ("unchanged rebuild", f"{unchanged:.1f} s", "under 30 s")],
                ("build", "time", "target"))


if __name__ == "__main__":
    main()
