"""Book build time: a clean build (every cell executed) and an unchanged rebuild (cached).

Builds into a temporary folder, never the repository's _build/.
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


def build(out: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(out), "-W", "-n",
                    "--keep-going", "-q"], check=True, capture_output=True)
    return time.perf_counter() - t0


def main():
    print(f"Machine: {machine_info()}")
    out = Path(tempfile.mkdtemp(prefix="book-bench-"))
    try:
        clean = build(out)
        unchanged = build(out)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print_table("Book build", [("clean build (all cells executed)", f"{clean:.1f} s", "under 600 s"),
                               ("unchanged rebuild", f"{unchanged:.1f} s", "under 30 s")],
                ("build", "time", "target"))


if __name__ == "__main__":
    main()
