"""The ps3 reference (SimpleConvNet and train) on every backend: the same model runs on the CuPy
double (and, with a GPU, on CuPy) and must give NumPy's numbers, and agree with the float64 loop
oracle. (The notebook's own test cells run on every backend in test_notebook_tests_on_device.py.)"""
from __future__ import annotations

import nbformat
import numpy as np
import pytest

from autograder import oracles
from autograder.course import source_notebook
from autograder.reference import load_reference

ref = load_reference("ps3")


def _accuracy_helper():
    """The notebook's read-only `accuracy` cell (train() uses it), defined next to the reference."""
    nb = nbformat.read(source_notebook("ps3"), as_version=4)
    source = next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ps3_accuracy")
    exec(compile(source, "<ps3:accuracy>", "exec"), ref.train.__globals__)


_accuracy_helper()


def small_model(dtype, reg=0.2, seed=0):
    model = ref.SimpleConvNet(input_dim=(2, 8, 6), num_filters=3, filter_size=3, hidden_dim=7,
                              num_classes=5, reg=reg, dtype=dtype, seed=seed)
    rng = np.random.default_rng(seed)
    for k, v in model.params.items():
        model.params[k] = (0.3 * rng.standard_normal(v.shape)).astype(dtype)
    return model


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_loss_and_grads_match_numpy_and_the_oracle(xb, dtype):
    model = small_model(dtype)
    host_params = {k: v.copy() for k, v in model.params.items()}
    rng = np.random.default_rng(1)
    X = rng.standard_normal((4, 2, 8, 6)).astype(dtype)
    y = np.array([0, 4, 2, 1])
    loss_np, grads_np = model.loss(X, y)
    model.params = {k: xb(v) for k, v in host_params.items()}
    scores = model.loss(xb(X))
    assert type(scores) is type(xb(X)) and scores.dtype == dtype
    loss, grads = model.loss(xb(X), xb(y))
    assert loss.dtype == dtype
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(float(loss), float(loss_np), rtol=tol)
    expected_loss, expected_grads = oracles.simple_convnet_loss_naive(X, y, host_params, reg=0.2)
    np.testing.assert_allclose(float(loss), expected_loss, rtol=1e-4 if dtype == np.float32 else 1e-10)
    for k, g in grads.items():
        assert type(g) is type(xb(X)) and g.dtype == dtype, k
        np.testing.assert_allclose(xb.host(g), grads_np[k], rtol=tol, atol=tol)
        np.testing.assert_allclose(xb.host(g), expected_grads[k], rtol=1e-3 if dtype == np.float32 else 1e-9,
                                   atol=1e-5 if dtype == np.float32 else 1e-12)


def test_train_runs_on_the_backend_and_matches_numpy(xb):
    rng = np.random.default_rng(2)
    data = {"X_train": rng.standard_normal((40, 2, 8, 6)).astype(np.float32), "y_train": rng.integers(0, 5, 40),
            "X_val": rng.standard_normal((10, 2, 8, 6)).astype(np.float32), "y_val": rng.integers(0, 5, 10)}
    host_model = small_model(np.float32, reg=0.0)
    device_model = small_model(np.float32, reg=0.0)
    device_model.params = {k: xb(v) for k, v in device_model.params.items()}
    h_host = ref.train(host_model, data, epochs=2, batch_size=16, seed=3, progress=False)
    h_dev = ref.train(device_model, {k: xb(v) for k, v in data.items()}, epochs=2, batch_size=16, seed=3,
                      progress=False)
    for k in h_host:
        assert all(isinstance(v, float) for v in h_dev[k]), k
        np.testing.assert_allclose(h_dev[k], h_host[k], rtol=1e-5)
    for k, p in device_model.params.items():
        assert type(p) is type(xb(data["X_train"])) and p.dtype == np.float32, k
        np.testing.assert_allclose(xb.host(p), host_model.params[k], rtol=1e-4, atol=1e-6)
