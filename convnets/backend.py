"""The one module that imports CuPy.

Everything else in the course writes ``xp = get_array_module(x)`` and calls ``xp.zeros``,
``xp.matmul`` and so on, so the same code runs on NumPy arrays (the default) and on CuPy arrays on a
GPU. Transfers between host and device are explicit (``to_device``, ``to_numpy``): nothing in the
course copies an array across silently.

A student switches the backend in one line, by moving the data::

    X_train = to_device(X_train)          # every function called on it now runs on the GPU
"""
from __future__ import annotations

import numpy as np

_cupy = None          # the imported module, once imported
_cupy_error = None    # why it could not be imported (shown in the error message)


def _import_cupy():
    global _cupy, _cupy_error
    if _cupy is None and _cupy_error is None:
        try:
            import cupy  # noqa: PLC0415  (imported lazily: CuPy is optional)
            _cupy = cupy
        except Exception as exc:  # ImportError, or a CUDA library that fails to load
            _cupy_error = exc
    return _cupy


def cupy_available() -> bool:
    """True when CuPy imports and sees at least one CUDA GPU."""
    cp = _import_cupy()
    if cp is None:
        return False
    try:
        return cp.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


def require_cupy():
    """Return the ``cupy`` module, or raise a RuntimeError that says what is missing."""
    cp = _import_cupy()
    if cp is None:
        raise RuntimeError(
            "The GPU backend needs CuPy, which could not be imported "
            f"({type(_cupy_error).__name__}: {_cupy_error}). Install it with "
            "`pip install -r requirements-gpu.txt` on a machine with an NVIDIA GPU, or keep "
            "using NumPy (the default).")
    if not cupy_available():
        raise RuntimeError("CuPy is installed but no CUDA GPU is visible to it "
                           "(cupy.cuda.runtime.getDeviceCount() is 0 or failed).")
    return cp


def get_array_module(*arrays):
    """Return the array module (``numpy`` or ``cupy``) that matches the given arrays.

    NumPy unless one of the arrays is a CuPy array. The course's CPU test double for CuPy
    (tests/fake_cupy.py) names its module through a ``__array_module__`` class attribute.
    """
    for a in arrays:
        module = getattr(type(a), "__array_module__", None)
        if module is not None:
            return module
        if type(a).__module__.startswith("cupy"):
            return _import_cupy()
    return np


def to_device(x, device: str = "gpu"):
    """Copy an array to ``device`` ("gpu" or "cpu") and return the copy (or x if it is there)."""
    if device == "cpu":
        return to_numpy(x)
    if device != "gpu":
        raise ValueError(f"to_device: device must be 'gpu' or 'cpu', got {device!r}")
    cp = require_cupy()
    return cp.asarray(x)


def to_numpy(x):
    """Return a NumPy array with the values of x (a device-to-host copy for CuPy arrays)."""
    if isinstance(x, np.ndarray):
        return x
    get = getattr(x, "get", None)       # cupy.ndarray.get() copies to the host
    if callable(get):
        return get()
    return np.asarray(x)


def scatter_add(target, indices, values):
    """``target[indices] += values`` where repeated indices add up (in place).

    NumPy's fancy ``+=`` keeps only one of the repeated updates; ``np.add.at`` adds them all. CuPy's
    equivalent is ``cupyx.scatter_add``. ``indices`` is anything NumPy accepts as an index (an
    integer array, a tuple of them, slices).
    """
    xp = get_array_module(target)
    if xp is np:
        np.add.at(target, indices, values)
    else:
        scatter = getattr(xp, "scatter_add", None)          # the test double provides this
        if scatter is None:
            import cupyx  # noqa: PLC0415  (only ever reached with CuPy arrays)
            scatter = cupyx.scatter_add
        scatter(target, indices, values)
    return target
