"""Build the wheel that students install: the `convnets` package alone, never the grader."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .course import ROOT
from .errors import GradingError

PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "convnets"
version = "{version}"
description = "Helpers for the ConvNets-from-scratch course: array backend, offline data, gradient checks"
requires-python = ">=3.10"
dependencies = ["numpy", "matplotlib", "mlxtend", "tqdm"]

[tool.setuptools]
packages = ["convnets"]
"""


def build_student_wheel(out: Path, version: str = "0.1.0") -> Path:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="convnets-wheel-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "convnets", src / "convnets",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        (src / "pyproject.toml").write_text(PYPROJECT.format(version=version))
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                               "--no-build-isolation", "-w", str(out), str(src)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise GradingError(f"building the student wheel failed:\n{proc.stderr}")
    return out / f"convnets-{version}-py3-none-any.whl"
