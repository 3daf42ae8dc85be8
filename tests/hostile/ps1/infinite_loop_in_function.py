"""im2col never returns: the notebook's time limit is hit; the tests already run keep their points,
the others score 0 and say they were not run.

status: timed_out
score: 2
limits: {"timeout_s": 6}
message: time limit
"""
# %% task1_2_im2col
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    while True:
        pass
