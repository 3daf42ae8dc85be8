"""Average pooling backward hands every input the window's whole gradient (forgets the 1/area).

expect: wrong
fails: task2_6_avg_pool_backward_test_examples, task2_6_avg_pool_backward_test_random_dtype
"""
# %% task2_6_avg_pool_backward
def avg_pool_backward(dout, cache):
    x_shape, dtype, pool_h, pool_w, stride = cache
    N, C, H, W = x_shape
    OH, OW = dout.shape[2:]
    dx = np.zeros(x_shape, dtype=dtype)
    for p in range(pool_h):
        for q in range(pool_w):
            dx[:, :, p:p + stride * (OH - 1) + 1:stride, q:q + stride * (OW - 1) + 1:stride] += dout
    return dx
