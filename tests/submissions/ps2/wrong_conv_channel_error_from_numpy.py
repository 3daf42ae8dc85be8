"""No channel check of its own: relies on NumPy's matmul shape error, whose message names neither
channel count.

expect: wrong
fails: task2_1_conv_forward_test_errors
"""
# %% task2_1_conv_forward patch
# - old
    if C != Cw:
        raise ValueError(f"conv_forward: x has C={C} channels but the filters have {Cw} "
                         f"(x: {tuple(x.shape)}, w: {tuple(w.shape)})")
# + new

# - old
    prod = col @ w_mat.T                                       # one GEMM: (N*OH*OW, F)
# + new
    prod = col @ w_mat.T                       # raises by itself if the channels differ
