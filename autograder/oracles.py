"""Naive-loop oracles for the hidden tests (instructor side; never shipped to students).

Each oracle is written straight from the definition, one output value at a time, in float64, so it
shares no code and no trick with the reference solutions or with students' vectorized answers. They
are slow: the hidden tests call them on small shapes only. They are pure functions of their inputs,
and every notebook of a class is tested on the same inputs, so a grading process remembers their
answers (``remembered``): the second notebook a worker grades does not run the loops again.
"""
from __future__ import annotations

import collections
import copy
import functools
import hashlib

import numpy as np

REMEMBERED = 512                 # answers kept per process (the hidden tests use a few dozen)


def _digest(v, h) -> None:
    """Feed a value (arrays, numbers, strings, and lists, tuples and dicts of them) to the hash h."""
    if isinstance(v, np.ndarray):
        h.update(f"nd{v.dtype.str}{v.shape}".encode())
        h.update(np.ascontiguousarray(v).tobytes())
    elif isinstance(v, (list, tuple)):
        h.update(f"{type(v).__name__}{len(v)}(".encode())
        for x in v:
            _digest(x, h)
        h.update(b")")
    elif isinstance(v, dict):
        h.update(f"dict{len(v)}(".encode())
        for k in sorted(v, key=repr):
            _digest(k, h)
            _digest(v[k], h)
        h.update(b")")
    else:
        h.update(f"{type(v).__name__}:{v!r};".encode())


def remembered(oracle):
    """The oracle, answering from memory for inputs it has seen (a copy: callers may change it)."""
    answers: collections.OrderedDict = collections.OrderedDict()

    @functools.wraps(oracle)
    def answer(*args, **kwargs):
        h = hashlib.sha256()
        _digest((args, kwargs), h)
        key = h.digest()
        if key in answers:
            answers.move_to_end(key)
        else:
            answers[key] = oracle(*args, **kwargs)
            if len(answers) > REMEMBERED:
                answers.popitem(last=False)
        return copy.deepcopy(answers[key])
    return answer


def conv_output_size(input_size, filter_size, stride=1, pad=0) -> int:
    """ps1's conv_output_size as its contract states it (a Python int, or ValueError naming the
    numbers): the reference a student's im2col and col2im call while their own tests run
    (autograder/blame.py), so that a wrong conv_output_size costs only conv_output_size's tests."""
    span = input_size + 2 * pad - filter_size
    if stride < 1 or pad < 0 or span < 0 or span % stride:
        raise ValueError(f"invalid setting: input_size={input_size}, filter_size={filter_size}, "
                         f"stride={stride}, pad={pad}")
    return int(span // stride + 1)


def out_size(n: int, f: int, stride: int, pad: int) -> int:
    """Output positions along one axis, for shapes the tests know to be valid."""
    span = n + 2 * pad - f
    assert span >= 0 and span % stride == 0, (n, f, stride, pad)
    return span // stride + 1


def padded(x, pad: int):
    return np.pad(np.asarray(x, dtype=np.float64), ((0, 0), (0, 0), (pad, pad), (pad, pad)))


@remembered
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


@remembered
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


@remembered
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


@remembered
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


@remembered
def max_pool_forward_naive(x, ph: int = 2, pw: int = 2, stride: int = 2):
    out = np.zeros(pool_out_shape(x.shape, ph, pw, stride))
    for n, c, i, j, (rs, cs) in _pool_windows(x, ph, pw, stride):
        out[n, c, i, j] = np.max(x[n, c, rs, cs])
    return out


@remembered
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


@remembered
def avg_pool_forward_naive(x, ph: int = 2, pw: int = 2, stride: int = 2):
    out = np.zeros(pool_out_shape(x.shape, ph, pw, stride))
    for n, c, i, j, (rs, cs) in _pool_windows(x, ph, pw, stride):
        out[n, c, i, j] = np.mean(np.asarray(x[n, c, rs, cs], dtype=np.float64))
    return out


@remembered
def avg_pool_backward_naive(dout, x_shape, ph: int = 2, pw: int = 2, stride: int = 2):
    dx = np.zeros(x_shape)
    for n, c, i, j, (rs, cs) in _pool_windows(np.empty(x_shape), ph, pw, stride):
        dx[n, c, rs, cs] += dout[n, c, i, j] / (ph * pw)
    return dx


@remembered
def simple_convnet_loss_naive(X, y, params, reg: float = 0.0):
    """The three-layer network of ps3, in float64, written from the definitions:

        conv (stride 1, pad (FH - 1) // 2) - ReLU - 2x2 max pool (stride 2) - affine - ReLU - affine

    params: W1 (F, C, FH, FW), b1 (F,), W2 (F*(H/2)*(W/2), D), b2 (D,), W3 (D, K), b3 (K,).
    y is None: returns the scores (N, K). Otherwise returns (loss, grads): loss = mean softmax
    cross-entropy + 0.5 * reg * (|W1|^2 + |W2|^2 + |W3|^2), grads keyed like params. The pooled
    activations are flattened in C order: column (f*(H/2) + i)*(W/2) + j holds pooled[n, f, i, j].
    """
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    X = np.asarray(X, dtype=np.float64)
    n_ = X.shape[0]
    pad = (p["W1"].shape[2] - 1) // 2
    conv = conv_forward_naive(X, p["W1"], p["b1"], 1, pad)
    relu = np.where(conv > 0, conv, 0.0)
    pooled = max_pool_forward_naive(relu, 2, 2, 2)
    _, f_, ph, pw = pooled.shape
    flat = np.zeros((n_, f_ * ph * pw))
    for n in range(n_):
        for f in range(f_):
            for i in range(ph):
                for j in range(pw):
                    flat[n, (f * ph + i) * pw + j] = pooled[n, f, i, j]

    def affine(a, w, b):
        out = np.zeros((a.shape[0], w.shape[1]))
        for n in range(a.shape[0]):
            for k in range(w.shape[1]):
                out[n, k] = np.sum(a[n] * w[:, k]) + b[k]
        return out

    hidden_in = affine(flat, p["W2"], p["b2"])
    hidden = np.where(hidden_in > 0, hidden_in, 0.0)
    scores = affine(hidden, p["W3"], p["b3"])
    if y is None:
        return scores

    k_ = scores.shape[1]
    loss = 0.0
    dscores = np.zeros_like(scores)
    for n in range(n_):
        m = max(scores[n])
        lse = m + np.log(sum(np.exp(s - m) for s in scores[n]))
        loss += (lse - scores[n, y[n]]) / n_
        for k in range(k_):
            dscores[n, k] = (np.exp(scores[n, k] - lse) - (1.0 if k == y[n] else 0.0)) / n_
    loss += 0.5 * reg * sum(np.sum(p[w] ** 2) for w in ("W1", "W2", "W3"))

    grads = {"W3": hidden.T @ dscores + reg * p["W3"], "b3": dscores.sum(axis=0)}
    dhidden = (dscores @ p["W3"].T) * (hidden_in > 0)
    grads["W2"] = flat.T @ dhidden + reg * p["W2"]
    grads["b2"] = dhidden.sum(axis=0)
    dflat = dhidden @ p["W2"].T
    dpooled = np.zeros_like(pooled)
    for n in range(n_):
        for f in range(f_):
            for i in range(ph):
                for j in range(pw):
                    dpooled[n, f, i, j] = dflat[n, (f * ph + i) * pw + j]
    drelu = max_pool_backward_naive(dpooled, relu, 2, 2, 2)
    dconv = drelu * (conv > 0)
    _, dw1, db1 = conv_backward_naive(dconv, X, p["W1"], 1, pad)
    grads["W1"] = dw1 + reg * p["W1"]
    grads["b1"] = db1
    return loss, grads
