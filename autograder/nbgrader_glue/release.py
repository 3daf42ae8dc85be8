"""Generate the student release (assignments/<ps>/) from the solution notebooks (solutions/<ps>/).

nbgrader removes solutions and hidden tests; we then put each task's id into its stub's message
(nbgrader's stub is the same for every cell) and check that nothing secret is left in any file.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from .. import cells
from ..cells import markers
from ..course import RELEASE
from ..errors import GradingError
from .tempcourse import temp_course

STUB = "raise NotImplementedError()"
# Text that only the instructor's copy may contain. nbgrader copies non-notebook files verbatim,
# so every file of the release is checked, not only the notebooks.
SECRET_MARKERS = (*(m.removeprefix("### ") for m in markers.ALL), "autograder.oracles")


def name_stubs(nb) -> None:
    """``raise NotImplementedError()`` -> ``raise NotImplementedError("task1_2_im2col: ...")``."""
    for cell in nb.cells:
        if cells.is_code(cell) and cells.is_solution(cell) and STUB in cell.source:
            message = f"{cells.grade_id(cell)}: write your solution here"
            cell.source = cell.source.replace(STUB, f"raise NotImplementedError({message!r})")


def leaked_secrets(folder: Path) -> list[str]:
    """Files under folder that contain instructor-only text, as 'path: marker'."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            found += [f"{path}: {m}" for m in SECRET_MARKERS if m in text]
    return found


def publish(generated: Path, target: Path) -> Path:
    """Replace ``target`` with the folder ``generated``, unless a file of it holds instructor-only
    text (GradingError, and nothing is written); return target."""
    leaks = leaked_secrets(generated)
    if leaks:
        raise GradingError("refusing to release: instructor-only text found:\n" + "\n".join(leaks))
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(generated, target)
    return target


def release(ps: str, dest: Path = RELEASE) -> Path:
    """Regenerate ``dest/<ps>`` from the solution notebook; return that folder."""
    with temp_course(ps) as (root, _api):
        generated = root / "release" / ps
        for path in generated.glob("*.ipynb"):
            nb = nbformat.read(path, as_version=4)
            name_stubs(nb)
            nbformat.write(nb, path)
        return publish(generated, Path(dest) / ps)
