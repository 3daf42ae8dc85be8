"""No check of the labels' range: a label of -1 silently picks the last class's score, and one past
the last class fails with NumPy's IndexError instead of the ValueError the notebook asks for.

expect: wrong
fails: task3_1_simple_convnet_test_dtype_inputs
"""
# %% task3_1_simple_convnet patch
# - old
        if N and (int(y.min()) < 0 or int(y.max()) >= self.num_classes):
            raise ValueError(f"labels must lie in [0, {self.num_classes}), "
                             f"got labels from {int(y.min())} to {int(y.max())}")
# + new
