"""Computes the output size with floor division and no check: windows that do not tile the input
are silently cropped instead of raising ValueError.

expect: wrong
fails: task2_3_max_pool_forward_test_dtype_errors
"""
# %% task2_3_max_pool_forward
def max_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    N, C, H, W = x.shape
    OH = (H - pool_h) // stride + 1
    OW = (W - pool_w) // stride + 1
    out = np.full((N, C, OH, OW), -np.inf, dtype=x.dtype)
    for p in range(pool_h):
        for q in range(pool_w):
            out = np.maximum(out, x[:, :, p:p + stride * (OH - 1) + 1:stride, q:q + stride * (OW - 1) + 1:stride])
    return out, (x, pool_h, pool_w, stride)
