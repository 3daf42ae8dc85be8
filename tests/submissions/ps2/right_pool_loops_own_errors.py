"""Pooling with explicit loops over the output positions (vectorized over N and C), its own size
checks with its own messages, and a first-max rule written as a strict '>' scan.

expect: right
"""
# %% task2_3_max_pool_forward
def max_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    N, C, H, W = x.shape
    if stride <= 0 or (H - pool_h) % stride or (W - pool_w) % stride or H < pool_h or W < pool_w:
        raise ValueError(f"pool {pool_h}x{pool_w} / stride {stride} does not tile a {H}x{W} input")
    OH, OW = (H - pool_h) // stride + 1, (W - pool_w) // stride + 1
    out = np.empty((N, C, OH, OW), dtype=x.dtype)
    for i in range(OH):
        for j in range(OW):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w].max(axis=(2, 3))
    return out, (x.copy(), pool_h, pool_w, stride)

# %% task2_4_max_pool_backward
def max_pool_backward(dout, cache):
    x, pool_h, pool_w, stride = cache
    N, C, H, W = x.shape
    OH, OW = dout.shape[2:]
    dx = np.zeros_like(x)
    for i in range(OH):
        for j in range(OW):
            window = x[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w]
            best = window[:, :, 0, 0].copy()
            bp = np.zeros((N, C), dtype=int)
            bq = np.zeros((N, C), dtype=int)
            for p in range(pool_h):
                for q in range(pool_w):
                    better = window[:, :, p, q] > best
                    best = np.where(better, window[:, :, p, q], best)
                    bp = np.where(better, p, bp)
                    bq = np.where(better, q, bq)
            for p in range(pool_h):
                for q in range(pool_w):
                    dx[:, :, i * stride + p, j * stride + q] += np.where((bp == p) & (bq == q), dout[:, :, i, j], 0)
    return dx

# %% task2_5_avg_pool_forward
def avg_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    N, C, H, W = x.shape
    if stride <= 0 or (H - pool_h) % stride or (W - pool_w) % stride or H < pool_h or W < pool_w:
        raise ValueError(f"pool {pool_h}x{pool_w} / stride {stride} does not tile a {H}x{W} input")
    OH, OW = (H - pool_h) // stride + 1, (W - pool_w) // stride + 1
    out = np.empty((N, C, OH, OW), dtype=x.dtype)
    for i in range(OH):
        for j in range(OW):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w].mean(axis=(2, 3))
    return out, (x.shape, x.dtype, pool_h, pool_w, stride)

# %% task2_6_avg_pool_backward
def avg_pool_backward(dout, cache):
    shape, dtype, pool_h, pool_w, stride = cache
    dx = np.zeros(shape, dtype=dtype)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w] += \
                dout[:, :, i, j, None, None] / (pool_h * pool_w)
    return dx
