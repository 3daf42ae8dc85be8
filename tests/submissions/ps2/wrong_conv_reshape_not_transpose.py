"""Reshapes the (N*OH*OW, F) product straight to (N, F, OH, OW) instead of transposing.

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
    out = col @ w.reshape(F, -1).T + b
    out = out.reshape(N, F, OH, OW)
    cache = (x.shape, w, b.dtype, stride, pad, col)
    return out, cache
