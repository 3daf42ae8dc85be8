"""A 4 GiB allocation at the top of the col2im cell: that cell fails when loaded (MemoryError),
so col2im is never defined; the other cells count.

status: graded
score: 7
message: task1_3_col2im raised MemoryError
"""
# %% task1_3_col2im
_hog = bytearray(4 << 30)

def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    return col
