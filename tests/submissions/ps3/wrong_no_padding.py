"""Convolution without padding: 28x28 becomes 24x24, pooled 12x12, and W2 is sized for that.

expect: wrong
fails: task3_1_simple_convnet_test_shapes, task3_1_simple_convnet_test_scores_loss
"""
# %% task3_1_simple_convnet patch
# - old
        self.pad = (filter_size - 1) // 2
# + new
        self.pad = 0

# - old
                  "2": (num_filters * (H // 2) * (W // 2), hidden_dim),
# + new
                  "2": (num_filters * ((H - filter_size + 1) // 2) * ((W - filter_size + 1) // 2), hidden_dim),
