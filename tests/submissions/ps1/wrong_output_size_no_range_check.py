"""Checks divisibility but accepts stride 0, negative padding and filters larger than the input.

expect: wrong
fails: task1_1_conv_output_size_test_errors
"""
# %% task1_1_conv_output_size
def conv_output_size(input_size, filter_size, stride=1, pad=0):
    span = input_size + 2 * pad - filter_size
    if stride and span % stride:
        raise ValueError(f"({input_size} - {filter_size} + 2*{pad}) is not divisible by {stride}")
    return span // max(stride, 1) + 1
