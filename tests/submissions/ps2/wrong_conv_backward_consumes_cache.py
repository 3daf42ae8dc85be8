"""Keeps the cache in a dict and pops col from it in the backward pass "to free memory": a second
backward call with the same cache fails.

expect: wrong
fails: task2_2_conv_backward_test_dtype_inputs
"""
# %% task2_1_conv_forward patch
# - old
    cache = (x, w, b, stride, pad, col)
# + new
    cache = {"x": x, "w": w, "b": b, "stride": stride, "pad": pad, "col": col}

# %% task2_2_conv_backward patch
# - old
    x, w, b, stride, pad, col = cache
# + new
    col = cache.pop("col")              # not needed after the backward pass
    x, w, b, stride, pad = (cache[k] for k in ("x", "w", "b", "stride", "pad"))
