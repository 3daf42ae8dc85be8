"""Tries to read the reference solution and the grader's code by every path it can think of (the
repository, /proc of other processes, the grader's files next to the runner); anything read makes
col2im wrong. Nothing can be read.

status: graded
score: full
"""
# %% task1_3_col2im
import glob, os

def _leaks():
    hits = []
    paths = ["/work/main/solutions/ps1/ps1_im2col.ipynb", "/work/main/autograder/oracles.py",
             "/work/main/autograder/reference.py", "/work/main/tests/catalog.py",
             "/opt/runner/../../work/main/solutions/ps1/ps1_im2col.ipynb"]
    paths += glob.glob("/proc/*/root/work/main/solutions/*/*.ipynb") + glob.glob("/proc/*/cwd/solutions/*/*")
    paths += glob.glob("/proc/*/environ")
    for p in paths:
        try:
            with open(p, "rb") as f:
                data = f.read()
            if b"BEGIN SOLUTION" in data or b"def im2col_naive" in data or b"col2im_naive" in data:
                hits.append(p)
        except OSError:
            pass
    return hits

LEAKS = _leaks()

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
    return img[:, :, pad:pad + H, pad:pad + W] + len(LEAKS)
