"""Computes the output size with the stride but then slides the window one pixel at a time.

expect: wrong
fails: task1_2_im2col_test_random
"""
# %% task1_2_im2col patch
# - old
        strides=(sn, sh * stride, sw * stride, sc, sh, sw))
# + new
        strides=(sn, sh, sw, sc, sh, sw))
