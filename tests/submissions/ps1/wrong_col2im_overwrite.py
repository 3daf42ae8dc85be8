"""Assigns with = instead of adding: where windows overlap, only the last gradient survives.

expect: wrong
fails: task1_3_col2im_test_examples, task1_3_col2im_test_adjoint
"""
# %% task1_3_col2im patch
# - old
            img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride] += windows[:, :, p, q]
# + new
            img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride] = windows[:, :, p, q]
