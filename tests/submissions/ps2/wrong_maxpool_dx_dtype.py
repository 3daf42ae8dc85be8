"""Allocates dx with np.zeros(x.shape): float32 inputs get a float64 gradient.

expect: wrong
fails: task2_4_max_pool_backward_test_dtype_inputs
"""
# %% task2_4_max_pool_backward patch
# - old
    dx = xp.zeros(x.shape, dtype=x.dtype)
# + new
    dx = np.zeros(x.shape)
