"""Weights drawn with standard_normal and never cast: float64 parameters in a float32 model, so
scores, loss and gradients come out float64.

expect: wrong
fails: task3_1_simple_convnet_test_shapes, task3_1_simple_convnet_test_dtype_inputs
"""
# %% task3_1_simple_convnet patch
# - old
            return (weight_scale * rng.standard_normal(shape)).astype(self.dtype)
# + new
            return weight_scale * rng.standard_normal(shape)
