"""db as the mean of the upstream gradient over the batch and positions instead of the sum.

expect: wrong
fails: task2_2_conv_backward_test_examples, task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_2_conv_backward patch
# - old
    db = d3.sum(axis=(0, 2)).astype(b_dtype, copy=False)
# + new
    db = d3.mean(axis=(0, 2)).astype(b_dtype, copy=False)
