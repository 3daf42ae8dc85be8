"""sys.exit() at the end of the col2im cell, after the function (Jupyter shows the SystemExit and
goes on): everything defined is graded, full marks.

status: graded
score: full
message: task1_3_col2im raised SystemExit
"""
# %% task1_3_col2im patch
# - old
    return img[:, :, pad:pad + H, pad:pad + W]
# + new
    return img[:, :, pad:pad + H, pad:pad + W]


import sys
sys.exit("done")
