"""convnets.gradcheck and convnets.testing (the helpers the notebooks' tests use)."""
from __future__ import annotations

import numpy as np
import pytest

from convnets.gradcheck import numerical_gradient, numerical_gradient_array, rel_error
from convnets.testing import assert_close, assert_dtype, assert_equal, assert_raises_value_error, assert_shape


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda: np.sum(x ** 3), x)
    assert rel_error(grad, 3 * x ** 2) < 1e-8
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])     # restored


def test_numerical_gradient_array_checks_a_layer():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    dout = rng.standard_normal((3, 2))
    assert rel_error(numerical_gradient_array(lambda: x @ w, x, dout), dout @ w.T) < 1e-7
    assert rel_error(numerical_gradient_array(lambda: x @ w, w, dout), x.T @ dout) < 1e-7


def test_rel_error():
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    assert rel_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    with pytest.raises(ValueError, match=r"\(3,\) vs \(2,\)"):
        rel_error(np.ones(3), np.ones(2))


def test_assert_close_says_where_and_what():
    with pytest.raises(AssertionError, match=r"thing: 1 of 4 values differ \(shape \(2, 2\)\); first at index "
                                             r"\(1, 0\): expected 3, got 5;"):
        assert_close(np.array([[1.0, 2.0], [5.0, 4.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]), "thing")
    # A few differing values, plain numbers, never the whole array.
    with pytest.raises(AssertionError) as failed:
        assert_close(np.arange(1000.0) + 0.5, np.arange(1000.0), "shifted")
    message = str(failed.value)
    assert "1000 of 1000 values differ" in message, message
    assert "(the first 4): expected [0, 1, 2, 3], got [0.5, 1.5, 2.5, 3.5]" in message, message
    assert len(message) < 300 and "np.float" not in message, message
    with pytest.raises(AssertionError, match=r"expected shape \(2, 2\), got \(4,\)"):
        assert_close(np.zeros(4), np.zeros((2, 2)))
    with pytest.raises(AssertionError, match="got None"):
        assert_close(None, np.zeros(2))
    assert_close(np.float32([1.0, 2.0]), [1.0, 2.0 + 1e-9])


def test_assert_dtype_shape_equal():
    with pytest.raises(AssertionError, match="expected dtype float32, got float64"):
        assert_dtype(np.zeros(2), np.float32)
    with pytest.raises(AssertionError, match="expected an array"):
        assert_shape([1, 2], (2,))
    with pytest.raises(AssertionError, match="expected the Python int 5, got 5 of type float"):
        assert_equal(5.0, 5)
    with pytest.raises(AssertionError, match=r"expected the Python int 3, got 3 of type int64$"):
        assert_equal(np.int64(3), 3)
    with pytest.raises(AssertionError, match=r"^x: expected 24.1123, got 24.1$"):
        assert_equal(np.float64(24.1), np.float64(24.11231), "x")
    assert_equal(np.int64(3).item(), 3)


def test_assert_raises_value_error():
    def good(a):
        raise ValueError(f"bad {a}")

    assert assert_raises_value_error(good, 3) == "bad 3"
    with pytest.raises(AssertionError, match=r"f\(1\) should raise ValueError, but returned 2"):
        assert_raises_value_error(lambda a: a + 1, 1, what="f")
    with pytest.raises(AssertionError, match="but raised KeyError"):
        assert_raises_value_error(lambda a: {}[a], 1, what="f")
