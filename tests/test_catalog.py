"""Every realistic wrong implementation loses points; every correct alternative gets full marks; and
the isolated engine grades each entry exactly as nbgrader does, test by test.

Each case is a real submission notebook built from the student release (tests/catalog.py explains
the catalog's format), graded once by the isolated engine, the default; nbgrader's verdicts on the
same notebooks are stored in tests/engine_verdicts.json (fingerprinted, recomputed live when stale).
"""
from __future__ import annotations

import pytest

from autograder.isolated import grade_isolated
from autograder.reference import solution_sources
from autograder.result import GradingResult, TestResult
from tests.catalog import build_submission, entries, parse_entry
from tests.engine_verdicts import fingerprint, key, stored, verdict

ENTRIES = entries()
# The graded training run of ps3 (15-40 s a notebook) runs in the isolated engine for the entries it
# judges: those that change `train` itself (right and wrong) and those whose nbgrader verdict fails
# it. For the others (a model written differently, or wrong elsewhere) its verdict is nbgrader's
# stored one, made by training that entry; tests/test_engine.py trains the reference in the engine.
TRAINING = "task3_2_train_test_accuracy"
TRAIN_TASK = "task3_2_train"


def runs_training(entry, nbgrader: dict) -> bool:
    return TRAIN_TASK in entry.cells or nbgrader["passed"].get(TRAINING) is False


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
        order = xp.asarray(rng.permutation(n))                    # a fresh order every epoch
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
    old_line = "        order = xp.asarray(rng.permutation(n))                    # a fresh order every epoch\n"
    want = reference.replace(old_line, "        order = xp.arange(n)[::-1]\n").replace("            step += 1\n", "")
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
    patch = "# %% task3_0_carried_over patch\n# - old\n    return out, cache\n# + new\n    return out\n"
    path = write_entry(tmp_path, patch)
    with pytest.raises(ValueError, match=r"wrong_example\.py: task3_0_carried_over patch: old text ambiguous"):
        parse_entry(path)


def test_stored_nbgrader_verdicts_are_fresh():
    """Refresh them after changing an assignment: `.venv/bin/python -m tests.engine_verdicts`."""
    data = stored()
    stale = [key(e) for e in ENTRIES if data.get(key(e), {}).get("fingerprint") != fingerprint(e)]
    assert not stale, f"stale or missing nbgrader verdicts (run python -m tests.engine_verdicts): {stale}"


@pytest.mark.slow
@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.ps}-{e.name}" for e in ENTRIES])
def test_catalog_entry(entry, tmp_path):
    nbgrader = verdict(entry)                    # stored while fresh, else computed now
    skip = {TRAINING} if TRAINING in nbgrader["passed"] and not runs_training(entry, nbgrader) else set()
    notebook = build_submission(entry.ps, entry.cells, tmp_path / f"{entry.name}.ipynb")
    run = [gid for gid in nbgrader["passed"] if gid not in skip]
    result = grade_isolated(entry.ps, notebook, tests=run if skip else None)
    if skip:                                     # nbgrader's verdict on the tests not run here
        result = GradingResult(result.assignment, result.status, [
            TestResult(t.grade_id, t.max_points, t.max_points, True) if t.grade_id in skip else t
            for t in result.tests], result.error, result.notes)
    assert result.status == "graded"
    by_id = {t.grade_id: t for t in result.tests}
    if entry.expect == "right":
        lost = {gid: t.message for gid, t in by_id.items() if not t.passed}
        assert result.score == result.max_score, f"{entry.description}\nlost points: {lost}"
    else:
        assert result.score < result.max_score, f"not caught: {entry.description}"
        for gid in entry.fails:
            assert gid in by_id, f"{entry.name}: no test cell {gid}"
            assert not by_id[gid].passed, f"{entry.name}: {gid} should fail ({entry.description})"
            assert by_id[gid].message, f"{entry.name}: {gid} failed without a message"
    got = {gid: t.passed for gid, t in by_id.items()}
    differ = {gid: by_id[gid].message for gid in got if got[gid] != nbgrader["passed"].get(gid)}
    assert got == nbgrader["passed"] and result.score == nbgrader["score"], \
        f"the isolated engine and nbgrader disagree on {entry.name}: {differ}"
