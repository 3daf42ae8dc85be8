"""The ps1 reference on every backend, against the naive oracles (the notebook's own test
cells, hidden tests included, run on every backend in test_notebook_tests_on_device.py)."""
from __future__ import annotations

import numpy as np
import pytest

from autograder import oracles
from autograder.reference import load_reference

ref = load_reference("ps1")
CASES = [((2, 3, 6, 5), 3, 2, 1, 0), ((2, 4, 9, 7), 3, 3, 2, 1), ((1, 2, 28, 31), 5, 5, 3, 2)]


@pytest.mark.parametrize("shape, fh, fw, stride, pad", CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_im2col_col2im_match_the_oracles(xb, shape, fh, fw, stride, pad, dtype):
    rng = np.random.default_rng(7)
    x = rng.standard_normal(shape).astype(dtype)
    col = ref.im2col(xb(x), fh, fw, stride=stride, pad=pad)
    assert col.dtype == dtype and type(col) is type(xb(x))
    np.testing.assert_allclose(xb.host(col), oracles.im2col_naive(x, fh, fw, stride, pad), rtol=1e-6)
    y = rng.standard_normal(col.shape).astype(dtype)
    dx = ref.col2im(xb(y), shape, fh, fw, stride=stride, pad=pad)
    assert dx.dtype == dtype and dx.shape == shape
    np.testing.assert_allclose(xb.host(dx), oracles.col2im_naive(y, shape, fh, fw, stride, pad),
                               rtol=1e-5, atol=1e-5)


def test_conv_output_size_rejects_invalid_settings():
    for args in [(7, 3, 3, 0), (7, 3, 0, 0), (7, 3, 1, -1), (3, 5, 1, 0)]:
        with pytest.raises(ValueError):
            ref.conv_output_size(*args)
