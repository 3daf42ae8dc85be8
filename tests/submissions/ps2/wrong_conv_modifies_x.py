"""Normalises x in place (x /= its largest value) "for a better-conditioned product" and scales back.

The output is right, but the caller's x is changed.

expect: wrong
fails: task2_1_conv_forward_test_dtype_inputs
"""
# %% task2_1_conv_forward patch
# - old
    col = im2col(x, FH, FW, stride, pad)                           # (N*OH*OW, C*FH*FW): a window per row
# + new
    xp = get_array_module(x)
    scale = xp.abs(x).max()
    if scale == 0:
        scale = 1.0
    x /= scale
    col = im2col(x, FH, FW, stride, pad)                           # (N*OH*OW, C*FH*FW): a window per row

# - old
    out = col @ w_col + b                                          # (N*OH*OW, F): every dot product + b[f]
# + new
    out = (col @ w_col) * scale + b                                # (N*OH*OW, F): every dot product + b[f]

# - old
    cache = (x, w, b, stride, pad, col)
# + new
    cache = (x, w, b, stride, pad, col * scale)
