"""Normalises x in place (x /= its largest value) "for a better-conditioned product" and scales back.

The output is right, but the caller's x is changed.

expect: wrong
fails: task2_1_conv_forward_test_dtype_inputs
"""
# %% task2_1_conv_forward patch
# - old
    col = im2col(x, FH, FW, stride, pad)                       # (N*OH*OW, C*FH*FW)
# + new
    scale = xp.abs(x).max()
    if scale == 0:
        scale = 1.0
    x /= scale
    col = im2col(x, FH, FW, stride, pad)                       # (N*OH*OW, C*FH*FW)

# - old
    prod = col @ w_mat.T                                       # one GEMM: (N*OH*OW, F)
# + new
    prod = (col @ w_mat.T) * scale                             # one GEMM: (N*OH*OW, F)

# - old
    cache = (x.shape, w, b.dtype, stride, pad, col)
# + new
    cache = (x.shape, w, b.dtype, stride, pad, col * scale)
