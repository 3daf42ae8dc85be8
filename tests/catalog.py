"""Build real submission notebooks from the student release and a catalog entry.

A catalog entry (tests/submissions/<ps>/<kind>_<name>.py, kind "wrong" or "right") looks like::

    '''What the student did (one line), then details.

    expect: wrong
    fails: task1_2_im2col_test_random, task1_3_col2im_test_adjoint
    '''
    # %% task1_2_im2col
    def im2col(x, filter_h, filter_w, stride=1, pad=0):
        ...

Every ``# %% <grade_id>`` section replaces the solution cell with that grade_id in the released
notebook; every other solution cell gets the reference answer (the solution notebook's code with
nbgrader's markers removed), so an entry states one mistake or one alternative and nothing else.
``fails`` (optional) names test cells that must lose points.

A section headed ``# %% <grade_id> patch`` instead states its mistake as edits of that cell's
reference answer: one or more blocks of the exact lines to find and what to put in their place::

    # %% task3_1_simple_convnet patch
    # - old
            grads["W1"] = dW1 + self.reg * p["W1"]
    # + new
            grads["W1"] = dW1 + 2 * self.reg * p["W1"]

Blocks apply in order, each to the result of the ones before; an old text must occur exactly once
(as whole lines), and an empty new text deletes it. Blank lines around a block's texts are ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import cells
from autograder.course import released_notebook
from autograder.reference import solution_sources

CATALOG = Path(__file__).parent / "submissions"
SECTION = re.compile(r"^# %% (\S+)( patch)?[ \t]*$", re.M)
OLD, NEW = re.compile(r"^# - old[ \t]*\n", re.M), re.compile(r"^# \+ new[ \t]*\n", re.M)


@dataclass
class Entry:
    ps: str
    name: str
    expect: str                      # "wrong" or "right"
    description: str
    cells: dict[str, str]            # grade_id -> replacement source (patches applied)
    fails: list[str] = field(default_factory=list)


def parse_entry(path: Path) -> Entry:
    text = path.read_text()
    docstring = re.match(r'\s*"""(.*?)"""', text, re.S)
    if not docstring:
        raise ValueError(f"{path}: a catalog entry starts with a docstring")
    doc = docstring.group(1)
    expect = re.search(r"^expect:\s*(wrong|right)\s*$", doc, re.M)
    if not expect:
        raise ValueError(f"{path}: the docstring needs a line 'expect: wrong' or 'expect: right'")
    fails = re.search(r"^fails:\s*(.+)$", doc, re.M)
    parts = SECTION.split(text[docstring.end():])    # [before, grade_id, " patch" or None, body, ...]
    cells = {}
    for gid, patch, body in zip(parts[1::3], parts[2::3], parts[3::3]):
        cells[gid] = apply_patch(path, gid, body) if patch else body.strip("\n") + "\n"
    if not cells:
        raise ValueError(f"{path}: no '# %% <grade_id>' section")
    return Entry(ps=path.parent.name, name=path.stem, expect=expect.group(1),
                 description=doc.strip().splitlines()[0],
                 cells=cells, fails=[f.strip() for f in fails.group(1).split(",")] if fails else [])


def _text(lines: str) -> str:
    lines = lines.strip("\n")
    return lines + "\n" if lines else ""


def apply_patch(path: Path, gid: str, body: str, base: str | None = None) -> str:
    """``base`` (default: the reference answer of solution cell ``gid``) with the edit blocks of
    ``body`` applied. path names the entry in error messages; its folder is the assignment."""
    if base is None:
        reference = solution_sources(path.parent.name)
        if gid not in reference:
            raise ValueError(f"{path}: {gid} patch: no solution cell with that grade_id")
        base = reference[gid]
    blocks = OLD.split(body)
    if blocks[0].strip():
        raise ValueError(f"{path}: {gid} patch: text before the first '# - old'")
    source = "\n" + base              # a leading newline: every line, the first too, starts after one
    for block in blocks[1:]:
        pair = NEW.split(block)
        if len(pair) != 2:
            raise ValueError(f"{path}: {gid} patch: each '# - old' needs one '# + new' after it")
        old, new = _text(pair[0]), _text(pair[1])
        if not old:
            raise ValueError(f"{path}: {gid} patch: an empty old text")
        at = source.find("\n" + old)
        if at < 0:
            raise ValueError(f"{path}: {gid} patch: old text missing from the cell it edits:\n{old}")
        if source.find("\n" + old, at + 1) >= 0:
            raise ValueError(f"{path}: {gid} patch: old text ambiguous (more than once in the cell it edits):\n{old}")
        source = source[:at + 1] + new + source[at + 1 + len(old):]
    return source[1:]


def entries(ps: str | None = None) -> list[Entry]:
    folders = [CATALOG / ps] if ps else sorted(p for p in CATALOG.iterdir() if p.is_dir())
    return [parse_entry(p) for folder in folders for p in sorted(folder.glob("*.py"))]


def build_submission(ps: str, replacements: dict[str, str], dest: Path) -> Path:
    """The released notebook with every solution cell filled in: from ``replacements`` where given,
    else with the reference answer. Written to ``dest`` (a file path)."""
    nb = nbformat.read(released_notebook(ps), as_version=4)
    reference = solution_sources(ps)
    unknown = set(replacements) - set(reference)
    if unknown:
        raise ValueError(f"{ps}: no solution cell with grade_id {sorted(unknown)}")
    for cell in nb.cells:
        if cells.is_code(cell) and cells.is_solution(cell):
            gid = cells.grade_id(cell)
            cell.source = replacements.get(gid, reference[gid])
    nbformat.write(nb, dest)
    return dest
