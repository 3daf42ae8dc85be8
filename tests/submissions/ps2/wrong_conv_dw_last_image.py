"""Computes dw image by image but assigns instead of adding: only the last image's dw survives.

expect: wrong
fails: task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_2_conv_backward
def conv_backward(dout, cache):
    x_shape, w, b_dtype, stride, pad, col = cache
    N, C, H, W = x_shape
    F, _, FH, FW = w.shape
    OH, OW = dout.shape[2:]
    dout_mat = dout.transpose(0, 2, 3, 1).reshape(N, OH * OW, F)
    col_n = col.reshape(N, OH * OW, -1)
    db = dout.sum(axis=(0, 2, 3)).astype(b_dtype)
    for n in range(N):
        dw = (dout_mat[n].T @ col_n[n]).reshape(w.shape)
    dcol = dout_mat.reshape(-1, F) @ w.reshape(F, -1)
    dx = col2im(dcol, x_shape, FH, FW, stride, pad)
    return dx, dw, db
