"""The same patches inside the solution cells themselves (they run wherever the student's code
runs), plus builtins.abs and np.sum patched, with a wrong im2col: no effect on the grade.

status: graded
score: 6
honest: wrong_im2col_column_order
"""
# %% task1_2_im2col
import builtins
import numpy.testing
import convnets.testing
numpy.testing.assert_allclose = lambda *a, **k: None
for _name in ("assert_close", "assert_shape", "assert_dtype", "assert_equal", "assert_raises_value_error"):
    setattr(convnets.testing, _name, lambda *a, **k: "")
    globals()[_name] = lambda *a, **k: ""
builtins.abs = lambda v: 0
builtins.AssertionError = type("AssertionError", (Exception,), {})
np.sum = lambda *a, **k: 0.0

def im2col(x, filter_h, filter_w, stride=1, pad=0):
    xp = get_array_module(x)
    N, C, H, W = x.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = xp.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    col = xp.empty((N, out_h, out_w, filter_h, filter_w, C), dtype=x.dtype)
    for p in range(filter_h):
        for q in range(filter_w):
            col[:, :, :, p, q, :] = img[:, :, p:p + stride * out_h:stride,
                                        q:q + stride * out_w:stride].transpose(0, 2, 3, 1)
    return col.reshape(N * out_h * out_w, -1)
