"""Average pooling: a reshape + mean fast path when the windows tile the input exactly (stride equal
to the window), a general loop over offsets otherwise; the backward pass repeats the shares with
np.repeat on the fast path.

expect: right
"""
# %% task2_5_avg_pool_forward
def avg_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    N, C, H, W = x.shape
    OH = conv_output_size(H, pool_h, stride, 0)
    OW = conv_output_size(W, pool_w, stride, 0)
    if stride == pool_h == pool_w:
        out = x.reshape(N, C, OH, pool_h, OW, pool_w).mean(axis=(3, 5))
    else:
        out = np.zeros((N, C, OH, OW), dtype=x.dtype)
        for p in range(pool_h):
            for q in range(pool_w):
                out += x[:, :, p:p + stride * OH:stride, q:q + stride * OW:stride]
        out /= pool_h * pool_w
    return out, {"shape": x.shape, "dtype": x.dtype, "ph": pool_h, "pw": pool_w, "stride": stride}

# %% task2_6_avg_pool_backward
def avg_pool_backward(dout, cache):
    ph, pw, stride = cache["ph"], cache["pw"], cache["stride"]
    N, C, OH, OW = dout.shape
    share = (dout / (ph * pw)).astype(cache["dtype"])
    if stride == ph == pw:
        return share.repeat(ph, axis=2).repeat(pw, axis=3)
    dx = np.zeros(cache["shape"], dtype=cache["dtype"])
    for p in range(ph):
        for q in range(pw):
            dx[:, :, p:p + stride * OH:stride, q:q + stride * OW:stride] += share
    return dx
