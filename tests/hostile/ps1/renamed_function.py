"""im2col renamed to im2col_fast: every test that calls im2col fails with a NameError.

status: graded
score: 5
message: name 'im2col' is not defined
"""
# %% task1_2_im2col
def im2col_fast(x, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x.shape
    oh, ow = conv_output_size(H, filter_h, stride, pad), conv_output_size(W, filter_w, stride, pad)
    img = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    win = np.lib.stride_tricks.sliding_window_view(img, (filter_h, filter_w), axis=(2, 3))[:, :, ::stride, ::stride]
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(N * oh * ow, -1)
