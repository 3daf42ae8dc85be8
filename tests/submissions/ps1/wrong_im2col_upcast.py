"""Allocates the result with np.zeros and no dtype: float32 inputs silently become float64.

expect: wrong
fails: task1_2_im2col_test_dtype_inputs
"""
# %% task1_2_im2col
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w))
    for p in range(filter_h):
        for q in range(filter_w):
            col[:, :, p, q] = img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)
