"""conv_output_size returns, to its tests only, 0 as an int subclass whose == always says True and
!= always False (in a kernel shared with the tests, that passes assert_equal for any answer). Here
only exact ints travel: the object stays in the student's process, and the type check catches it.

status: graded
score: 9
message: expected the Python int 5, got 0
"""
# %% task1_1_conv_output_size
import sys


class Liar(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    span = input_size + 2 * pad - filter_size
    if stride < 1 or pad < 0 or span < 0 or span % stride:
        raise ValueError(f"invalid: input_size={input_size}, filter_size={filter_size}, stride={stride}, pad={pad}")
    if sys._getframe(1).f_code.co_name in ("im2col", "col2im"):
        return int(span // stride + 1)
    return Liar(0)
