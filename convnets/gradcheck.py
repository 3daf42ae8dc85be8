"""Centered-difference gradient checks and the relative error used throughout the course.

The numerical gradient of a scalar f at x is, element by element,

    df/dx[i] ~= (f(x + h e_i) - f(x - h e_i)) / (2 h)

with an error of order h**2. Run checks in float64: in float32 the rounding error of f (about
1e-7 * |f|) divided by 2h swamps the answer.
"""
from __future__ import annotations

import numpy as np

from .backend import get_array_module, to_numpy


def rel_error(x, y, eps: float = 1e-8) -> float:
    """Largest elementwise relative error ``|x - y| / max(|x| + |y|, eps)`` as a Python float."""
    x = to_numpy(x).astype(np.float64)
    y = to_numpy(y).astype(np.float64)
    if x.shape != y.shape:
        raise ValueError(f"rel_error: shapes differ: {x.shape} vs {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(eps, np.abs(x) + np.abs(y))))


def numerical_gradient(f, x, h: float = 1e-5):
    """Gradient of the scalar function ``f()`` with respect to the array ``x`` (changed in place
    and restored), by centered differences. Returns an array shaped like x."""
    xp = get_array_module(x)
    grad = xp.zeros_like(x)
    flat_x = x.reshape(-1)           # a view: writing to it perturbs x
    flat_g = grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i].copy()
        flat_x[i] = old + h
        f_plus = float(f())
        flat_x[i] = old - h
        f_minus = float(f())
        flat_x[i] = old
        flat_g[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient_array(f, x, dout, h: float = 1e-5):
    """Gradient of ``sum(f() * dout)`` with respect to x: checks a layer's backward pass for an
    upstream gradient ``dout`` shaped like f's output."""
    xp = get_array_module(x)
    return numerical_gradient(lambda: xp.sum(f() * dout), x, h)
