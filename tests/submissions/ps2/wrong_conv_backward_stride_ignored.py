"""Forgets to pass the stride to col2im in the backward pass (it defaults to 1).

expect: wrong
fails: task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_2_conv_backward patch
# - old
    dx = col2im(dcol, x.shape, FH, FW, stride, pad)                # (N, C, H, W): overlapping windows add up
# + new
    dx = col2im(dcol, x.shape, FH, FW, pad=pad)                    # (N, C, H, W): overlapping windows add up
