"""The student release is generated from solutions/ and holds nothing secret."""
from __future__ import annotations

import filecmp
import json

import pytest

from autograder.course import RELEASE, assignments
from autograder.release import SECRET_MARKERS, leaked_secrets, release


@pytest.mark.parametrize("ps", assignments())
def test_release_has_no_drift(ps, tmp_path):
    """Regenerating the release from solutions/ reproduces assignments/ byte for byte."""
    fresh = release(ps, dest=tmp_path)
    committed = RELEASE / ps
    fresh_files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert fresh_files == committed_files, "run `make release` and commit assignments/"
    for rel in fresh_files:
        assert filecmp.cmp(fresh / rel, committed / rel, shallow=False), \
            f"assignments/{ps}/{rel} differs from a fresh release: run `make release` and commit it"


def test_no_secret_anywhere_in_the_release():
    """Every file under assignments/ (nbgrader copies non-notebook files verbatim) is checked."""
    assert RELEASE.is_dir()
    assert leaked_secrets(RELEASE) == []


def test_leak_check_can_fail(tmp_path):
    (tmp_path / "notes.txt").write_text("x = 1\n### BEGIN SOLUTION\n")
    assert leaked_secrets(tmp_path) == [f"{tmp_path / 'notes.txt'}: BEGIN SOLUTION"]


@pytest.mark.parametrize("ps", assignments())
def test_release_stubs_name_their_task(ps):
    """Each solution cell of the release raises NotImplementedError naming its task id, and keeps
    the function signature the grader calls."""
    notebook = next((RELEASE / ps).glob("*.ipynb"))
    nb = json.loads(notebook.read_text())
    solution_cells = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert solution_cells
    for cell in solution_cells:
        source = "".join(cell["source"])
        gid = cell["metadata"]["nbgrader"]["grade_id"]
        assert f"NotImplementedError('{gid}: " in source, source
        assert not any(m in source for m in SECRET_MARKERS)
        assert not cell.get("outputs")
