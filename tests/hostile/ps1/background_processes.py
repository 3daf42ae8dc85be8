"""Correct code that leaves background processes behind (with a process limit that lets it): a
`sleep 1000` started with subprocess, a forked child that detaches (setsid) and loops, at import
and in col2im. They all die with the sandbox after each test cell: none is left after grading.

status: graded
score: full
checks: no_processes, children_seen
limits: {"uid": 64103, "gid": 64103, "nproc": 64}
"""
# %% task1_3_col2im
import os, subprocess

def _linger():
    subprocess.Popen(["sleep", "1000"], start_new_session=True)
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            while True:
                pass
        os._exit(0)

_linger()

def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    _linger()
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
