"""A "Deep Learning from Scratch"-style im2col (6-D array, dtype kept) and a col2im with np.add.at.

expect: right
"""
# %% task1_2_im2col
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w), dtype=x.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for xx in range(filter_w):
            x_max = xx + stride * out_w
            col[:, :, y, xx, :, :] = img[:, :, y:y_max:stride, xx:x_max:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)

# %% task1_3_col2im
def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x_shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    if col.shape != (N * out_h * out_w, C * filter_h * filter_w):
        raise ValueError(f"col has shape {col.shape}, expected {(N * out_h * out_w, C * filter_h * filter_w)}")
    n, i, j, c, p, q = np.meshgrid(np.arange(N), np.arange(out_h), np.arange(out_w), np.arange(C),
                                   np.arange(filter_h), np.arange(filter_w), indexing="ij")
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    np.add.at(img, (n.ravel(), c.ravel(), (i * stride + p).ravel(), (j * stride + q).ravel()), col.ravel())
    return img[:, :, pad:pad + H, pad:pad + W]
