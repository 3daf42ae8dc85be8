"""The ps2 reference layers on every backend, against the naive oracles (the notebook's own test
cells, hidden tests included, run on every backend in test_notebook_tests_on_device.py)."""
from __future__ import annotations

import numpy as np
import pytest

from autograder import oracles
from autograder.reference import load_reference

ref = load_reference("ps2")
CONV_CASES = [((2, 3, 6, 5), 4, 3, 2, 1, 0), ((2, 4, 9, 7), 5, 3, 3, 2, 1), ((1, 2, 11, 8), 3, 5, 2, 3, 0)]
POOL_CASES = [((2, 3, 4, 6), 2, 2, 2), ((2, 2, 7, 7), 3, 3, 2), ((1, 2, 8, 8), 2, 2, 3), ((1, 3, 9, 6), 3, 2, 1)]


def tolerance(dtype):
    return {"rtol": 1e-4, "atol": 1e-4} if dtype == np.float32 else {"rtol": 1e-10, "atol": 1e-10}


@pytest.mark.parametrize("shape, f, fh, fw, stride, pad", CONV_CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv_matches_the_oracles(xb, shape, f, fh, fw, stride, pad, dtype):
    rng = np.random.default_rng(11)
    x = rng.standard_normal(shape).astype(dtype)
    w = rng.standard_normal((f, shape[1], fh, fw)).astype(dtype)
    b = rng.standard_normal(f).astype(dtype)
    out, cache = ref.conv_forward(xb(x), xb(w), xb(b), stride=stride, pad=pad)
    assert out.dtype == dtype and type(out) is type(xb(x))
    np.testing.assert_allclose(xb.host(out), oracles.conv_forward_naive(x, w, b, stride, pad), **tolerance(dtype))
    dout = rng.standard_normal(out.shape).astype(dtype)
    grads = ref.conv_backward(xb(dout), cache)
    for grad, expected in zip(grads, oracles.conv_backward_naive(dout, x, w, stride, pad)):
        assert grad.dtype == dtype and type(grad) is type(xb(x))
        np.testing.assert_allclose(xb.host(grad), expected, **tolerance(dtype))


@pytest.mark.parametrize("shape, ph, pw, stride", POOL_CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ties", [False, True], ids=["random", "ties"])
def test_pooling_matches_the_oracles(xb, shape, ph, pw, stride, dtype, ties):
    rng = np.random.default_rng(12)
    x = (rng.integers(0, 3, shape) if ties else rng.standard_normal(shape)).astype(dtype)
    out, cache = ref.max_pool_forward(xb(x), ph, pw, stride)
    assert out.dtype == dtype and type(out) is type(xb(x))
    np.testing.assert_array_equal(xb.host(out), oracles.max_pool_forward_naive(x, ph, pw, stride))
    dout = rng.standard_normal(out.shape).astype(dtype)
    dx = ref.max_pool_backward(xb(dout), cache)
    assert dx.dtype == dtype
    np.testing.assert_allclose(xb.host(dx), oracles.max_pool_backward_naive(dout, x, ph, pw, stride), rtol=1e-6)
    out, cache = ref.avg_pool_forward(xb(x), ph, pw, stride)
    assert out.dtype == dtype
    np.testing.assert_allclose(xb.host(out), oracles.avg_pool_forward_naive(x, ph, pw, stride), rtol=1e-5, atol=1e-6)
    dx = ref.avg_pool_backward(xb(dout), cache)
    assert dx.dtype == dtype
    np.testing.assert_allclose(xb.host(dx), oracles.avg_pool_backward_naive(dout, shape, ph, pw, stride),
                               rtol=1e-5, atol=1e-6)


def test_invalid_settings_raise():
    with pytest.raises(ValueError, match=r"\b3\b.*\b2\b"):
        ref.conv_forward(np.zeros((1, 3, 5, 5)), np.zeros((2, 2, 3, 3)), np.zeros(2))
    with pytest.raises(ValueError):
        ref.conv_forward(np.zeros((1, 3, 5, 5)), np.zeros((2, 3, 3, 3)), np.zeros(1))
    for pool in (ref.max_pool_forward, ref.avg_pool_forward):
        with pytest.raises(ValueError):
            pool(np.zeros((1, 1, 5, 5)), 2, 2, 2)
