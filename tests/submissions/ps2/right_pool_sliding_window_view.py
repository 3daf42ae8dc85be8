"""All four pooling passes on sliding_window_view; the backward passes scatter with
convnets.backend.scatter_add (np.add.at) and flat window indices.

expect: right
"""
# %% task2_3_max_pool_forward
def max_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    conv_output_size(x.shape[2], pool_h, stride)      # raises if the windows do not tile
    conv_output_size(x.shape[3], pool_w, stride)
    win = np.lib.stride_tricks.sliding_window_view(x, (pool_h, pool_w), axis=(2, 3))[:, :, ::stride, ::stride]
    return win.max(axis=(4, 5)), (x, pool_h, pool_w, stride)

# %% task2_4_max_pool_backward
def max_pool_backward(dout, cache):
    x, pool_h, pool_w, stride = cache
    N, C, H, W = x.shape
    win = np.lib.stride_tricks.sliding_window_view(x, (pool_h, pool_w), axis=(2, 3))[:, :, ::stride, ::stride]
    OH, OW = win.shape[2], win.shape[3]
    k = win.reshape(N, C, OH, OW, -1).argmax(axis=-1)
    p, q = np.divmod(k, pool_w)
    n = np.arange(N)[:, None, None, None]
    c = np.arange(C)[None, :, None, None]
    rows = np.arange(OH)[None, None, :, None] * stride + p
    cols = np.arange(OW)[None, None, None, :] * stride + q
    dx = np.zeros_like(x)
    scatter_add(dx, (np.broadcast_to(n, k.shape), np.broadcast_to(c, k.shape), rows, cols), dout)
    return dx

# %% task2_5_avg_pool_forward
def avg_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    conv_output_size(x.shape[2], pool_h, stride)
    conv_output_size(x.shape[3], pool_w, stride)
    win = np.lib.stride_tricks.sliding_window_view(x, (pool_h, pool_w), axis=(2, 3))[:, :, ::stride, ::stride]
    return win.mean(axis=(4, 5)), (x.shape, x.dtype, pool_h, pool_w, stride)

# %% task2_6_avg_pool_backward
def avg_pool_backward(dout, cache):
    x_shape, dtype, pool_h, pool_w, stride = cache
    N, C, OH, OW = dout.shape
    dx = np.zeros(x_shape, dtype=dtype)
    n = np.arange(N)[:, None, None, None, None, None]
    c = np.arange(C)[None, :, None, None, None, None]
    rows = (np.arange(OH) * stride)[None, None, :, None, None, None] + np.arange(pool_h)[:, None]
    cols = (np.arange(OW) * stride)[None, None, None, :, None, None] + np.arange(pool_w)
    share = np.broadcast_to((dout / (pool_h * pool_w))[..., None, None], (N, C, OH, OW, pool_h, pool_w))
    full = (N, C, OH, OW, pool_h, pool_w)
    scatter_add(dx, tuple(np.broadcast_to(a, full) for a in (n, c, rows, cols)), share)
    return dx
