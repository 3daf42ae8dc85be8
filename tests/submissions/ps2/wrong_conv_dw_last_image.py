"""Computes dw image by image but assigns instead of adding: only the last image's dw survives.

expect: wrong
fails: task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_2_conv_backward patch
# - old
    dw = (dout_mat.T @ col).reshape(w.shape)                       # (F, C, FH, FW): summed over the batch
# + new
    per_image = out_h * out_w
    for n in range(N):
        rows = slice(n * per_image, (n + 1) * per_image)           # the rows of image n
        dw = (dout_mat[rows].T @ col[rows]).reshape(w.shape)       # (F, C, FH, FW) of image n
