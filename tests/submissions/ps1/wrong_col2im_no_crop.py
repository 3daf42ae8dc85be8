"""Forgets to crop the padding: returns an array of the padded size.

expect: wrong
fails: task1_3_col2im_test_examples, task1_3_col2im_test_adjoint
"""
# %% task1_3_col2im
def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x_shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    cols = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    for p in range(filter_h):
        for q in range(filter_w):
            img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride] += cols[:, :, p, q]
    return img
