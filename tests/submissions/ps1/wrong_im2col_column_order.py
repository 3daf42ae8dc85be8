"""Orders each row's columns by filter position first and channel last: (p, q, c) not (c, p, q).

expect: wrong
fails: task1_2_im2col_test_examples, task1_2_im2col_test_random
"""
# %% task1_2_im2col patch
# - old
    col = windows.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, C * filter_h * filter_w)
# + new
    col = windows.transpose(0, 4, 5, 2, 3, 1).reshape(N * out_h * out_w, C * filter_h * filter_w)
