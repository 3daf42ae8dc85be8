"""The array backends every backend-parametrized test runs on: NumPy, the CPU double for CuPy, and
real CuPy (skipped, and shown as skipped, without CuPy and a GPU)."""
from __future__ import annotations

import numpy as np
import pytest

from convnets.backend import cupy_available, to_numpy
from tests import fake_cupy


class Backend:
    def __init__(self, name, to_device):
        self.name = name
        self.to_device = to_device

    def __call__(self, a):
        return self.to_device(np.asarray(a))

    @staticmethod
    def host(a):
        return to_numpy(a)


def _cupy_to_device(a):
    import cupy  # noqa: PLC0415

    return cupy.asarray(a)


BACKENDS = [
    pytest.param(Backend("numpy", lambda a: a.copy()), id="numpy"),
    pytest.param(Backend("fake_cupy", fake_cupy.asarray), id="fake_cupy"),
    pytest.param(Backend("cupy", _cupy_to_device), id="cupy",
                 marks=[pytest.mark.gpu,
                        pytest.mark.skipif(not cupy_available(), reason="needs CuPy and a CUDA GPU")]),
]


@pytest.fixture(params=BACKENDS)
def xb(request):
    """The backend under test: ``xb(numpy_array)`` puts an array on it, ``xb.host(a)`` brings it back."""
    return request.param
