"""The similarity check, run for real (copydetect) on notebooks built from the catalog: a renamed
and reordered copy is flagged against its source, independent correct answers are not, the
template alone flags nobody, and broken or hostile notebooks never stop it."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import nbformat

from autograder import cells
from autograder.batch import grade_all
from autograder.course import released_notebook
from tests.catalog import build_submission, entries
from tests.conftest import run_cli

PS, FAKE = "ps1", "tests.batch_fakes:grade"
ENTRIES = {e.name: e for e in entries(PS)}
RENAMES = {"N": "batch", "C": "chans", "H": "height", "W": "width", "out_h": "rows_out", "out_w": "cols_out",
           "img": "padded", "col": "columns", "y_max": "bottom", "x_max": "right", "xx": "dx", "y": "dy"}


def template_cells() -> dict[str, str]:
    """The release's solution code cells as they are (stubs)."""
    nb = nbformat.read(released_notebook(PS), as_version=4)
    return {cells.grade_id(c): c.source for c in nb.cells if cells.is_code(c) and cells.is_solution(c)}


def submission(answers: dict[str, str], dest: Path) -> Path:
    """The release with only ``answers`` written in; every other solution cell left as released."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    return build_submission(PS, {**template_cells(), **answers}, dest)


def disguised(answers: dict[str, str]) -> dict[str, str]:
    """A copy as a student hides one: every local name renamed, the two functions swapped between
    their cells (each cell still defines a function: the notebook runs the same)."""
    renamed = {}
    for gid, code in answers.items():
        for old, new in RENAMES.items():
            code = re.sub(rf"\b{old}\b", new, code)
        renamed[gid] = code
    return {"task1_2_im2col": renamed["task1_3_col2im"], "task1_3_col2im": renamed["task1_2_im2col"]}


def run_similarity(out: Path, *args) -> tuple[dict, str]:
    proc = run_cli("similarity", out, *args)
    assert proc.returncode == 0, proc.stderr[-3000:]
    pairs = dict(re.findall(r"^  (\S+ ~ \S+): (.*)$", proc.stdout, re.M))
    return pairs, (out / "similarity.html").read_text()


def test_a_disguised_copy_is_flagged_and_independent_answers_and_the_template_are_not(tmp_path):
    subs = tmp_path / "subs"
    source = ENTRIES["right_add_at_and_dlfs"].cells
    copy = disguised(source)
    assert copy["task1_2_im2col"] != source["task1_3_col2im"] and "padded" in copy["task1_2_im2col"]
    submission(source, subs / "amara" / "ps1_im2col.ipynb")
    submission(copy, subs / "zoltan" / "ps1_im2col.ipynb")
    submission(ENTRIES["right_loops"].cells, subs / "lena" / "ps1_im2col.ipynb")            # independent
    submission(ENTRIES["right_sliding_window_view"].cells, subs / "omar" / "ps1_im2col.ipynb")  # independent
    submission({}, subs / "tess" / "ps1_im2col.ipynb")                                  # the template alone
    submission({}, subs / "ugo" / "ps1_im2col.ipynb")                                   # the template alone
    grade_all(PS, subs, tmp_path / "out", engine=FAKE, progress=False, course=False)
    pairs, page = run_similarity(tmp_path / "out")
    assert list(pairs) == ["amara ~ zoltan"], pairs
    shares = [int(x) for x in re.findall(r"(\d+)%", pairs["amara ~ zoltan"])]
    assert min(shares) >= 90, shares
    # The page: the pair with its code side by side, the shared code marked, offline, escaped.
    assert page.count('class="pair"') == 1 and "<mark>" in page and "padded" in page
    assert "http" not in page.replace("http-equiv", "") and "<script" not in page
    assert "tess" in page and "ugo" in page          # listed among the compared, with no flagged partner
    # The same class with a lower bar: the independent answers share their task's set lines, nothing
    # above it; the template-only students still match nobody.
    pairs, _ = run_similarity(tmp_path / "out", "--threshold", "0.15", "--min-shared", "50")
    assert "amara ~ zoltan" in pairs and not any("tess" in p or "ugo" in p for p in pairs), pairs


def test_broken_and_hostile_notebooks_do_not_stop_it(tmp_path):
    archive = tmp_path / "canvas.zip"
    answers = ENTRIES["right_loops"].cells
    a = submission(answers, tmp_path / "nb" / "a.ipynb")
    nb = json.loads(a.read_text())
    huge = json.loads(a.read_text())
    for cell in huge["cells"]:
        if cells.grade_id(cell) == "task1_1_conv_output_size":
            cell["source"] = "(" * 300_000 + "\x00\ud7ff" + "'''" * 1000        # unbalanced, NUL, strings
    odd = {"cells": [{"cell_type": "code", "source": 42, "metadata": {"nbgrader": {"grade_id": "task1_2_im2col",
                                                                                    "solution": True}}}]}
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ann_1_2_ps1_im2col.ipynb", json.dumps(nb))
        zf.writestr("bea_3_4_ps1_im2col.ipynb", json.dumps(nb))                    # an exact copy
        zf.writestr("cal_5_6_ps1_im2col.ipynb", json.dumps(huge))
        zf.writestr("dee_7_8_ps1_im2col.ipynb", "{not json")
        zf.writestr("eli_9_10_ps1_im2col.ipynb", json.dumps(odd))
        zf.writestr("fox_11_12_ps1_im2col.ipynb", json.dumps({"cells": "no"}))
    grade_all(PS, archive, tmp_path / "out", engine=FAKE, progress=False, course=False)
    pairs, page = run_similarity(tmp_path / "out")
    assert "ann ~ bea" in pairs
    assert "dee: not a readable notebook" in page and "fox: none of ps1" in page
    assert "before comparing: cal." in page
