"""The im2col cell copied below itself and broken there: the first cell with a grade_id counts.

status: graded
score: full
message: grade_id task1_2_im2col appears more than once
"""
# %% duplicate task1_2_im2col
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    return np.zeros((1, 1))
