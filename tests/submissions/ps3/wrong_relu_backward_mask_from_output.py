"""The conv ReLU's backward pass masks with its OUTPUT (relu1 >= 0, always true), so gradient flows
where the input was negative.

expect: wrong
fails: task3_1_simple_convnet_test_gradcheck
"""
# %% task3_1_simple_convnet patch
# - old
        dconv = max_pool_backward(dpooled, pool_cache) * (conv > 0)
# + new
        dconv = max_pool_backward(dpooled, pool_cache) * (relu1 >= 0)
