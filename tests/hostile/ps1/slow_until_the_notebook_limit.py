"""im2col is correct but sleeps 2 s in every call: the notebook's time limit (5 s) is reached during
the first im2col test. The tests already run keep their points (conv_output_size's 2), the others
score 0 and say they were not run.

status: timed_out
score: 2
limits: {"timeout_s": 5}
message: not run: the notebook's time limit
"""
# %% task1_2_im2col patch
# - old
    if getattr(x, "ndim", None) != 4:
# + new
    import time
    time.sleep(2)
    if getattr(x, "ndim", None) != 4:
