"""Orders each row's columns by filter position first and channel last: (p, q, c) not (c, p, q).

expect: wrong
fails: task1_2_im2col_test_examples, task1_2_im2col_test_random
"""
# %% task1_2_im2col
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    xp = get_array_module(x)
    N, C, H, W = x.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = xp.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    col = xp.empty((N, out_h, out_w, filter_h, filter_w, C), dtype=x.dtype)
    for p in range(filter_h):
        for q in range(filter_w):
            col[:, :, :, p, q, :] = img[:, :, p:p + stride * out_h:stride,
                                        q:q + stride * out_w:stride].transpose(0, 2, 3, 1)
    return col.reshape(N * out_h * out_w, -1)
