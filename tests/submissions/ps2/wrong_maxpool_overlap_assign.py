"""Loops over the output positions and routes with plain assignment: where overlapping windows share
their maximum, the later window overwrites the earlier one's gradient instead of adding to it.

expect: wrong
fails: task2_4_max_pool_backward_test_examples, task2_4_max_pool_backward_test_ties
"""
# %% task2_4_max_pool_backward
def max_pool_backward(dout, cache):
    x, pool_h, pool_w, stride = cache
    N, C, H, W = x.shape
    OH, OW = dout.shape[2:]
    dx = np.zeros_like(x)
    n_idx, c_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
    for i in range(OH):
        for j in range(OW):
            window = x[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w]
            k = window.reshape(N, C, -1).argmax(axis=2)
            p, q = np.unravel_index(k, (pool_h, pool_w))
            dx[n_idx, c_idx, i * stride + p, j * stride + q] = dout[:, :, i, j]
    return dx
