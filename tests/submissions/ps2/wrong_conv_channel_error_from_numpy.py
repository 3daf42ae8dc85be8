"""No channel check of its own: relies on NumPy's matmul shape error, whose message names neither
channel count.

expect: wrong
fails: task2_1_conv_forward_test_errors
"""
# %% task2_1_conv_forward
def conv_forward(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, _, FH, FW = w.shape
    if b.shape != (F,):
        raise ValueError(f"b should have shape ({F},), got {b.shape}")
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)
    out = col @ w.reshape(F, -1).T + b          # raises by itself if the channels differ
    out = out.reshape(N, OH, OW, F).transpose(0, 3, 1, 2)
    cache = (x.shape, w, b.dtype, stride, pad, col)
    return out, cache
