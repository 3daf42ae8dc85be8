"""Chapter 9 (and chapter 10's timing of its layers) run as a reader downloads them: with the reader's
own ps3/ps2 code in one marked cell, never with the course's hidden reference solution."""
from __future__ import annotations

import json
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]


def cells(name):
    nb = jupytext.read(ROOT / "book" / name)
    return [c for c in nb.cells if c.cell_type == "code"]


def is_removed(cell):
    return "remove-cell" in cell.metadata.get("tags", [])


@pytest.mark.parametrize("name,marker", [("09_training.md", "YOUR PS3 CODE"),
                                         ("10_deeper_faster.md", "YOUR PS2 CODE")])
def test_reference_is_loaded_only_at_build_time(name, marker):
    code = cells(name)
    for cell in code:
        if "autograder" in cell.source or "solutions" in cell.source:
            assert is_removed(cell), f"{name}: a visible cell uses the course's instructor code"
            assert 'os.environ.get("CONVNETS_BOOK_BUILD") == "1"' in cell.source, \
                f"{name}: the reference must be loaded only when the book is built"
    marked = [c for c in code if c.source.startswith("# ===") and marker in c.source.splitlines()[0]]
    assert len(marked) == 1 and not is_removed(marked[0]), f"{name}: one visible cell marked {marker}"


def run_first_cells(code, marked_source=None):
    """Run the cells up to the check that follows the marked cell, as a reader's kernel would."""
    namespace = {"__name__": "__main__"}
    for cell in code[:3]:
        source = cell.source
        if "YOUR PS3 CODE" in source and marked_source is not None:
            source = marked_source
        exec(compile(source, "<chapter 9>", "exec"), namespace)
    return namespace


def test_chapter9_as_downloaded_says_what_is_missing(monkeypatch):
    monkeypatch.delenv("CONVNETS_BOOK_BUILD", raising=False)
    code = cells("09_training.md")
    assert is_removed(code[0]) and "YOUR PS3 CODE" in code[1].source, "cell order: reference, marked, check"
    with pytest.raises(NameError) as err:
        run_first_cells(code)
    message = str(err.value)
    assert "SimpleConvNet and train not defined" in message and "YOUR PS3 CODE" in message


def test_chapter9_runs_the_readers_own_code(monkeypatch):
    monkeypatch.delenv("CONVNETS_BOOK_BUILD", raising=False)
    mine = "class SimpleConvNet:\n    pass\n\ndef train(model, data, **kw):\n    return {}\n"
    namespace = run_first_cells(cells("09_training.md"), marked_source=mine)
    assert namespace["SimpleConvNet"].__module__ == "__main__"       # the reader's, not the reference
    assert "reference" not in namespace


@pytest.mark.book
def test_downloadable_notebook_has_the_marked_cell(root):
    notebook = root / "_build" / "html" / "_sources" / "book" / "09_training.ipynb"
    if not notebook.is_file():
        pytest.fail("the book is not built: run `make book` first", pytrace=False)
    sources = ["".join(c["source"]) for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
    assert any("YOUR PS3 CODE" in s for s in sources)
    page = (root / "_build" / "html" / "book" / "09_training.html").read_text(encoding="utf-8")
    assert "load_reference" not in page and "YOUR PS3 CODE" in page
