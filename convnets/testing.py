"""Assertions whose failure messages help a student: what was expected, what came back, where.

Used by the visible tests in the assignment notebooks (and by the hidden ones).
"""
from __future__ import annotations

import numpy as np

from .backend import to_numpy


def _describe(a) -> str:
    return f"{type(a).__name__} of shape {getattr(a, 'shape', None)} and dtype {getattr(a, 'dtype', None)}"


def assert_shape(actual, expected_shape, what: str = "result") -> None:
    shape = getattr(actual, "shape", None)
    if shape is None:
        raise AssertionError(f"{what}: expected an array of shape {tuple(expected_shape)}, "
                             f"got {type(actual).__name__}")
    if tuple(shape) != tuple(expected_shape):
        raise AssertionError(f"{what}: expected shape {tuple(expected_shape)}, got {tuple(shape)}")


def assert_dtype(actual, expected_dtype, what: str = "result") -> None:
    dtype = getattr(actual, "dtype", None)
    if dtype != np.dtype(expected_dtype):
        raise AssertionError(f"{what}: expected dtype {np.dtype(expected_dtype)}, got {dtype} "
                             "(keep the input's dtype: do not upcast float32 to float64)")


def assert_close(actual, expected, what: str = "result", rtol: float = 1e-7, atol: float = 1e-9) -> None:
    """Shapes equal and ``|actual - expected| <= atol + rtol * |expected|`` everywhere.

    On failure the message gives the first differing index (row-major) and both values there.
    """
    if actual is None:
        raise AssertionError(f"{what}: got None (did you forget to return the result?)")
    expected = np.asarray(to_numpy(expected))
    assert_shape(actual, expected.shape, what)
    got = np.asarray(to_numpy(actual))
    if not np.issubdtype(got.dtype, np.number):
        raise AssertionError(f"{what}: expected numbers, got {_describe(got)}")
    got64, exp64 = got.astype(np.float64), expected.astype(np.float64)
    bad = ~(np.abs(got64 - exp64) <= atol + rtol * np.abs(exp64))
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        n_bad = int(bad.sum())
        raise AssertionError(
            f"{what}: {n_bad} of {bad.size} values differ; first at index {idx}: "
            f"expected {float(exp64[idx])!r}, got {float(got64[idx])!r}")


def assert_raises_value_error(func, *args, what: str | None = None, **kwargs) -> str:
    """Call func and check it raises ValueError; return the message."""
    name = what or getattr(func, "__name__", "function")
    def short(v):
        return f"<array {v.shape}>" if hasattr(v, "shape") else repr(v)
    shown = [short(a) for a in args] + [f"{k}={short(v)}" for k, v in kwargs.items()]
    call = f"{name}({', '.join(shown)})"
    try:
        result = func(*args, **kwargs)
    except ValueError as exc:
        return str(exc)
    except Exception as exc:  # a different error is a real mistake too: say which
        raise AssertionError(f"{call} should raise ValueError, but raised "
                             f"{type(exc).__name__}: {exc}") from None
    raise AssertionError(f"{call} should raise ValueError, but returned {result!r}")


def assert_equal(actual, expected, what: str = "result") -> None:
    """Exact equality of plain values (ints, tuples), with type checked for ints."""
    if isinstance(expected, int) and not isinstance(expected, bool):
        if not isinstance(actual, int) or isinstance(actual, bool):
            raise AssertionError(f"{what}: expected the Python int {expected!r}, "
                                 f"got {actual!r} of type {type(actual).__name__}")
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")
