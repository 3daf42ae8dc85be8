"""Correct code with IPython syntax left in the solution cells (%matplotlib inline, a %timeit line,
!ls, a %%time cell): Jupyter runs them, so the grader must not fail the cell over them. They are
skipped (a note says so): full marks.

status: graded
score: full
message: IPython magics and shell commands in task1_2_im2col were not run
"""
# %% task1_1_conv_output_size
%%time
def conv_output_size(input_size, filter_size, stride=1, pad=0):
    span = input_size + 2 * pad - filter_size
    if stride < 1 or pad < 0 or span < 0 or span % stride:
        raise ValueError(f"invalid: input_size={input_size}, filter_size={filter_size}, stride={stride}, pad={pad}")
    return int(span // stride + 1)

# %% task1_2_im2col
%matplotlib inline
!ls
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x.shape
    oh, ow = conv_output_size(H, filter_h, stride, pad), conv_output_size(W, filter_w, stride, pad)
    img = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    win = np.lib.stride_tricks.sliding_window_view(img, (filter_h, filter_w), axis=(2, 3))[:, :, ::stride, ::stride]
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(N * oh * ow, -1)

%timeit im2col(np.zeros((1, 1, 4, 4)), 2, 2)
