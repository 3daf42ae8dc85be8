"""Adds the bias as b[:, None] after the transpose: it broadcasts along the output rows, not the filters.

expect: wrong
fails: task2_1_conv_forward_test_examples, task2_1_conv_forward_test_random
"""
# %% task2_1_conv_forward patch
# - old
           b.astype(x.dtype, copy=False).reshape(F, 1, 1), out=out)
# + new
           b.astype(x.dtype, copy=False)[:, None], out=out)          # one bias per filter
