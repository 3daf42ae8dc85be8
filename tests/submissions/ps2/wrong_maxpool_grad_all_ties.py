"""The reshape + == trick: every input equal to its window's maximum gets the gradient, so tied
maxima all receive it (and overlapping windows are not supported).

expect: wrong
fails: task2_4_max_pool_backward_test_examples, task2_4_max_pool_backward_test_ties
"""
# %% task2_3_max_pool_forward
def max_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    N, C, H, W = x.shape
    OH = conv_output_size(H, pool_h, stride, 0)
    OW = conv_output_size(W, pool_w, stride, 0)
    out = None
    for p in range(pool_h):
        for q in range(pool_w):
            part = x[:, :, p:p + stride * (OH - 1) + 1:stride, q:q + stride * (OW - 1) + 1:stride]
            out = part.copy() if out is None else np.maximum(out, part)
    return out, (x, out, pool_h, pool_w, stride)

# %% task2_4_max_pool_backward
def max_pool_backward(dout, cache):
    x, out, pool_h, pool_w, stride = cache
    N, C, H, W = x.shape
    x6 = x.reshape(N, C, H // pool_h, pool_h, W // pool_w, pool_w)
    mask = x6 == out[:, :, :, None, :, None]
    dx = mask * dout[:, :, :, None, :, None]
    return dx.reshape(x.shape).astype(x.dtype)
