"""Normalises x in place (x /= its largest value) "for a better-conditioned product" and scales back.

The output is right, but the caller's x is changed.

expect: wrong
fails: task2_1_conv_forward_test_dtype_inputs
"""
# %% task2_1_conv_forward
def conv_forward(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, Cw, FH, FW = w.shape
    if C != Cw:
        raise ValueError(f"x has {C} channels, w has {Cw}")
    if b.shape != (F,):
        raise ValueError(f"b should have shape ({F},), got {b.shape}")
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W, FW, stride, pad)
    scale = np.abs(x).max()
    if scale == 0:
        scale = 1.0
    x /= scale
    col = im2col(x, FH, FW, stride, pad)
    out = (col @ w.reshape(F, -1).T) * scale + b
    out = out.reshape(N, OH, OW, F).transpose(0, 3, 1, 2)
    cache = (x.shape, w, b.dtype, stride, pad, col * scale)
    return out, cache
