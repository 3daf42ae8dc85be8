"""Blame where the bug is: what the hidden tests use so that a test of one task fails only for a bug
in that task, and the hint a failed test gets when the bug is in functions its task is built on.

A student's function may call the student's other graded functions (im2col calls conv_output_size).
``use_reference(im2col, conv_output_size=reference)`` makes it call the reference instead, for the
rest of the test cell, so that a wrong conv_output_size costs conv_output_size's tests and nothing
of im2col's. Under the isolated engine the reference stays in the grader: the student's process gets
a handle it can only call, revoked after the cell (nothing of the reference runs where the student's
code could read it). Under nbgrader's kernel (and when the tests run against the reference itself)
the names of the function's own module are rebound, and put back after the cell.

Where the task itself builds on earlier work (ps2's layers on the ps1 functions pasted into task 2.0,
ps3's network on task 3.0), a test worth 0 points checks the pasted functions; when it fails, every
later test that fails says so: "check task2_0_ps1_functions first" (``hint_prerequisites``).
"""
from __future__ import annotations

import dataclasses
import inspect

_MISSING = object()


def use_reference(student_function, **references) -> None:
    """For the rest of this test cell, ``student_function`` calls ``references`` (name -> function)
    wherever it calls the student's functions of those names."""
    bind = getattr(student_function, "_use_reference", None)       # the isolated engine's proxy
    if bind is not None:
        bind(references)
        return
    namespace = inspect.unwrap(student_function).__globals__
    saved = {name: namespace.get(name, _MISSING) for name in references}
    namespace.update(references)
    from IPython import get_ipython  # noqa: PLC0415  (only in a kernel does a cell end)

    ipython = get_ipython()
    if ipython is None:
        return                   # no cell to end: the names keep the reference (a reference run)

    def restore(*_):
        for name, value in saved.items():
            if value is _MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = value
        ipython.events.unregister("post_run_cell", restore)
    ipython.events.register("post_run_cell", restore)


def task_of(grade_id: str) -> str:
    """The task a test cell belongs to: task2_2_conv_backward_test_random -> task2_2_conv_backward."""
    return grade_id.split("_test")[0]


def hint_prerequisites(result):
    """The result, with a hint on every failed test that comes after a failed 0-point check of
    pasted functions (the functions its task is built on)."""
    tests, failed_check = [], None
    for t in result.tests:
        if not t.passed and failed_check and task_of(t.grade_id) != task_of(failed_check):
            hint = (f" (this task is built on your {task_of(failed_check)} functions, which fail "
                    f"{failed_check}: check them first)")
            t = dataclasses.replace(t, message=t.message + hint)
        if t.max_points == 0 and not t.passed and failed_check is None:
            failed_check = t.grade_id
        tests.append(t)
    return dataclasses.replace(result, tests=tests)
