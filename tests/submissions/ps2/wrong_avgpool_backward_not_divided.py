"""Average pooling backward hands every input the window's whole gradient (forgets the 1/area).

expect: wrong
fails: task2_6_avg_pool_backward_test_examples, task2_6_avg_pool_backward_test_random_dtype
"""
# %% task2_6_avg_pool_backward patch
# - old
    share = dout.astype(dtype) / (pool_h * pool_w)                 # each input's share of its window's gradient
# + new
    share = dout.astype(dtype)                                     # each input's share of its window's gradient
