"""convnets.backend, and the CuPy test double that stands in for CuPy on machines without a GPU."""
from __future__ import annotations

import numpy as np
import pytest

from convnets import backend
from convnets.backend import get_array_module, scatter_add, to_device, to_numpy
from tests import fake_cupy


def test_numpy_is_the_default():
    assert get_array_module(np.zeros(3)) is np
    assert get_array_module() is np
    assert get_array_module(1.0, None, [1, 2]) is np


def test_device_arrays_select_their_module():
    a = fake_cupy.asarray(np.zeros(3))
    assert get_array_module(np.zeros(2), a) is fake_cupy
    assert isinstance(to_numpy(a), np.ndarray)


def test_the_double_refuses_implicit_host_copies_like_cupy():
    a = fake_cupy.asarray(np.arange(6.0))
    with pytest.raises(TypeError, match="Implicit conversion"):
        np.asarray(a)
    with pytest.raises(TypeError):
        np.add.at(a, [0, 0], 1.0)
    host = np.zeros(6)
    with pytest.raises(TypeError):
        host[:] = a
    # What CuPy allows: NumPy functions dispatch to the device module, results stay on the device.
    assert isinstance(np.sum(a), fake_cupy.FakeArray)
    assert float(np.sum(a)) == 15.0
    assert isinstance(np.maximum(a, 2.0), fake_cupy.FakeArray)


@pytest.mark.parametrize("make", [lambda a: a, fake_cupy.asarray], ids=["numpy", "fake_cupy"])
def test_scatter_add_adds_repeated_indices(make):
    target = make(np.zeros(4))
    scatter_add(target, np.array([0, 0, 3, 0]), make(np.array([1.0, 2.0, 3.0, 4.0])))
    np.testing.assert_array_equal(to_numpy(target), [7.0, 0.0, 0.0, 3.0])


def test_to_device_cpu_and_bad_device():
    a = np.arange(3)
    assert to_device(a, "cpu") is a
    with pytest.raises(ValueError, match="'tpu'"):
        to_device(a, "tpu")


def test_asking_for_a_missing_gpu_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(backend, "_cupy", None)
    monkeypatch.setattr(backend, "_cupy_error", ImportError("No module named 'cupy'"))
    assert not backend.cupy_available()
    with pytest.raises(RuntimeError, match="needs CuPy.*requirements-gpu.txt"):
        to_device(np.zeros(2))
