"""numpy's sliding_window_view, then a strided subsample and one transpose + reshape.

expect: right
"""
# %% task1_2_im2col
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    win = np.lib.stride_tricks.sliding_window_view(img, (filter_h, filter_w), axis=(2, 3))
    win = win[:, :, ::stride, ::stride]                   # (N, C, OH, OW, FH, FW)
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(N * out_h * out_w, -1)
