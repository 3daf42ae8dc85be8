"""Adds the bias as b[:, None] after the transpose: it broadcasts along the output rows, not the filters.

expect: wrong
fails: task2_1_conv_forward_test_examples, task2_1_conv_forward_test_random
"""
# %% task2_1_conv_forward patch
# - old
    out = col @ w_col + b                                          # (N*OH*OW, F): every dot product + b[f]
    out = out.reshape(N, out_h, out_w, F).transpose(0, 3, 1, 2)    # (N, F, OH, OW)
# + new
    out = col @ w_col                                              # (N*OH*OW, F): every dot product
    out = out.reshape(N, out_h, out_w, F).transpose(0, 3, 1, 2)    # (N, F, OH, OW)
    out = out + b[:, None]                                         # one bias per filter
