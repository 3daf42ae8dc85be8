"""Average pooling backward writes each offset's share with '=': correct for 2x2/2, but where
windows overlap the shares overwrite each other instead of adding up.

expect: wrong
fails: task2_6_avg_pool_backward_test_examples, task2_6_avg_pool_backward_test_random_dtype
"""
# %% task2_6_avg_pool_backward patch
# - old
                dx[:, :, rows, cols] += share
# + new
                dx[:, :, rows, cols] = share
