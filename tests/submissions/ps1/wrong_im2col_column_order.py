"""Orders each row's columns by filter position first and channel last: (p, q, c) not (c, p, q).

expect: wrong
fails: task1_2_im2col_test_examples, task1_2_im2col_test_random
"""
# %% task1_2_im2col patch
# - old
        img, shape=(N, out_h, out_w, C, filter_h, filter_w),
        strides=(sn, sh * stride, sw * stride, sc, sh, sw))
# + new
        img, shape=(N, out_h, out_w, filter_h, filter_w, C),
        strides=(sn, sh * stride, sw * stride, sh, sw, sc))
