"""The notebooks' own test cells, visible and hidden, run against the reference on every backend.

The graded functions run on the device (the CuPy double here, CuPy with a GPU): each test cell calls
them through a thin shim that moves NumPy arguments to the device and brings array results back,
so the cells themselves stay NumPy code. A hidden host copy, an unsupported NumPy call or a
device/host mix-up inside a reference function fails here, with the cell's grade id. The NumPy
backend runs the same harness, so a failure on the double alone is about the device.

Only cells that define things (imports, functions, classes), the locked helper cells and the
graded test cells run; demos,
plots and timing cells do not, and neither do the ps3 cells that train the full network.
"""
from __future__ import annotations

import functools

import nbformat
import numpy as np
import pytest

from autograder import cells
from autograder.cells import markers
from autograder.cells.code import defined_names, only_definitions
from autograder.course import source_notebook
from autograder.reference import solution_sources
from convnets.backend import get_array_module
from tests.backends import BACKENDS

# Cells whose work is training the full network for minutes, not a contract check on the device.
TOO_SLOW = {"task3_2_train_test_accuracy"}


def is_device_array(a) -> bool:
    return hasattr(a, "shape") and not isinstance(a, (np.ndarray, np.generic)) and hasattr(a, "dtype")


def mover(backend):
    """NumPy array -> the backend's array; on the NumPy backend the very same array (no copy, so
    the cells' checks that inputs are left unchanged still bite)."""
    if backend.name == "numpy":
        return lambda v: v
    return lambda v: backend(v) if isinstance(v, np.ndarray) else v


def shim(func, backend):
    """func on the device: NumPy arrays in, NumPy arrays out; caches and other objects pass through."""
    move = mover(backend)

    def to_host(v):
        return backend.host(v) if is_device_array(v) else v

    @functools.wraps(func)
    def call(*args, **kwargs):
        args = [move(a) for a in args]
        kwargs = {k: move(v) for k, v in kwargs.items()}
        out = func(*args, **kwargs)
        if isinstance(out, tuple):
            return tuple(to_host(v) for v in out)
        return to_host(out)
    return call


def device_class(cls, backend):
    """A subclass whose loss() takes NumPy inputs and runs on the device: parameters are moved there
    before each call (tests set them as NumPy arrays) and results come back to the host."""
    move = mover(backend)

    class OnDevice(cls):
        def loss(self, X, y=None):
            for k, v in self.params.items():
                self.params[k] = move(v)
            out = cls.loss(self, move(X), None if y is None else move(np.asarray(y)))
            if y is None:
                return backend.host(out)
            loss, grads = out
            return backend.host(loss), {k: backend.host(g) for k, g in grads.items()}
    OnDevice.__name__ = OnDevice.__qualname__ = cls.__name__
    return OnDevice


def run_test_cells(ps: str, backend, patch: dict | None = None) -> tuple[list[str], list[str], list[str]]:
    """Run the reference and the test cells of ps on backend; return the grade ids of the cells
    that (passed, failed, should run). patch: {grade_id: (old, new)} edits a solution first (to
    show that the harness can fail)."""
    nb = nbformat.read(source_notebook(ps), as_version=4)
    solutions = solution_sources(ps)
    for gid, (old, new) in (patch or {}).items():
        assert old in solutions[gid], (gid, old)
        solutions[gid] = solutions[gid].replace(old, new)
    graded = set().union(*(defined_names(src) for src in solutions.values()))
    reference: dict = {"__name__": f"reference_{ps}"}
    tests: dict = {"__name__": f"tests_{ps}"}
    passed, failed, expected = [], [], []

    def run(source, name, namespace):
        exec(compile(source, f"<{ps}:{name}>", "exec"), namespace)
        for key in graded & set(reference):        # the test cells see the graded names on the device
            obj = reference[key]
            if callable(obj):
                tests[key] = device_class(obj, backend) if isinstance(obj, type) else shim(obj, backend)

    for cell in nb.cells:
        gid = cells.grade_id(cell)
        if not cells.is_code(cell):
            continue
        if gid in solutions:                       # the reference, on the host side of the shims
            run(solutions[gid], gid, reference)
        elif cells.is_test(cell) and gid not in TOO_SLOW:
            expected.append(gid)
            try:
                exec(compile(markers.without_markers(cell.source, markers.HIDDEN), f"<{ps}:{gid}>", "exec"), tests)
                passed.append(gid)
            except Exception as exc:             # noqa: BLE001  (collect every failing cell)
                failed.append(f"{gid}: {type(exc).__name__}: {str(exc)[:300]}")
        elif not cells.is_test(cell) and (only_definitions(cell.source) or cells.is_locked(cell)):
            # imports and helpers, and the instructors' locked helper cells (ps3's test helpers)
            run(cell.source, gid or "definitions", reference)
            run(cell.source, gid or "definitions", tests)
    return passed, failed, expected


@pytest.mark.parametrize("ps", ["ps1", "ps2", "ps3"])
def test_every_test_cell_passes_on_the_device(ps, xb):
    passed, failed, expected = run_test_cells(ps, xb)
    assert not failed, f"{ps} on {xb.name}: test cells failing against the reference:\n" + "\n".join(failed)
    assert passed == expected and len(expected) >= 7


def test_a_hidden_host_copy_fails_on_the_double():
    """An im2col that converts its input with np.asarray passes on NumPy and fails on the double,
    as it would fail on CuPy."""
    backends = {p.id: p.values[0] for p in BACKENDS}
    patch = {"task1_2_im2col": ("xp = get_array_module(x)", "x = np.asarray(x)\n    xp = get_array_module(x)")}
    _, failed, _ = run_test_cells("ps1", backends["numpy"], patch)
    assert failed == []
    passed, failed, _ = run_test_cells("ps1", backends["fake_cupy"], patch)
    assert any(f.startswith("task1_2_im2col_test_examples: TypeError") for f in failed), failed
    assert "task1_1_conv_output_size_test_examples" in passed


def test_the_shim_really_runs_on_the_device(xb):
    """The graded function sees device arrays, and the test cell sees NumPy arrays again."""
    seen = []

    def graded(x):
        seen.append(get_array_module(x).__name__)
        return x * 2, ("cache", x)

    out, cache = shim(graded, xb)(np.arange(3.0))
    assert isinstance(out, np.ndarray) and list(out) == [0.0, 2.0, 4.0]
    assert seen == [{"numpy": "numpy", "fake_cupy": "tests.fake_cupy", "cupy": "cupy"}[xb.name]]
    assert cache[0] == "cache"
