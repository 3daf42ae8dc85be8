"""A correct convolution whose cache holds things no wire can carry: a closure, a generator, an
instance of the student's own class and an open file. They stay in the student's process (the
test only passes the cache back) and conv_backward finds them there: full marks.

status: graded
score: full
"""
# %% task2_1_conv_forward
class _Saved:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def conv_forward(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, Cw, FH, FW = w.shape
    if C != Cw:
        raise ValueError(f"x has {C} channels, w has {Cw}")
    if tuple(b.shape) != (F,):
        raise ValueError(f"b must have shape ({F},), got {b.shape}")
    oh, ow = conv_output_size(H, FH, stride, pad), conv_output_size(W, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)
    out = (col @ w.reshape(F, -1).T.astype(x.dtype)).reshape(N, oh, ow, F).transpose(0, 3, 1, 2)
    out = (out + b.astype(x.dtype).reshape(F, 1, 1)).astype(x.dtype)
    saved = _Saved(x_shape=x.shape, w=w, b_dtype=b.dtype, stride=stride, pad=pad, col=col)
    counter = (i for i in range(10 ** 9))
    log = open("/tmp/conv.log", "a")
    return out, (lambda: saved, counter, log)

# %% task2_2_conv_backward
def conv_backward(dout, cache):
    get, counter, log = cache
    next(counter)
    log.write("backward\n")
    s = get()
    F = s.w.shape[0]
    N, C, H, W = s.x_shape
    oh, ow = conv_output_size(H, s.w.shape[2], s.stride, s.pad), conv_output_size(W, s.w.shape[3], s.stride, s.pad)
    if tuple(dout.shape) != (N, F, oh, ow):
        raise ValueError(f"dout has shape {dout.shape}, expected {(N, F, oh, ow)}")
    dmat = dout.transpose(0, 2, 3, 1).reshape(-1, F).astype(s.col.dtype)
    db = dmat.sum(axis=0).astype(s.b_dtype)
    dw = (dmat.T @ s.col).reshape(s.w.shape).astype(s.w.dtype)
    dx = col2im(dmat @ s.w.reshape(F, -1).astype(s.col.dtype), s.x_shape, s.w.shape[2], s.w.shape[3], s.stride, s.pad)
    return dx, dw, db
