"""Max pooling on an as_strided window view; the forward pass keeps np.argmax of every flattened
window (the first maximum), and the backward pass builds a one-hot mask from it (no np.add.at) and
adds it back offset by offset.

expect: right
"""
# %% task2_3_max_pool_forward
def max_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    N, C, H, W = x.shape
    OH = conv_output_size(H, pool_h, stride, 0)
    OW = conv_output_size(W, pool_w, stride, 0)
    s0, s1, s2, s3 = x.strides
    windows = np.lib.stride_tricks.as_strided(
        x, shape=(N, C, OH, OW, pool_h, pool_w), strides=(s0, s1, s2 * stride, s3 * stride, s2, s3))
    flat = windows.reshape(N, C, OH, OW, pool_h * pool_w)
    idx = flat.argmax(axis=-1)
    out = np.take_along_axis(flat, idx[..., None], axis=-1)[..., 0]
    return out, (x.shape, x.dtype, idx, pool_h, pool_w, stride)

# %% task2_4_max_pool_backward
def max_pool_backward(dout, cache):
    x_shape, dtype, idx, pool_h, pool_w, stride = cache
    N, C, OH, OW = idx.shape
    onehot = idx[..., None] == np.arange(pool_h * pool_w)            # (N, C, OH, OW, ph*pw)
    grads = (onehot * dout[..., None]).reshape(N, C, OH, OW, pool_h, pool_w).astype(dtype)
    dx = np.zeros(x_shape, dtype=dtype)
    for p in range(pool_h):
        for q in range(pool_w):
            dx[:, :, p:p + stride * OH:stride, q:q + stride * OW:stride] += grads[..., p, q]
    return dx
