"""Naive-loop oracles for the hidden tests (instructor side; never shipped to students).

Each oracle is written straight from the definition, one output value at a time, in float64, so it
shares no code and no trick with the reference solutions or with students' vectorized answers. They
are slow: the hidden tests call them on small shapes only.
"""
from __future__ import annotations

import numpy as np


def out_size(n: int, f: int, stride: int, pad: int) -> int:
    """Output positions along one axis, for shapes the tests know to be valid."""
    span = n + 2 * pad - f
    assert span >= 0 and span % stride == 0, (n, f, stride, pad)
    return span // stride + 1


def padded(x, pad: int):
    return np.pad(np.asarray(x, dtype=np.float64), ((0, 0), (0, 0), (pad, pad), (pad, pad)))


def im2col_naive(x, fh: int, fw: int, stride: int = 1, pad: int = 0):
    """col[(n*OH + i)*OW + j, (c*FH + p)*FW + q] = xpad[n, c, i*stride + p, j*stride + q]."""
    n_, c_, h, w = x.shape
    oh, ow = out_size(h, fh, stride, pad), out_size(w, fw, stride, pad)
    xp = padded(x, pad)
    col = np.zeros((n_ * oh * ow, c_ * fh * fw))
    for n in range(n_):
        for i in range(oh):
            for j in range(ow):
                for c in range(c_):
                    for p in range(fh):
                        for q in range(fw):
                            col[(n * oh + i) * ow + j, (c * fh + p) * fw + q] = \
                                xp[n, c, i * stride + p, j * stride + q]
    return col


def col2im_naive(col, x_shape, fh: int, fw: int, stride: int = 1, pad: int = 0):
    """The adjoint of im2col_naive: every column entry is added back where it came from."""
    n_, c_, h, w = x_shape
    oh, ow = out_size(h, fh, stride, pad), out_size(w, fw, stride, pad)
    xp = np.zeros((n_, c_, h + 2 * pad, w + 2 * pad))
    for n in range(n_):
        for i in range(oh):
            for j in range(ow):
                for c in range(c_):
                    for p in range(fh):
                        for q in range(fw):
                            xp[n, c, i * stride + p, j * stride + q] += \
                                col[(n * oh + i) * ow + j, (c * fh + p) * fw + q]
    return xp[:, :, pad:pad + h, pad:pad + w]


def conv_forward_naive(x, w, b, stride: int = 1, pad: int = 0):
    """out[n, f, i, j] = sum_{c,p,q} xpad[n, c, i*S + p, j*S + q] * w[f, c, p, q] + b[f]."""
    n_, c_, h, wd = x.shape
    f_, _, fh, fw = w.shape
    oh, ow = out_size(h, fh, stride, pad), out_size(wd, fw, stride, pad)
    xp = padded(x, pad)
    w = np.asarray(w, dtype=np.float64)
    out = np.zeros((n_, f_, oh, ow))
    for n in range(n_):
        for f in range(f_):
            for i in range(oh):
                for j in range(ow):
                    window = xp[n, :, i * stride:i * stride + fh, j * stride:j * stride + fw]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out


def conv_backward_naive(dout, x, w, stride: int = 1, pad: int = 0):
    """Gradients of sum(out * dout) for conv_forward_naive, accumulated one term at a time."""
    n_, c_, h, wd = x.shape
    f_, _, fh, fw = w.shape
    _, _, oh, ow = dout.shape
    xp = padded(x, pad)
    w = np.asarray(w, dtype=np.float64)
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = np.zeros(f_)
    for n in range(n_):
        for f in range(f_):
            for i in range(oh):
                for j in range(ow):
                    g = dout[n, f, i, j]
                    rows = slice(i * stride, i * stride + fh)
                    cols = slice(j * stride, j * stride + fw)
                    dxp[n, :, rows, cols] += g * w[f]
                    dw[f] += g * xp[n, :, rows, cols]
                    db[f] += g
    return dxp[:, :, pad:pad + h, pad:pad + wd], dw, db


def _pool_windows(x, ph, pw, stride):
    n_, c_, h, w = x.shape
    oh, ow = out_size(h, ph, stride, 0), out_size(w, pw, stride, 0)
    for n in range(n_):
        for c in range(c_):
            for i in range(oh):
                for j in range(ow):
                    yield n, c, i, j, (slice(i * stride, i * stride + ph), slice(j * stride, j * stride + pw))


def pool_out_shape(x_shape, ph, pw, stride):
    n_, c_, h, w = x_shape
    return n_, c_, out_size(h, ph, stride, 0), out_size(w, pw, stride, 0)


def max_pool_forward_naive(x, ph: int = 2, pw: int = 2, stride: int = 2):
    out = np.zeros(pool_out_shape(x.shape, ph, pw, stride))
    for n, c, i, j, (rs, cs) in _pool_windows(x, ph, pw, stride):
        out[n, c, i, j] = np.max(x[n, c, rs, cs])
    return out


def max_pool_backward_naive(dout, x, ph: int = 2, pw: int = 2, stride: int = 2):
    """Each window's gradient goes to its FIRST maximum in row-major order; overlaps add up."""
    dx = np.zeros(x.shape)
    for n, c, i, j, (rs, cs) in _pool_windows(x, ph, pw, stride):
        window = x[n, c, rs, cs]
        best_p, best_q = 0, 0
        for p in range(window.shape[0]):
            for q in range(window.shape[1]):
                if window[p, q] > window[best_p, best_q]:      # strict: the first maximum wins
                    best_p, best_q = p, q
        dx[n, c, rs.start + best_p, cs.start + best_q] += dout[n, c, i, j]
    return dx


def avg_pool_forward_naive(x, ph: int = 2, pw: int = 2, stride: int = 2):
    out = np.zeros(pool_out_shape(x.shape, ph, pw, stride))
    for n, c, i, j, (rs, cs) in _pool_windows(x, ph, pw, stride):
        out[n, c, i, j] = np.mean(np.asarray(x[n, c, rs, cs], dtype=np.float64))
    return out


def avg_pool_backward_naive(dout, x_shape, ph: int = 2, pw: int = 2, stride: int = 2):
    dx = np.zeros(x_shape)
    for n, c, i, j, (rs, cs) in _pool_windows(np.empty(x_shape), ph, pw, stride):
        dx[n, c, rs, cs] += dout[n, c, i, j] / (ph * pw)
    return dx
