"""db as the mean of the upstream gradient over the batch and positions instead of the sum.

expect: wrong
fails: task2_2_conv_backward_test_examples, task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_2_conv_backward
def conv_backward(dout, cache):
    x_shape, w, b_dtype, stride, pad, col = cache
    F, C, FH, FW = w.shape
    dout_mat = dout.transpose(0, 2, 3, 1).reshape(-1, F)
    db = dout_mat.mean(axis=0).astype(b_dtype)
    dw = (dout_mat.T @ col).reshape(w.shape)
    dcol = dout_mat @ w.reshape(F, -1)
    dx = col2im(dcol, x_shape, FH, FW, stride, pad)
    return dx, dw, db
