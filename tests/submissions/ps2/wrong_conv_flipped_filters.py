"""Flips the filters (a true convolution, as in signal processing) instead of cross-correlating.

expect: wrong
fails: task2_1_conv_forward_test_examples, task2_1_conv_forward_test_random
"""
# %% task2_1_conv_forward patch
# - old
    w_col = w.reshape(F, -1).T                                     # (C*FH*FW, F): a filter per column
# + new
    # convolution = flip the kernel, then slide it
    w_flipped = w[:, :, ::-1, ::-1]
    w_col = w_flipped.reshape(F, -1).T
