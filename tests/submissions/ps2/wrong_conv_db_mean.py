"""db as the mean of the upstream gradient over the batch and positions instead of the sum.

expect: wrong
fails: task2_2_conv_backward_test_examples, task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_2_conv_backward patch
# - old
    db = dout_mat.sum(axis=0)                                      # (F,): b[f] is in every output of filter f
# + new
    db = dout_mat.mean(axis=0)                                     # (F,): b[f] is in every output of filter f
