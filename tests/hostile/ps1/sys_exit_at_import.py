"""sys.exit() at the end of the col2im cell, after the function (Jupyter shows the SystemExit and
goes on): everything defined is graded, full marks.

status: graded
score: full
message: task1_3_col2im raised SystemExit
"""
# %% task1_3_col2im
import sys

def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x_shape
    oh, ow = conv_output_size(H, filter_h, stride, pad), conv_output_size(W, filter_w, stride, pad)
    if col.shape != (N * oh * ow, C * filter_h * filter_w):
        raise ValueError(f"col has shape {col.shape}, expected {(N * oh * ow, C * filter_h * filter_w)}")
    cols = col.reshape(N, oh, ow, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    for p in range(filter_h):
        for q in range(filter_w):
            img[:, :, p:p + stride * oh:stride, q:q + stride * ow:stride] += cols[:, :, p, q]
    return img[:, :, pad:pad + H, pad:pad + W]

sys.exit("done")
