"""Carries over a ps1 col2im that assigns instead of adding: conv_backward's dx loses the overlaps.

expect: wrong
fails: task2_2_conv_backward_test_examples, task2_2_conv_backward_test_gradcheck, task2_2_conv_backward_test_random
"""
# %% task2_0_ps1_functions patch
# - old
            img[:, :, rows, q:q + stride * out_w:stride] += cols[:, :, :, :, p, q].transpose(0, 3, 1, 2)
# + new
            img[:, :, rows, q:q + stride * out_w:stride] = cols[:, :, :, :, p, q].transpose(0, 3, 1, 2)
