"""im2col forward; a backward pass without col2im: loops over the filter offsets with einsum,
adding each offset's contribution to a padded dx.

expect: right
"""
# %% task2_1_conv_forward
def conv_forward(x, w, b, stride=1, pad=0):
    if x.shape[1] != w.shape[1]:
        raise ValueError("x has %d channels and w has %d" % (x.shape[1], w.shape[1]))
    if b.shape != (w.shape[0],):
        raise ValueError("b has shape %s, expected (%d,)" % (b.shape, w.shape[0]))
    N, C, H, W = x.shape
    F, _, FH, FW = w.shape
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)
    out = np.einsum("rk,fk->rf", col, w.reshape(F, -1)) + b
    out = np.ascontiguousarray(out.reshape(N, OH, OW, F).transpose(0, 3, 1, 2))
    return out, (x, w, b, stride, pad)

# %% task2_2_conv_backward
def conv_backward(dout, cache):
    x, w, b, stride, pad = cache
    N, C, H, W = x.shape
    F, _, FH, FW = w.shape
    OH, OW = dout.shape[2], dout.shape[3]
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxpad = np.zeros_like(xpad)
    dw = np.zeros_like(w)
    for p in range(FH):
        for q in range(FW):
            rows = slice(p, p + stride * OH, stride)
            cols = slice(q, q + stride * OW, stride)
            dw[:, :, p, q] = np.einsum("nfij,ncij->fc", dout, xpad[:, :, rows, cols])
            dxpad[:, :, rows, cols] += np.einsum("nfij,fc->ncij", dout, w[:, :, p, q])
    db = dout.sum(axis=(0, 2, 3)).astype(b.dtype)
    dx = dxpad[:, :, pad:pad + H, pad:pad + W].copy()
    return dx, dw, db
