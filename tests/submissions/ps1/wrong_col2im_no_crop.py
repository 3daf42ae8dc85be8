"""Forgets to crop the padding: returns an array of the padded size.

expect: wrong
fails: task1_3_col2im_test_examples, task1_3_col2im_test_adjoint
"""
# %% task1_3_col2im patch
# - old
    return img[:, :, pad:pad + H, pad:pad + W]
# + new
    return img
