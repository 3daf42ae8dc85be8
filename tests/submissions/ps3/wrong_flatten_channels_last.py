"""Pooled maps flattened channels-last (transpose to (N, H, W, F) before the reshape), forward
and backward consistent: the gradient check passes, but W2's rows mean something else.

expect: wrong
fails: task3_1_simple_convnet_test_scores_loss
"""
# %% task3_1_simple_convnet patch
# - old
        flat = pooled.reshape(N, -1)              # C order: (f, i, j) -> (f*(H/2) + i)*(W/2) + j
# + new
        flat = pooled.transpose(0, 2, 3, 1).reshape(N, -1)    # channels last: (i, j, f)

# - old
        dpooled = (dhidden @ p["W2"].T).reshape(pooled.shape)
# + new
        Np, Fp, Hp, Wp = pooled.shape
        dpooled = (dhidden @ p["W2"].T).reshape(Np, Hp, Wp, Fp).transpose(0, 3, 1, 2)
