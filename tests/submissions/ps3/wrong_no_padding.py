"""Convolution without padding: 28x28 becomes 24x24, pooled 12x12, and W2 is sized for that.

expect: wrong
fails: task3_1_simple_convnet_test_shapes, task3_1_simple_convnet_test_scores_loss
"""
# %% task3_1_simple_convnet patch
# - old
        self.pad = (filter_size - 1) // 2                        # "same" padding: the conv keeps H x W
# + new
        self.pad = 0

# - old
        pooled_size = num_filters * (H // 2) * (W // 2)          # F * H/2 * W/2 values per image after the pool
# + new
        pooled_size = num_filters * ((H - filter_size + 1) // 2) * ((W - filter_size + 1) // 2)
