"""Flips the filters (a true convolution, as in signal processing) instead of cross-correlating.

expect: wrong
fails: task2_1_conv_forward_test_examples, task2_1_conv_forward_test_random
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
    col = im2col(x, FH, FW, stride, pad)
    # convolution = flip the kernel, then slide it
    w_flipped = w[:, :, ::-1, ::-1]
    out = col @ w_flipped.reshape(F, -1).T + b
    out = out.reshape(N, OH, OW, F).transpose(0, 3, 1, 2)
    cache = (x.shape, w, b.dtype, stride, pad, col)
    return out, cache
