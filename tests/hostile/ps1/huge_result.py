"""col2im returns a 64 MiB array, above the grader's limit on replies (set to 8 MiB here): refused,
those tests fail, the rest is graded.

status: graded
score: 7
limits: {"max_message_bytes": 8388608}
message: larger than the limit
"""
# %% task1_3_col2im
def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    return np.ones(8 << 20)
