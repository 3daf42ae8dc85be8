"""Convolution as a loop over the filter offsets (p, q), each a tensordot over the channels; the
backward pass recomputes im2col and uses col2im.

expect: right
"""
# %% task2_1_conv_forward
def conv_forward(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, C2, HH, WW = w.shape
    if C != C2:
        raise ValueError(f"channel mismatch: input has {C} channels but filters expect {C2}")
    if b.ndim != 1 or b.shape[0] != F:
        raise ValueError(f"bias must be a vector of length {F}, got shape {b.shape}")
    Hout = conv_output_size(H, HH, stride, pad)
    Wout = conv_output_size(W, WW, stride, pad)
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    out = np.zeros((F, N, Hout, Wout), dtype=x.dtype)
    for p in range(HH):
        for q in range(WW):
            patch = xpad[:, :, p:p + stride * Hout:stride, q:q + stride * Wout:stride]   # (N, C, Hout, Wout)
            out += np.tensordot(w[:, :, p, q], patch, axes=([1], [1]))                  # (F, N, Hout, Wout)
    out += b.reshape(F, 1, 1, 1)
    return out.transpose(1, 0, 2, 3), {"x": x, "w": w, "b": b, "stride": stride, "pad": pad}

# %% task2_2_conv_backward
def conv_backward(dout, cache):
    x, w, b = cache["x"], cache["w"], cache["b"]
    stride, pad = cache["stride"], cache["pad"]
    F, C, HH, WW = w.shape
    col = im2col(x, HH, WW, stride, pad)
    dout2 = dout.transpose(0, 2, 3, 1).reshape(-1, F)
    db = np.sum(dout2, axis=0)
    dw = np.dot(dout2.T, col).reshape(w.shape)
    dx = col2im(np.dot(dout2, w.reshape(F, -1)), x.shape, HH, WW, stride, pad)
    return dx, dw, db
