"""Pads 2*pad zeros after the image (bottom and right) instead of pad on each side.

expect: wrong
fails: task1_2_im2col_test_examples, task1_2_im2col_test_random
"""
# %% task1_2_im2col patch
# - old
    img = xp.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))   # (N, C, H + 2P, W + 2P), zeros around
# + new
    img = xp.pad(x, ((0, 0), (0, 0), (0, 2 * pad), (0, 2 * pad)))   # (N, C, H + 2P, W + 2P)
