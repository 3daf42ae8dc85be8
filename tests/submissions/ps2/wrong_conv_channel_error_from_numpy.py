"""No channel check of its own: relies on NumPy's matmul shape error, whose message names neither
channel count.

expect: wrong
fails: task2_1_conv_forward_test_errors
"""
# %% task2_1_conv_forward patch
# - old
    if C != C_w:
        raise ValueError(f"conv_forward: x has C={C} channels but the filters have {C_w} "
                         f"(x: {tuple(x.shape)}, w: {tuple(w.shape)})")
# + new

# - old
    out = col @ w_col + b                                          # (N*OH*OW, F): every dot product + b[f]
# + new
    out = col @ w_col + b                      # raises by itself if the channels differ
