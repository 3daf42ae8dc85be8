"""Computes the output size inline with floor division instead of calling conv_output_size: windows
that do not tile the input are silently cropped instead of raising ValueError.

expect: wrong
fails: task1_2_im2col_test_dtype_inputs
"""
# %% task1_2_im2col patch
# - old
    out_h = conv_output_size(H, filter_h, stride, pad)          # OH
    out_w = conv_output_size(W, filter_w, stride, pad)          # OW
# + new
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
