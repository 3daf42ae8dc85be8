"""Average pooling backward writes each offset's share with '=': correct for 2x2/2, but where
windows overlap the shares overwrite each other instead of adding up.

expect: wrong
fails: task2_6_avg_pool_backward_test_examples, task2_6_avg_pool_backward_test_random_dtype
"""
# %% task2_6_avg_pool_backward patch
# - old
            dx[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride] += share
# + new
            dx[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride] = share
