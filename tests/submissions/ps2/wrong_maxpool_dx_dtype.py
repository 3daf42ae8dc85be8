"""Allocates dx with np.zeros(x.shape): float32 inputs get a float64 gradient.

expect: wrong
fails: task2_4_max_pool_backward_test_dtype_inputs
"""
# %% task2_4_max_pool_backward
def max_pool_backward(dout, cache):
    x, pool_h, pool_w, stride = cache
    N, C, H, W = x.shape
    OH, OW = dout.shape[2:]
    windows = np.lib.stride_tricks.sliding_window_view(x, (pool_h, pool_w), axis=(2, 3))[:, :, ::stride, ::stride]
    k = windows.reshape(N, C, OH, OW, -1).argmax(axis=-1)
    dx = np.zeros(x.shape)
    for p in range(pool_h):
        for q in range(pool_w):
            hit = k == p * pool_w + q
            dx[:, :, p:p + stride * (OH - 1) + 1:stride, q:q + stride * (OW - 1) + 1:stride] += hit * dout
    return dx
