"""Keeps the cache in a dict and pops col from it in the backward pass "to free memory": a second
backward call with the same cache fails.

expect: wrong
fails: task2_2_conv_backward_test_dtype_inputs
"""
# %% task2_1_conv_forward patch
# - old
    cache = (x.shape, w, b.dtype, stride, pad, col)
# + new
    cache = {"x_shape": x.shape, "w": w, "b_dtype": b.dtype, "stride": stride, "pad": pad, "col": col}

# %% task2_2_conv_backward patch
# - old
    x_shape, w, b_dtype, stride, pad, col = cache
# + new
    col = cache.pop("col")              # not needed after the backward pass
    x_shape, w, b_dtype, stride, pad = (cache[k] for k in ("x_shape", "w", "b_dtype", "stride", "pad"))
