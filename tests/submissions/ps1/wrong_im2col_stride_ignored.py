"""Computes the output size with the stride but then slides the window one pixel at a time.

expect: wrong
fails: task1_2_im2col_test_random
"""
# %% task1_2_im2col patch
# - old
            windows[:, :, p, q] = img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride]
# + new
            windows[:, :, p, q] = img[:, :, p:p + out_h, q:q + out_w]
