"""Assertions whose failure messages help a student: what was expected, what came back, where.

Used by the visible tests in the assignment notebooks (and by the hidden ones).
"""
from __future__ import annotations

import numpy as np

from .backend import to_numpy

SHOWN = 4          # differing values shown in a failed comparison


def _describe(a) -> str:
    return f"{type(a).__name__} of shape {getattr(a, 'shape', None)} and dtype {getattr(a, 'dtype', None)}"


def short(v) -> str:
    """A value as a person reads it in one line: plain numbers (24.1123, not np.float64(24.11230...)),
    arrays by shape and dtype, long texts cut."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, int):
        return str(v)
    if hasattr(v, "shape") and hasattr(v, "dtype"):
        return f"an array of shape {tuple(v.shape)} and dtype {v.dtype}"
    if isinstance(v, (tuple, list)) and len(v) <= 8:
        inner = ", ".join(short(x) for x in v)
        return f"({inner}{',' if len(v) == 1 else ''})" if isinstance(v, tuple) else f"[{inner}]"
    text = repr(v)
    return text if len(text) <= 80 else text[:77] + "..."


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

    On failure the message gives the shape, how many values differ, the first differing index
    (row-major) and both values there, and the first few differing values: never a whole array.
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
        where = np.argwhere(bad)
        idx = tuple(int(i) for i in where[0])
        shown = [tuple(int(i) for i in w) for w in where[:SHOWN]]
        more = f" (the first {SHOWN})" if len(where) > SHOWN else ""
        raise AssertionError(
            f"{what}: {len(where)} of {bad.size} values differ (shape {tuple(expected.shape)}); first at index "
            f"{idx}: expected {short(exp64[idx])}, got {short(got64[idx])}; differing values{more}: expected "
            f"[{', '.join(short(exp64[i]) for i in shown)}], got [{', '.join(short(got64[i]) for i in shown)}]")


def assert_raises_value_error(func, *args, what: str | None = None, **kwargs) -> str:
    """Call func and check it raises ValueError; return the message."""
    name = what or getattr(func, "__name__", "function")
    def argument(v):
        return f"<array of shape {tuple(v.shape)}>" if hasattr(v, "shape") and hasattr(v, "dtype") else short(v)
    shown = [argument(a) for a in args] + [f"{k}={argument(v)}" for k, v in kwargs.items()]
    call = f"{name}({', '.join(shown)})"
    try:
        result = func(*args, **kwargs)
    except ValueError as exc:
        return str(exc)
    except Exception as exc:  # a different error is a real mistake too: say which
        raise AssertionError(f"{call} should raise ValueError, but raised "
                             f"{type(exc).__name__}: {exc}") from None
    raise AssertionError(f"{call} should raise ValueError, but returned {short(result)}")


def assert_equal(actual, expected, what: str = "result") -> None:
    """Exact equality of plain values (ints, tuples), with type checked for ints."""
    if isinstance(expected, int) and not isinstance(expected, bool):
        if not isinstance(actual, int) or isinstance(actual, bool):
            raise AssertionError(f"{what}: expected the Python int {expected!r}, "
                                 f"got {short(actual)} of type {type(actual).__name__}")
    if actual != expected:
        raise AssertionError(f"{what}: expected {short(expected)}, got {short(actual)}")
