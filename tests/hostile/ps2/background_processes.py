"""Correct code that leaves background processes behind (with a process limit that lets it): a
`sleep 1000` started with subprocess and a forked child that detaches (setsid) and spins, at
import and in the first avg_pool_backward call of each process. They die with the sandbox after each test cell:
none is left after grading, full marks.

status: graded
score: full
checks: no_processes, children_seen
limits: {"uid": 64203, "gid": 64203, "nproc": 64}
"""
# %% task2_6_avg_pool_backward patch
# - old
def avg_pool_backward(dout, cache):
# + new
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
# - old
    x_shape, dtype, pool_h, pool_w, stride = cache
# + new
    if not _CALLS:
        _linger()
    _CALLS.append(1)
    x_shape, dtype, pool_h, pool_w, stride = cache
