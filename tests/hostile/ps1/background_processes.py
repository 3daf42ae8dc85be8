"""Correct code that leaves background processes behind (with a process limit that lets it): a
`sleep 1000` started with subprocess, a forked child that detaches (setsid) and loops, at import
and in col2im. They all die with the sandbox after each test cell: none is left after grading.

status: graded
score: full
checks: no_processes, children_seen
limits: {"uid": 64103, "gid": 64103, "nproc": 64}
"""
# %% task1_3_col2im patch
# - old
def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
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


def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):

# - old
    N, C, H, W = x_shape
# + new
    _linger()
    N, C, H, W = x_shape
