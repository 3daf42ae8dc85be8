"""Builds dout_mat with dout.reshape(-1, F) (no transpose to (N, OH, OW, F) first): the gradients of
different filters and positions get mixed up.

expect: wrong
fails: task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_2_conv_backward
def conv_backward(dout, cache):
    x_shape, w, b_dtype, stride, pad, col = cache
    F, C, FH, FW = w.shape
    dout_mat = dout.reshape(-1, F)
    db = np.sum(dout, axis=(0, 2, 3)).astype(b_dtype)
    dw = (dout_mat.T @ col).reshape(w.shape)
    dcol = dout_mat @ w.reshape(F, -1)
    dx = col2im(dcol, x_shape, FH, FW, stride, pad)
    return dx, dw, db
