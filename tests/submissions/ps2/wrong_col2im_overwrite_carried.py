"""Carries over a ps1 col2im that assigns instead of adding: conv_backward's dx loses the overlaps.

expect: wrong
fails: task2_2_conv_backward_test_examples, task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_0_ps1_functions
def conv_output_size(input_size, filter_size, stride=1, pad=0):
    if stride < 1 or pad < 0:
        raise ValueError(f"invalid stride={stride} or pad={pad}")
    span = input_size - filter_size + 2 * pad
    if span < 0 or span % stride != 0:
        raise ValueError(f"filter {filter_size} with stride {stride}, pad {pad} does not fit input {input_size}")
    return span // stride + 1


def im2col(x, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w), dtype=x.dtype)
    for p in range(filter_h):
        for q in range(filter_w):
            col[:, :, p, q] = img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x_shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    cols = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    for p in range(filter_h):
        for q in range(filter_w):
            img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride] = cols[:, :, p, q]
    return img[:, :, pad:pad + H, pad:pad + W]
