"""Computes the output size with floor division and no check: windows that do not tile the input
are silently cropped instead of raising ValueError.

expect: wrong
fails: task2_3_max_pool_forward_test_dtype_errors
"""
# %% task2_3_max_pool_forward patch
# - old
    out_h = conv_output_size(H, pool_h, stride, 0)                 # OH
    out_w = conv_output_size(W, pool_w, stride, 0)                 # OW
# + new
    out_h = (H - pool_h) // stride + 1
    out_w = (W - pool_w) // stride + 1
