"""True division: returns 5.0 (a float) instead of the int 5, and 7/3 stride 3 gives 2.33.

expect: wrong
fails: task1_1_conv_output_size_test_examples, task1_1_conv_output_size_test_errors
"""
# %% task1_1_conv_output_size
def conv_output_size(input_size, filter_size, stride=1, pad=0):
    return (input_size - filter_size + 2 * pad) / stride + 1
