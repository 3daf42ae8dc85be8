"""Assigns with = instead of adding: where windows overlap, only the last gradient survives.

expect: wrong
fails: task1_3_col2im_test_examples, task1_3_col2im_test_adjoint
"""
# %% task1_3_col2im patch
# - old
            img[:, :, rows, q:q + stride * out_w:stride] += cols[:, :, :, :, p, q].transpose(0, 3, 1, 2)
# + new
            img[:, :, rows, q:q + stride * out_w:stride] = cols[:, :, :, :, p, q].transpose(0, 3, 1, 2)
