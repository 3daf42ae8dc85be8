"""Computes dw image by image but assigns instead of adding: only the last image's dw survives.

expect: wrong
fails: task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_2_conv_backward patch
# - old
    dw = (d3 @ col.reshape(N, L, K)).sum(axis=0)               # (F, K), summed over the batch
# + new
    for n in range(N):
        dw = d3[n] @ col.reshape(N, L, K)[n]                   # (F, K) of image n
