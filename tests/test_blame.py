"""One bug costs points once, and a student sees it before submitting.

* Blame: for every wrong catalog entry, the tasks that lose points (nbgrader's stored verdicts, which
  tests/test_catalog.py shows the isolated engine reproduces test by test) are the tasks whose cells
  the entry changes, apart from the few exceptions the contract itself makes (CONTRACT below, each
  with its reason; the assignments page states them).
* Visible tests: every wrong entry fails at least one VISIBLE test cell of its own task (the release's
  test cells, hidden tests removed, run against the entry's answers as a student runs them; or a
  cell that fails at grading and that the release shows unchanged).
* Hints: when the pasted functions of task 2.0 are wrong, the later tests that fail say so.
"""
from __future__ import annotations

import contextlib
import functools
import io
import json

import pytest

from autograder import cells
from autograder.blame import task_of
from autograder.course import released_notebook, source_notebook
from autograder.isolated import grade_isolated
from autograder.reference import solution_sources
from tests.catalog import build_submission, entries
from tests.engine_verdicts import verdict

WRONG = [e for e in entries() if e.expect == "wrong"]
CARRIED = {"task2_0_ps1_functions", "task3_0_carried_over"}
# Extra tasks that may lose points, by entry, because the contract makes one function the input of
# another. Everything else must cost the entry's own tasks only.
# ps3's graded training run (15-40 s): the visible-test runs below leave it out. The release shows it
# unchanged, so an entry it catches is proven by its verdict; the reference passes it in the full
# grading of tests/test_engine.py.
GRADED_RUN = {"task3_2_train_test_accuracy"}
CONTRACT = {
    # A backward pass works from its own forward pass's cache (the layer API): a forward pass that
    # raises for most shapes leaves nothing to test the backward pass with ...
    "ps2/wrong_conv_bias_wrong_axis": ({"task2_2_conv_backward"}, "conv_forward raises, so no cache"),
    # ... and one that caches its inputs upcast to float64 makes the backward pass return float64.
    "ps2/wrong_conv_float32_upcast": ({"task2_2_conv_backward"}, "the cache holds float64 inputs"),
}


def own_tasks(entry) -> set[str]:
    return set(entry.cells)


def allowed(entry) -> set[str]:
    tasks = own_tasks(entry)
    if tasks & CARRIED:              # the later tasks are built on the pasted functions, by design
        return {"*"}
    extra, _ = CONTRACT.get(f"{entry.ps}/{entry.name}", (set(), ""))
    if entry.ps == "ps3" and tasks & {"task3_1_simple_convnet"}:
        # The graded training run trains the student's own SimpleConvNet (the task says so).
        extra = extra | {"task3_2_train"}
    return tasks | extra


@pytest.mark.parametrize("entry", WRONG, ids=[f"{e.ps}-{e.name}" for e in WRONG])
def test_a_bug_costs_the_points_of_its_own_task(entry):
    failed = {task_of(gid) for gid, passed in verdict(entry)["passed"].items() if not passed}
    assert failed, f"{entry.name}: no test fails"
    ok = allowed(entry)
    assert "*" in ok or failed <= ok, \
        f"{entry.name} ({entry.description}) costs points in {sorted(failed - ok)} too"


def test_the_contract_exceptions_are_still_needed():
    """An exception that no longer applies is removed from CONTRACT (and from the assignments page)."""
    by_key = {f"{e.ps}/{e.name}": e for e in WRONG}
    for key, (extra, why) in CONTRACT.items():
        failed = {task_of(g) for g, p in verdict(by_key[key])["passed"].items() if not p}
        assert failed & extra, f"{key}: {why}, but it no longer costs {sorted(extra)}"


# ------------------------------------------------------------------------------------ visible tests
def visible_failures(ps: str, answers: dict[str, str], tasks: set[str]) -> dict[str, str]:
    """Run the student release with the entry's answers as a student does (top to bottom, visible
    tests only, one namespace) -> {failed test grade_id: message}. Only the test cells of the
    entry's own tasks (and of the carried-over checks) run: the others cannot make these fail, and
    skipping them (the graded training run of ps3 among them) keeps the test fast."""
    nb = json.loads(released_notebook(ps).read_text())
    answers = {**solution_sources(ps), **answers}
    ns: dict = {"__name__": "__main__"}
    failures = {}
    for cell in nb["cells"]:
        if not cells.is_code(cell):
            continue
        gid = cells.grade_id(cell)
        if cells.is_test(cell) and (task_of(gid) not in tasks | CARRIED or gid in GRADED_RUN):
            continue
        source = answers.get(gid, cells.source(cell)) if cells.is_solution(cell) else cells.source(cell)
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                exec(compile(source, f"<{gid or 'cell'}>", "exec"), ns)
        except Exception as exc:  # noqa: BLE001  (what a student would see under the cell)
            if cells.is_test(cell):
                failures[gid] = f"{type(exc).__name__}: {exc}"[:300]
    return failures


@functools.cache
def shown_unchanged(ps: str) -> frozenset[str]:
    """grade_ids of the cells the release shows exactly as graded (test cells: no hidden test in them)."""
    released = cells.by_grade_id(json.loads(released_notebook(ps).read_text()))
    graded = cells.by_grade_id(json.loads(source_notebook(ps).read_text()))
    return frozenset(gid for gid, source in graded.items() if released.get(gid) == source)


def failing_cells_shown_unchanged(entry) -> set[str]:
    """Test cells of the entry's own tasks that fail at grading (the stored verdict, which
    tests/test_catalog.py shows the isolated engine reproduces) and that the release shows exactly as
    graded: the student runs that very cell and sees it fail."""
    return {gid for gid, passed in verdict(entry)["passed"].items()
            if not passed and task_of(gid) in own_tasks(entry) | CARRIED and gid in shown_unchanged(entry.ps)}


@pytest.mark.parametrize("entry", WRONG, ids=[f"{e.ps}-{e.name}" for e in WRONG])
def test_a_visible_test_of_its_own_task_catches_the_mistake(entry):
    # A failing cell the release shows unchanged needs no run (ps3's graded training run, 15-40 s,
    # is one); otherwise run the visible tests as the student does.
    mine = failing_cells_shown_unchanged(entry)
    if not mine:
        failures = visible_failures(entry.ps, entry.cells, own_tasks(entry))
        mine = {gid for gid in failures if task_of(gid) in own_tasks(entry) | CARRIED}
    assert mine, f"{entry.name} ({entry.description}) passes every visible test of its task"


def test_the_graded_run_left_out_is_shown_unchanged():
    assert GRADED_RUN and GRADED_RUN <= shown_unchanged("ps3")


@pytest.mark.parametrize("ps", sorted({e.ps for e in WRONG}))
def test_the_reference_passes_the_visible_tests_run_this_way(ps):
    """The shortcut above (other tasks' test cells skipped) must not break a right notebook: no
    test cell may depend on another task's test cell."""
    tasks = {task_of(cells.grade_id(c)) for c in json.loads(released_notebook(ps).read_text())["cells"]
             if cells.is_test(c)}
    for task in sorted(tasks):
        assert visible_failures(ps, {}, {task}) == {}, task


def test_a_wrong_pasted_function_is_named_in_the_later_failures(tmp_path):
    entry = next(e for e in WRONG if e.name == "wrong_col2im_overwrite_carried")
    result = grade_isolated("ps2", build_submission("ps2", entry.cells, tmp_path / "nb.ipynb"))
    check = result.test("task2_0_ps1_functions_test")
    assert not check.passed and check.max_points == 0 and check.points == 0
    later = [t for t in result.tests if not t.passed and task_of(t.grade_id) != "task2_0_ps1_functions"]
    assert later and all("check them first" in t.message and "task2_0_ps1_functions_test" in t.message
                         for t in later), [t.message for t in later]
    # A right submission: the check passes, and nothing is annotated.
    right = grade_isolated("ps2", build_submission("ps2", {}, tmp_path / "ref.ipynb"))
    assert right.test("task2_0_ps1_functions_test").passed and right.score == right.max_score
