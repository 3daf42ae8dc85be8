"""Reshapes the (N*OH*OW, F) product straight to (N, F, OH, OW) instead of transposing.

expect: wrong
fails: task2_1_conv_forward_test_examples, task2_1_conv_forward_test_random
"""
# %% task2_1_conv_forward patch
# - old
    out = out.reshape(N, out_h, out_w, F).transpose(0, 3, 1, 2)    # (N, F, OH, OW)
# + new
    out = out.reshape(N, F, out_h, out_w)                          # (N, F, OH, OW)
