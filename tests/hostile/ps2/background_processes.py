"""Correct code that leaves background processes behind (with a process limit that lets it): a
`sleep 1000` started with subprocess and a forked child that detaches (setsid) and spins, at
import and in the first avg_pool_backward call of each process. They die with the sandbox after each test cell:
none is left after grading, full marks.

status: graded
score: full
checks: no_processes, children_seen
limits: {"uid": 64203, "gid": 64203, "nproc": 64}
"""
# %% task2_6_avg_pool_backward
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

_CALLS = []

def avg_pool_backward(dout, cache):
    if not _CALLS:
        _linger()
    _CALLS.append(1)
    x_shape, dtype, pool_h, pool_w, stride = cache
    N, C, H, W = x_shape
    oh, ow = conv_output_size(H, pool_h, stride, 0), conv_output_size(W, pool_w, stride, 0)
    if dout.shape != (N, C, oh, ow):
        raise ValueError(f"dout has shape {dout.shape}, expected {(N, C, oh, ow)}")
    dx = np.zeros(x_shape, dtype=dtype)
    share = dout.astype(dtype) / (pool_h * pool_w)
    for p in range(pool_h):
        for q in range(pool_w):
            dx[:, :, p:p + stride * (oh - 1) + 1:stride, q:q + stride * (ow - 1) + 1:stride] += share
    return dx
