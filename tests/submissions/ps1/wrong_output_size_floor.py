"""Floor division without checking that the stride divides: invalid settings are silently cropped.

expect: wrong
fails: task1_1_conv_output_size_test_errors
"""
# %% task1_1_conv_output_size
def conv_output_size(input_size, filter_size, stride=1, pad=0):
    return (input_size - filter_size + 2 * pad) // stride + 1
