"""Converts x to float64 "for accuracy": float32 inputs come back as float64 (out, dx, dw).

expect: wrong
fails: task2_1_conv_forward_test_dtype_inputs, task2_2_conv_backward_test_dtype_inputs
"""
# %% task2_1_conv_forward patch
# - old
    N, C, H, W = x.shape
# + new
    x = x.astype(np.float64)
    w = w.astype(np.float64)
    N, C, H, W = x.shape
