"""The Korean assignments (assignments/ko/<ps>/): the English release notebooks with translated
markdown, graded by the same command with the same tests to the same result.

The drift and leak tests of both releases are in tests/test_release.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from babel.messages.catalog import Catalog

from autograder.course import assignments, released_notebook, source_notebook
from autograder.errors import GradingError
from autograder.isolated import grade_isolated
from autograder.nbgrader_glue import translated
from tests import catalog


def korean_notebook(ps: str) -> Path:
    return translated.KOREAN_RELEASE / ps / source_notebook(ps).name


def build_korean_submission(ps: str, replacements: dict[str, str], dest: Path) -> Path:
    """tests.catalog.build_submission, filling the Korean release notebook instead of the English one."""
    original = catalog.released_notebook
    catalog.released_notebook = korean_notebook
    try:
        return catalog.build_submission(ps, replacements, dest)
    finally:
        catalog.released_notebook = original


@pytest.mark.parametrize("ps", assignments())
def test_korean_release_has_the_same_cells_ids_metadata_and_tests(ps):
    english = nbformat.read(released_notebook(ps), as_version=4)
    korean = nbformat.read(korean_notebook(ps), as_version=4)
    assert korean.metadata == english.metadata and korean.nbformat == english.nbformat
    assert len(korean.cells) == len(english.cells)
    for en, ko in zip(english.cells, korean.cells):
        assert (ko.cell_type, ko.get("id"), ko.metadata) == (en.cell_type, en.get("id"), en.metadata)
        if en.cell_type == "code":
            assert ko == en, f"{ps}: code cell {en.get('id')} differs between the releases"
        else:
            assert never_translated(ko.source) == never_translated(en.source), \
                f"{ps}: a block that is never translated (code, math) differs in cell {en.get('id')}"


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def never_translated(markdown: str) -> list[str]:
    """The blocks of a markdown cell that no message covers (fenced code, display math, symbols).
    A translated block has no English words left, so `translatable` alone would count it too: its
    Hangul tells it apart."""
    return [b.text for b in translated.blocks(markdown) if not b.translatable and not HANGUL.search(b.text)]


def test_markdown_blocks_split_and_translate_exactly():
    markdown = "# Title\n\nA paragraph\non two lines.\n\n```python\nx = 1\n\ny = 2\n```\n\n$$ O = 1 $$\n\n- item"
    found = translated.blocks(markdown)
    assert [b.text for b in found] == ["# Title", "A paragraph\non two lines.", "```python\nx = 1\n\ny = 2\n```",
                                       "$$ O = 1 $$", "- item"]
    assert [b.translatable for b in found] == [True, True, False, False, True]
    po = Catalog(locale="ko")
    po.add("# Title", "# 제목")
    po.add("A paragraph\non two lines.", "두 줄로 된\n문단이다.")
    po.add("- item", "- 항목", flags=["fuzzy"])              # fuzzy: stays English
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown),
                                         nbformat.v4.new_code_cell("# Title\nx = 1")])
    translated.translate_notebook(nb, po)
    assert nb.cells[0].source == markdown.replace("# Title", "# 제목").replace("A paragraph\non two lines.",
                                                                              "두 줄로 된\n문단이다.")
    assert nb.cells[1].source == "# Title\nx = 1"


def test_an_incomplete_catalog_stops_the_release_with_file_and_line(tmp_path, monkeypatch):
    """Not pending: the release refuses, naming the English notebook's file and line; pending:
    released, the untranslated text in English."""
    monkeypatch.setattr(translated, "LOCALES", tmp_path / "locales")
    monkeypatch.setattr(translated, "PENDING", tmp_path / "PENDING")
    template = translated.notebook_template("ps1")
    first = next(iter(m for m in template if m.id))
    po = Catalog(locale="ko")
    for message in template:
        if message.id:
            po.add(message.id, "" if message is first else "번역이다.")
    path = translated.po_path("assignments/ps1")
    path.parent.mkdir(parents=True)
    with open(path, "wb") as f:
        from babel.messages.pofile import write_po  # noqa: PLC0415
        write_po(f, po)
    file, line = first.locations[0]
    with pytest.raises(GradingError, match=rf"{file}:{line}: untranslated in "):
        translated.release_korean("ps1", dest=tmp_path / "ko")
    (tmp_path / "PENDING").write_text("assignments/ps1\n")
    out = translated.release_korean("ps1", dest=tmp_path / "ko")
    nb = nbformat.read(out / source_notebook("ps1").name, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert first.id in text and "번역이다." in text


def graded(ps: str, notebook: Path) -> dict:
    result = grade_isolated(ps, notebook).to_dict()
    assert result["status"] == "graded", result["error"]
    return result


def wrong_entry(ps: str) -> catalog.Entry:
    """The first catalog entry of ``ps`` that must lose points (a real student mistake)."""
    return next(e for e in catalog.entries(ps) if e.expect == "wrong" and e.fails)


# ps3's full grading trains the network (about 45 s per notebook): its timed test belongs with the
# other timed tests (conftest.py: one after another on one pytest-xdist worker).
GROUPED = [pytest.param(ps, marks=pytest.mark.xdist_group("timed")) if ps == "ps3" else ps for ps in assignments()]


@pytest.mark.parametrize("ps", GROUPED)
def test_same_code_grades_the_same_in_english_and_korean(ps, tmp_path):
    """The reference answers, and one wrong catalog entry, pasted into the English and into the
    Korean release: the same grading command gives identical JSON (status, score, per-test points
    and messages). For ps3 the wrong entry is graded on the tests it must fail (training skipped)."""
    english = catalog.build_submission(ps, {}, tmp_path / "en.ipynb")
    korean = build_korean_submission(ps, {}, tmp_path / "ko.ipynb")
    reference = graded(ps, english)
    assert reference["score"] == reference["max_score"]
    assert graded(ps, korean) == reference

    entry = wrong_entry(ps)
    english = catalog.build_submission(ps, entry.cells, tmp_path / "en_wrong.ipynb")
    korean = build_korean_submission(ps, entry.cells, tmp_path / "ko_wrong.ipynb")
    only = entry.fails if ps == "ps3" else None
    wrong = grade_isolated(ps, english, tests=only).to_dict()
    assert wrong["score"] < reference["score"], f"{entry.name} lost no points"
    assert grade_isolated(ps, korean, tests=only).to_dict() == wrong
