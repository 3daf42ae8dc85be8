"""The benchmarks' fast layers (benchmarks/fast_layers.py) compute what the graded functions must:
checked against the naive oracles, ties and overlapping windows included, and they refuse what the
graded functions refuse."""
from __future__ import annotations

import numpy as np
import pytest

from autograder import oracles
from benchmarks import fast_layers as fast
from convnets.testing import assert_close, assert_dtype, assert_raises_value_error

CONV = [((2, 3, 7, 5), 4, 3, 3, 2, 1), ((1, 2, 6, 6), 3, 2, 2, 2, 0), ((2, 1, 5, 9), 2, 1, 3, 2, 2)]
POOL = [((2, 3, 6, 6), 2, 2, 2), ((1, 2, 7, 7), 3, 3, 2), ((2, 2, 5, 6), 2, 3, 1)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape, f, fh, fw, stride, pad", CONV)
def test_conv_and_im2col_match_the_oracles(shape, f, fh, fw, stride, pad, dtype):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype(dtype)
    w = rng.standard_normal((f, shape[1], fh, fw)).astype(dtype)
    b = rng.standard_normal(f).astype(dtype)
    tol = {"rtol": 1e-4, "atol": 1e-4} if dtype == np.float32 else {}
    col = fast.im2col(x, fh, fw, stride, pad)
    assert_close(col, oracles.im2col_naive(x, fh, fw, stride, pad), "im2col", **tol)
    assert_close(fast.col2im(col, shape, fh, fw, stride, pad),
                 oracles.col2im_naive(col, shape, fh, fw, stride, pad), "col2im", **tol)
    out, cache = fast.conv_forward(x, w, b, stride, pad)
    assert_dtype(out, dtype, "conv_forward")
    assert_close(out, oracles.conv_forward_naive(x, w, b, stride, pad), "conv_forward", **tol)
    dout = rng.standard_normal(out.shape).astype(dtype)
    for name, got, want in zip(("dx", "dw", "db"), fast.conv_backward(dout, cache),
                               oracles.conv_backward_naive(dout, x, w, stride, pad)):
        assert_dtype(got, dtype, name)
        assert_close(got, want, name, **tol)


@pytest.mark.parametrize("shape, ph, pw, stride", POOL)
def test_pooling_matches_the_oracles_with_ties(shape, ph, pw, stride):
    rng = np.random.default_rng(1)
    x = rng.integers(0, 3, shape).astype(np.float64)          # many ties: the first maximum wins
    out, cache = fast.max_pool_forward(x, ph, pw, stride)
    assert_close(out, oracles.max_pool_forward_naive(x, ph, pw, stride), "max_pool_forward")
    dout = rng.standard_normal(out.shape)
    assert_close(fast.max_pool_backward(dout, cache), oracles.max_pool_backward_naive(dout, x, ph, pw, stride),
                 "max_pool_backward")
    out, cache = fast.avg_pool_forward(x, ph, pw, stride)
    assert_close(out, oracles.avg_pool_forward_naive(x, ph, pw, stride), "avg_pool_forward")
    assert_close(fast.avg_pool_backward(dout, cache), oracles.avg_pool_backward_naive(dout, shape, ph, pw, stride),
                 "avg_pool_backward")


def test_bad_input_is_refused_like_the_graded_functions():
    assert_raises_value_error(fast.im2col, np.zeros((1, 1, 7, 7)), 3, 3, stride=3)
    assert_raises_value_error(fast.col2im, np.zeros((5, 4)), (1, 1, 3, 3), 2, 2)
    assert_raises_value_error(fast.conv_forward, np.zeros((1, 5, 6, 6)), np.zeros((2, 7, 3, 3)), np.zeros(2))
    assert_raises_value_error(fast.max_pool_forward, np.zeros((1, 1, 5, 5)), 2, 2, 2)
