"""Keeps the cache in a dict and pops col from it in the backward pass "to free memory": a second
backward call with the same cache fails.

expect: wrong
fails: task2_2_conv_backward_test_dtype_inputs
"""
# %% task2_1_conv_forward
def conv_forward(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, Cw, FH, FW = w.shape
    if C != Cw:
        raise ValueError(f"x has {C} channels, w has {Cw}")
    if b.shape != (F,):
        raise ValueError(f"b should have shape ({F},), got {b.shape}")
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)
    out = (col @ w.reshape(F, -1).T + b).reshape(N, OH, OW, F).transpose(0, 3, 1, 2)
    cache = {"x_shape": x.shape, "w": w, "b": b, "stride": stride, "pad": pad, "col": col}
    return out, cache

# %% task2_2_conv_backward
def conv_backward(dout, cache):
    col = cache.pop("col")              # not needed after the backward pass
    w = cache["w"]
    F, C, FH, FW = w.shape
    dout_mat = dout.transpose(0, 2, 3, 1).reshape(-1, F)
    db = dout_mat.sum(axis=0).astype(cache["b"].dtype)
    dw = (dout_mat.T @ col).reshape(w.shape)
    dcol = dout_mat @ w.reshape(F, -1)
    dx = col2im(dcol, cache["x_shape"], FH, FW, cache["stride"], cache["pad"])
    return dx, dw, db
