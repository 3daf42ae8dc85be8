"""Every realistic wrong implementation loses points; every correct alternative gets full marks.

Each case is a real submission notebook built from the student release and graded through the
real command line (tests/catalog.py explains the catalog's format).
"""
from __future__ import annotations

import pytest

from autograder.reference import solution_sources
from tests.catalog import build_submission, entries, parse_entry
from tests.conftest import grade_json

ENTRIES = entries()


def test_catalog_is_big_enough():
    wrong = [e for e in ENTRIES if e.expect == "wrong"]
    right = [e for e in ENTRIES if e.expect == "right"]
    # The course promises at least 25 realistic wrong implementations and 6 correct alternatives.
    assert len(wrong) >= 25 and len(right) >= 6, (len(wrong), len(right))


def write_entry(tmp_path, body: str):
    path = tmp_path / "ps3" / "wrong_example.py"
    path.parent.mkdir()
    path.write_text('"""A mistake.\n\nexpect: wrong\nfails: task3_2_train_test_protocol\n"""\n' + body)
    return path


def test_patch_edits_the_reference_in_order(tmp_path):
    entry = parse_entry(write_entry(tmp_path, """# %% task3_2_train patch
# - old
        order = xp.asarray(rng.permutation(n))
# + new
        order = xp.arange(n)

# - old
        order = xp.arange(n)
# + new
        order = xp.arange(n)[::-1]
# - old
            step += 1
# + new
"""))
    reference = solution_sources("ps3")["task3_2_train"]
    want = (reference.replace("        order = xp.asarray(rng.permutation(n))\n", "        order = xp.arange(n)[::-1]\n")
            .replace("            step += 1\n", ""))
    assert want != reference
    assert entry.cells == {"task3_2_train": want}
    assert entry.expect == "wrong" and entry.fails == ["task3_2_train_test_protocol"]


def test_patch_with_missing_old_text_is_an_error(tmp_path):
    # Whole lines only: the reference's line is indented by 8 spaces, not 4.
    path = write_entry(tmp_path, "# %% task3_2_train patch\n# - old\n    order = xp.asarray(rng.permutation(n))\n"
                                 "# + new\n    order = xp.arange(n)\n")
    with pytest.raises(ValueError, match=r"wrong_example\.py: task3_2_train patch: old text missing") as e:
        parse_entry(path)
    assert "order = xp.asarray(rng.permutation(n))" in str(e.value)


def test_patch_with_ambiguous_old_text_is_an_error(tmp_path):
    path = write_entry(tmp_path, "# %% task3_0_carried_over patch\n# - old\n    return out, cache\n# + new\n    return out\n")
    with pytest.raises(ValueError, match=r"wrong_example\.py: task3_0_carried_over patch: old text ambiguous"):
        parse_entry(path)


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
