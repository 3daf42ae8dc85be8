"""col2im calls sys.exit(): its tests fail (SystemExit is reported, not obeyed), the rest is graded.

status: graded
score: 7
message: SystemExit
"""
# %% task1_3_col2im
import sys

def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    sys.exit(0)
