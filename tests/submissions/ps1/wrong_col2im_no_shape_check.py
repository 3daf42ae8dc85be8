"""No check of col's shape: a col with the right number of values but another shape is silently
reshaped into windows instead of raising ValueError (the notebook states the rule).

expect: wrong
fails: task1_3_col2im_test_adjoint
"""
# %% task1_3_col2im patch
# - old
    expected = (N * out_h * out_w, C * filter_h * filter_w)
    if tuple(col.shape) != expected:
        raise ValueError(f"col2im: col has shape {tuple(col.shape)}, expected {expected} for "
                         f"x_shape={tuple(x_shape)}, filter {filter_h}x{filter_w}, stride={stride}, pad={pad}")
# + new
