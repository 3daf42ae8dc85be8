"""Loops over output positions with broadcasting and never checks the channels: a one-channel filter
bank broadcasts silently over a three-channel input.

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
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, OH, OW), dtype=x.dtype)
    for i in range(OH):
        for j in range(OW):
            window = xp[:, :, i * stride:i * stride + FH, j * stride:j * stride + FW]   # (N, C, FH, FW)
            out[:, :, i, j] = (window[:, None] * w[None]).sum(axis=(2, 3, 4)) + b
    cache = (x, w, b, stride, pad)
    return out, cache

# %% task2_2_conv_backward
def conv_backward(dout, cache):
    x, w, b, stride, pad = cache
    N, C, H, W = x.shape
    F, _, FH, FW = w.shape
    OH, OW = dout.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3)).astype(b.dtype)
    for i in range(OH):
        for j in range(OW):
            rows = slice(i * stride, i * stride + FH)
            cols = slice(j * stride, j * stride + FW)
            g = dout[:, :, i, j]                                    # (N, F)
            dw += np.tensordot(g, xp[:, :, rows, cols], axes=([0], [0]))
            dxp[:, :, rows, cols] += np.tensordot(g, w, axes=([1], [0]))
    return dxp[:, :, pad:pad + H, pad:pad + W], dw, db
