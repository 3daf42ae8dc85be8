"""A CPU test double for CuPy: arrays that live "on the device" and refuse to leave it silently.

It behaves like CuPy where the course's code can go wrong:

* ``np.asarray(a)`` / ``np.array(a)`` raise TypeError, as CuPy does ("Implicit conversion to a NumPy
  array is not allowed"), so any hidden host copy in a function under test fails the test;
* NumPy functions called on these arrays dispatch to this module (``__array_function__``), as they
  do for CuPy, and raise TypeError when this module has no such function; ufunc methods such as
  ``np.add.at`` raise TypeError (CuPy's fancy ``+=`` with repeated indices is undefined: use
  ``convnets.backend.scatter_add``, which calls this module's ``scatter_add``);
* ``get()`` is the explicit device-to-host copy; ``asarray`` here is the host-to-device copy.

Functions are looked up on NumPy and wrapped, so the double is small and computes exactly what
NumPy computes.
"""
from __future__ import annotations

import sys
import types

import numpy as np

_module = sys.modules[__name__]


def _unwrap(obj):
    if isinstance(obj, FakeArray):
        return obj._a
    if isinstance(obj, (list, tuple)):
        return type(obj)(_unwrap(o) for o in obj)
    if isinstance(obj, dict):
        return {k: _unwrap(v) for k, v in obj.items()}
    return obj


def _wrap(obj):
    if isinstance(obj, np.ndarray):
        return FakeArray(obj)
    if isinstance(obj, np.generic):        # CuPy reductions return 0-d device arrays, not scalars
        return FakeArray(np.asarray(obj))
    if isinstance(obj, tuple):
        return tuple(_wrap(o) for o in obj)
    if isinstance(obj, list):
        return [_wrap(o) for o in obj]
    return obj


def _wrapped(func):
    def call(*args, **kwargs):
        return _wrap(func(*_unwrap(args), **_unwrap(kwargs)))
    call.__name__ = getattr(func, "__name__", "func")
    return call


class FakeArray:
    """An array "on the device": wraps a NumPy array without letting NumPy see it."""

    __array_module__ = _module
    __array_priority__ = 100

    def __init__(self, a):
        self._a = a

    # -- the behaviour that matters ---------------------------------------------------------
    def __array__(self, *args, **kwargs):
        raise TypeError("Implicit conversion to a NumPy array is not allowed. "
                        "Please use `.get()` to construct a NumPy array explicitly.")

    def __array_function__(self, func, types_, args, kwargs):
        mine = getattr(_module, func.__name__, None)
        if mine is None or not callable(mine):
            raise TypeError(f"fake_cupy: no implementation of numpy.{func.__name__}")
        return mine(*args, **kwargs)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method != "__call__":
            raise TypeError(f"fake_cupy: numpy.{ufunc.__name__}.{method} is not supported on "
                            "device arrays (use convnets.backend.scatter_add for add.at)")
        return _wrap(getattr(np, ufunc.__name__)(*_unwrap(inputs), **_unwrap(kwargs)))

    def get(self):
        return self._a.copy()

    def __float__(self):
        return float(self._a)

    def __int__(self):
        return int(self._a)

    def __bool__(self):
        return bool(self._a)

    def __index__(self):
        return self._a.__index__()

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return (_wrap(v) for v in self._a)

    def __repr__(self):
        return f"fake_cupy.array({self._a!r})"

    # -- everything else is NumPy's, wrapped -----------------------------------------------
    def __getattr__(self, name):
        if name.startswith("__"):      # no __array_interface__ & co: NumPy must not see the data
            raise AttributeError(name)
        value = getattr(self._a, name)
        return _wrapped(value) if callable(value) else _wrap(value)

    def __getitem__(self, key):
        return _wrap(self._a[_unwrap(key)])

    def __setitem__(self, key, value):
        self._a[_unwrap(key)] = _unwrap(value)

    @property
    def T(self):
        return FakeArray(self._a.T)


def _binary(name):
    def op(self, *others):
        return _wrap(getattr(self._a, name)(*_unwrap(others)))
    return op


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor",
              "lt", "le", "gt", "ge", "eq", "ne", "neg", "pos", "abs", "invert", "lshift", "rshift"):
    for _form in (f"__{_name}__", f"__r{_name}__", f"__i{_name}__"):
        if hasattr(np.ndarray, _form):
            setattr(FakeArray, _form, _binary(_form))


# -- the module: cupy-like functions ---------------------------------------------------------
ndarray = FakeArray


def asarray(a, dtype=None):
    """Host-to-device copy (explicit, as cupy.asarray)."""
    return FakeArray(np.array(_unwrap(a), dtype=dtype))


array = asarray


def asnumpy(a):
    return _unwrap(a).copy() if isinstance(a, FakeArray) else np.asarray(a)


def scatter_add(target, indices, values):
    """cupyx.scatter_add: repeated indices add up."""
    np.add.at(target._a, _unwrap(indices), _unwrap(values))


def __getattr__(name):
    value = getattr(np, name)
    if isinstance(value, np.ufunc) or callable(value):
        return _wrapped(value)
    if isinstance(value, type) or not isinstance(value, types.ModuleType):
        return value
    raise AttributeError(name)


lib = types.SimpleNamespace(stride_tricks=types.SimpleNamespace(
    as_strided=_wrapped(np.lib.stride_tricks.as_strided),
    sliding_window_view=_wrapped(np.lib.stride_tricks.sliding_window_view)))
random = types.SimpleNamespace(default_rng=lambda seed=None: _FakeRng(seed))
linalg = types.SimpleNamespace(norm=_wrapped(np.linalg.norm))


class _FakeRng:
    def __init__(self, seed):
        self._rng = np.random.default_rng(seed)

    def __getattr__(self, name):
        return _wrapped(getattr(self._rng, name))
