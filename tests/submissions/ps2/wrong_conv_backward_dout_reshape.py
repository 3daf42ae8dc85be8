"""Builds dout_mat with dout.reshape(-1, F) (no transpose to (N, OH, OW, F) first): the gradients of
different filters and positions get mixed up.

expect: wrong
fails: task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_2_conv_backward patch
# - old
    dout_mat = dout.transpose(0, 2, 3, 1).reshape(N * out_h * out_w, F)
# + new
    dout_mat = dout.reshape(-1, F)

# - old
    db = dout_mat.sum(axis=0)                                      # (F,): b[f] is in every output of filter f
# + new
    db = dout.sum(axis=(0, 2, 3))                                  # (F,): b[f] is in every output of filter f
