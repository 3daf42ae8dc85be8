"""Average pooling backward writes each offset's share with '=': correct for 2x2/2, but where
windows overlap the shares overwrite each other instead of adding up.

expect: wrong
fails: task2_6_avg_pool_backward_test_examples, task2_6_avg_pool_backward_test_random_dtype
"""
# %% task2_6_avg_pool_backward
def avg_pool_backward(dout, cache):
    x_shape, dtype, pool_h, pool_w, stride = cache
    N, C, H, W = x_shape
    OH, OW = dout.shape[2:]
    dx = np.zeros(x_shape, dtype=dtype)
    share = dout / (pool_h * pool_w)
    for p in range(pool_h):
        for q in range(pool_w):
            dx[:, :, p:p + stride * (OH - 1) + 1:stride, q:q + stride * (OW - 1) + 1:stride] = share
    return dx
