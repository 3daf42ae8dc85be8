"""Correct code plus a cell that patches numpy.testing, convnets.testing and builtins: full marks,
exactly as without the patches.

status: graded
score: full
"""
# %% task1_1_conv_output_size
import builtins
import numpy.testing
import convnets.testing
numpy.testing.assert_allclose = lambda *a, **k: 1 / 0
convnets.testing.assert_close = lambda *a, **k: 1 / 0
builtins.print = lambda *a, **k: 1 / 0

def conv_output_size(input_size, filter_size, stride=1, pad=0):
    span = input_size + 2 * pad - filter_size
    if stride < 1 or pad < 0 or span < 0 or span % stride:
        raise ValueError(f"invalid: input_size={input_size}, filter_size={filter_size}, stride={stride}, pad={pad}")
    return int(span // stride + 1)

# %% +cell
import numpy.testing
numpy.testing.assert_allclose = lambda *a, **k: 1 / 0
