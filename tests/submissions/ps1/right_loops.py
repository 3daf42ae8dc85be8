"""Plain loops over every output position and a slice per window (slow but correct).

expect: right
"""
# %% task1_2_im2col
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant")
    col = np.zeros((N * out_h * out_w, C * filter_h * filter_w), dtype=x.dtype)
    row = 0
    for n in range(N):
        for i in range(out_h):
            for j in range(out_w):
                window = img[n, :, i * stride:i * stride + filter_h, j * stride:j * stride + filter_w]
                col[row] = window.ravel()
                row += 1
    return col

# %% task1_3_col2im
def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x_shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    if col.shape != (N * out_h * out_w, C * filter_h * filter_w):
        raise ValueError(f"col has shape {col.shape}, which does not match x_shape {x_shape}")
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    row = 0
    for n in range(N):
        for i in range(out_h):
            for j in range(out_w):
                img[n, :, i * stride:i * stride + filter_h, j * stride:j * stride + filter_w] += \
                    col[row].reshape(C, filter_h, filter_w)
                row += 1
    return img[:, :, pad:H + pad, pad:W + pad]
