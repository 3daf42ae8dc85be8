"""col2im calls os._exit(0): the student's process dies in those test cells only, and they say so.

status: graded
score: 7
message: the student's process ended \(exit code 0\)
"""
# %% task1_3_col2im
import os

def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    os._exit(0)
