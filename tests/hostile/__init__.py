"""The hostile and broken submissions catalog: what a student (or a broken upload) may do to the
grader, and the grade the isolated grader must give anyway.

An entry is a file tests/hostile/<ps>/<name>.py::

    '''One line: what the student did.

    status: graded                    graded | unreadable | wrong_assignment | timed_out | crashed
    score: full                       full | <number> | <lo>..<hi>
    honest: wrong_im2col_stride_ignored   (optional) the same score as that tests/submissions entry,
                                      whose cells the notebook starts from (sections below override)
    limits: {"timeout_s": 8}          (optional) passed to grade_isolated
    transform: delete_test_cells      (optional) a function below, with arguments
    message: name 'im2col' is not     (optional) a regex found in the error or a test's message
    checks: no_processes, peak_memory (optional) see tests/test_engine.py
    tests: task3_2_train_test_protocol  (optional) run only these test cells; "full" is their points
    slow: yes                         (optional) mark the test slow
    '''
    # %% task1_2_im2col               replaces that solution cell (the reference fills the others)
    def im2col(...): ...
    # %% +cell                        a code cell the student added at the end of the notebook
    import numpy.testing; ...
    # %% duplicate task1_2_im2col     a second cell with that grade_id, right after the first
    # %% task1_3_col2im patch         edits (tests/catalog.py's patch form) of the cell the notebook
    # - old                           starts from: the honest entry's, else the reference answer
    ...
    # + new
    ...

As in tests/catalog.py, the notebook is built from the student release, so every entry states its
one trick and nothing else.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import cells
from autograder.course import released_notebook, source_notebook
from autograder.reference import solution_sources
from tests.catalog import CATALOG, apply_patch, parse_entry

HERE = Path(__file__).parent
SECTION = re.compile(r"^# %% (.+?)\s*$", re.M)
KEYS = ("status", "score", "honest", "limits", "transform", "message", "checks", "slow", "tests")


@dataclass
class Hostile:
    ps: str
    name: str
    description: str
    status: str
    score: str
    sections: list                          # [(header, source)]
    honest: str | None = None
    limits: dict = field(default_factory=dict)
    transform: list = field(default_factory=list)
    message: str | None = None
    checks: list = field(default_factory=list)
    slow: bool = False
    tests: list | None = None

    def score_ok(self, score: float, max_score: float) -> bool:
        if self.score == "full":
            return score == max_score
        if ".." in self.score:
            lo, hi = (float(v) for v in self.score.split(".."))
            return lo <= score <= hi
        return score == float(self.score)


def parse(path: Path) -> Hostile:
    text = path.read_text()
    doc = re.match(r'\s*"""(.*?)"""', text, re.S)
    if not doc:
        raise ValueError(f"{path}: an entry starts with a docstring")
    meta = {k: v.strip() for k, v in re.findall(rf"^({'|'.join(KEYS)}):\s*(.+)$", doc.group(1), re.M)}
    for required in ("status", "score"):
        if required not in meta:
            raise ValueError(f"{path}: the docstring needs a '{required}:' line")
    parts = SECTION.split(text[doc.end():])
    sections = [(parts[i], parts[i + 1].strip("\n") + "\n") for i in range(1, len(parts), 2)]
    return Hostile(ps=path.parent.name, name=path.stem, description=doc.group(1).strip().splitlines()[0],
                   status=meta["status"], score=meta["score"], sections=sections,
                   honest=meta.get("honest"), limits=json.loads(meta.get("limits", "{}")),
                   transform=meta.get("transform", "").split(), message=meta.get("message"),
                   checks=[c.strip() for c in meta.get("checks", "").split(",") if c.strip()],
                   slow=meta.get("slow", "no") == "yes",
                   tests=[t.strip() for t in meta["tests"].split(",")] if "tests" in meta else None)


def entries(ps: str | None = None) -> list[Hostile]:
    folders = [HERE / ps] if ps else sorted(p for p in HERE.iterdir() if p.is_dir() and p.name != "__pycache__")
    return [parse(p) for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.py"))]


# ------------------------------------------------------------------------------------ building
def build(entry: Hostile, dest: Path) -> Path:
    """Write the entry's notebook (or broken file) to dest."""
    nb = nbformat.read(released_notebook(entry.ps), as_version=4)
    reference = solution_sources(entry.ps)
    # An entry that carries honest code names its catalog entry instead of repeating the code.
    honest = parse_entry(CATALOG / entry.ps / f"{entry.honest}.py").cells if entry.honest else {}
    replaced = dict(honest)
    for header, src in entry.sections:
        gid = header.removesuffix(" patch")
        if gid not in reference:
            if header != "+cell" and not header.startswith("duplicate "):
                raise ValueError(f"{entry.name}: unknown section {header!r}")
        elif header.endswith(" patch"):
            replaced[gid] = apply_patch(HERE / entry.ps / f"{entry.name}.py", gid, src,
                                        base=replaced.get(gid, reference[gid]))
        else:
            replaced[gid] = src
    out = []
    for cell in nb.cells:
        gid = cells.grade_id(cell)
        if cells.is_code(cell) and cells.is_solution(cell):
            cell.source = replaced.get(gid, reference[gid])
        out.append(cell)
        for header, src in entry.sections:
            if cells.is_code(cell) and header == f"duplicate {gid}":
                dup = copy.deepcopy(cell)
                dup.source, dup.id = src, cell.id + "-copy"
                out.append(dup)
    for header, src in entry.sections:
        if header == "+cell":
            out.append(nbformat.v4.new_code_cell(src))
    nb.cells = out
    if entry.transform:
        name, *args = entry.transform
        out = TRANSFORMS[name](nb, entry.ps, *args)
        if isinstance(out, bytes):
            dest.write_bytes(out)
            return dest
        nb = out
    dest.write_text(json.dumps(nb, indent=1))     # not nbformat.write: some entries are invalid on purpose
    return dest


def corrupt_json(nb, ps):
    return json.dumps(nb, indent=1).encode()[:5000]            # cut off in the middle: not JSON


def not_a_notebook(nb, ps):
    return json.dumps([{"cell_type": "code", "source": "def im2col(): pass"}]).encode()


def empty_notebook(nb, ps):
    nb.cells = []
    return nb


def delete_test_cells(nb, ps):
    nb.cells = [c for c in nb.cells if not cells.is_test(c)]
    return nb


def edit_test_cells(nb, ps):
    for c in nb.cells:
        if cells.is_test(c):
            c.source = "assert True\nprint('tests passed')\n"
    return nb


def duplicate_cell_ids(nb, ps):
    for c in nb.cells:
        c["id"] = "same-id"
    return nb


def delete_solution_cell(nb, ps, grade_id):
    nb.cells = [c for c in nb.cells if cells.grade_id(c) != grade_id]
    return nb


def other_assignment(nb, ps, other):
    return nbformat.read(source_notebook(other), as_version=4)


def strip_nbgrader_metadata(nb, ps):
    for c in nb.cells:
        c.metadata.pop("nbgrader", None)
    return nb


TRANSFORMS = {f.__name__: f for f in (corrupt_json, not_a_notebook, empty_notebook, delete_test_cells,
                                      edit_test_cells, duplicate_cell_ids, delete_solution_cell,
                                      other_assignment, strip_nbgrader_metadata)}
