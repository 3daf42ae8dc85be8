"""Prints 50 MB at import and in col2im, and tries to write 50 MB files: nothing reaches the
grader (stdout is /dev/null in the sandbox, files are capped at 16 MiB), full marks.

status: graded
score: full
checks: quiet_grader
"""
# %% task1_3_col2im
import sys
_BIG = "x" * (50 << 20)
print(_BIG)
sys.stderr.write(_BIG)
for _path in ("/sandbox/big.txt", "/tmp/big.txt"):
    try:
        with open(_path, "w") as _f:
            _f.write(_BIG)
    except OSError:
        pass

def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    print(_BIG)
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
