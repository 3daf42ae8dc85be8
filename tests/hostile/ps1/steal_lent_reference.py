"""im2col's tests lend it the grader's reference conv_output_size (autograder/blame.py). im2col
tries to read the lent function (its code, globals, source, the module it comes from) and keeps it
in a global; col2im, graded in a later cell, calls the kept handle after it was revoked. Anything
read, or any call that works after the cell, would make the answers wrong. The student's process
holds only a handle that can be called and nothing else, for one test cell: full marks.

status: graded
score: full
"""
# %% task1_2_im2col
import inspect

KEPT = []
_MINE = conv_output_size                                  # the student's own, defined in the cell above


def _read(fn):
    """Everything this code could learn about fn beyond calling it."""
    found = []
    for attr in ("__code__", "__globals__", "__closure__", "__module__", "__wrapped__", "__self__", "__func__"):
        try:
            value = object.__getattribute__(fn, attr)
        except Exception:  # noqa: BLE001
            continue
        if attr == "__module__" and "autograder" not in str(value):
            continue                                      # the handle's own class says nothing
        if attr == "__self__" and type(value).__name__ == "module":
            continue
        found.append(attr)
    try:
        inspect.getsource(fn)
        found.append("source")
    except Exception:  # noqa: BLE001
        pass
    return found


def im2col(x, filter_h, filter_w, stride=1, pad=0):
    leaked = []
    if conv_output_size is not _MINE:                     # a lent reference: read it, keep it for later
        KEPT.append(conv_output_size)
        leaked = _read(conv_output_size)
    N, C, H, W = x.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.empty((N, C, filter_h, filter_w, out_h, out_w), dtype=x.dtype)
    for p in range(filter_h):
        for q in range(filter_w):
            windows[:, :, p, q] = img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride]
    col = windows.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, C * filter_h * filter_w)
    return col + len(leaked)


# %% task1_3_col2im
def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = x_shape
    still_callable = 0
    for kept in KEPT:
        try:
            kept(7, 3, 2, 0)
            if kept is not conv_output_size:
                still_callable += 1
        except Exception:  # noqa: BLE001
            pass
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    expected = (N * out_h * out_w, C * filter_h * filter_w)
    if tuple(col.shape) != expected:
        raise ValueError(f"col2im: col has shape {tuple(col.shape)}, expected {expected}")
    windows = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    for p in range(filter_h):
        for q in range(filter_w):
            img[:, :, p:p + stride * out_h:stride, q:q + stride * out_w:stride] += windows[:, :, p, q]
    return img[:, :, pad:pad + H, pad:pad + W] + still_callable
