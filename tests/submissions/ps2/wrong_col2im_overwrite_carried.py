"""Carries over a ps1 col2im that assigns instead of adding: conv_backward's dx loses the overlaps.

expect: wrong
fails: task2_2_conv_backward_test_examples, task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_0_ps1_functions patch
# - old
            img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride] += windows[:, :, p, q]
# + new
            img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride] = windows[:, :, p, q]
