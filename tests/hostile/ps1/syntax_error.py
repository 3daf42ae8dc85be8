"""A syntax error in the col2im cell: its tests fail and say why; the other cells still count.

status: graded
score: 7
message: task1_3_col2im raised SyntaxError
"""
# %% task1_3_col2im
def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0)
    return col
