"""Every realistic wrong implementation loses points; every correct alternative gets full marks.

Each case is a real submission notebook built from the student release and graded through the
real command line (tests/catalog.py explains the catalog's format).
"""
from __future__ import annotations

import pytest

from tests.catalog import build_submission, entries
from tests.conftest import grade_json

ENTRIES = entries()


def test_catalog_is_big_enough():
    wrong = [e for e in ENTRIES if e.expect == "wrong"]
    right = [e for e in ENTRIES if e.expect == "right"]
    # The course promises at least 25 realistic wrong implementations and 6 correct alternatives.
    assert len(wrong) >= 25 and len(right) >= 6, (len(wrong), len(right))


@pytest.mark.slow
@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.ps}-{e.name}" for e in ENTRIES])
def test_catalog_entry(entry, tmp_path):
    notebook = build_submission(entry.ps, entry.cells, tmp_path / f"{entry.name}.ipynb")
    result = grade_json(entry.ps, notebook)
    assert result["status"] == "graded"
    by_id = {t["grade_id"]: t for t in result["tests"]}
    if entry.expect == "right":
        lost = {gid: t["message"] for gid, t in by_id.items() if not t["passed"]}
        assert result["score"] == result["max_score"], f"{entry.description}\nlost points: {lost}"
    else:
        assert result["score"] < result["max_score"], f"not caught: {entry.description}"
        for gid in entry.fails:
            assert gid in by_id, f"{entry.name}: no test cell {gid}"
            assert not by_id[gid]["passed"], f"{entry.name}: {gid} should fail ({entry.description})"
            assert by_id[gid]["message"], f"{entry.name}: {gid} failed without a message"
