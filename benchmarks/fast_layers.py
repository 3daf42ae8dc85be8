"""Fast variants of the graded layers, for the benchmarks only (instructor side).

The reference solutions in solutions/ are written to be read next to the formulas they implement
(CS231n's `layers.py`); the variants here are written for speed, as CS231n keeps `fast_layers.py`
apart. They take and return exactly what the graded functions do (same layouts, dtypes, errors and
tie rule), so each is a drop-in answer to a graded task: like the solutions, this file must never
reach a published page, a release notebook or the student wheel (tests/test_release.py checks).

What makes them faster than the reference, measured in benchmarks/kernels.py:

* im2col: one strided *view* of the padded input with an entry per (n, i, j, c, p, q), copied once
  by the reshape (the reference fills a 6-D array offset by offset, then copies it again).
* conv_forward: one GEMM per image, ``w_mat @ col_n.T``, lands in NCHW order (no transposed copy),
  and the bias is added in place.
* conv_backward: the column gradient is computed transposed, per image, so that every (c, p, q) row
  is an OH x OW slab and col2im becomes FH*FW contiguous strided adds.
* pooling: running maxima and sums over the pool_h*pool_w strided slices of x, no im2col copy; max
  pool backward walks the offsets in row-major order and serves each window's first maximum once.
"""
from __future__ import annotations

from autograder.reference import load_reference
from convnets.backend import get_array_module

conv_output_size = load_reference("ps1").conv_output_size


def im2col(x, filter_h, filter_w, stride=1, pad=0):
    """ps1's im2col: (N, C, H, W) -> (N*OH*OW, C*FH*FW), through one strided view."""
    if getattr(x, "ndim", None) != 4:
        raise ValueError(f"im2col: x must be 4-D (N, C, H, W), got shape {getattr(x, 'shape', None)}")
    xp = get_array_module(x)
    N, C, H, W = x.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = xp.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))) if pad else xp.ascontiguousarray(x)
    sn, sc, sh, sw = img.strides
    windows = xp.lib.stride_tricks.as_strided(
        img, shape=(N, out_h, out_w, C, filter_h, filter_w),
        strides=(sn, sh * stride, sw * stride, sc, sh, sw))
    return windows.reshape(N * out_h * out_w, C * filter_h * filter_w)


def _slab_add(img, slabs, out_h, out_w, stride):
    """img[:, :, p + i*S, q + j*S] += slabs[:, :, p, q, i, j] for every offset (p, q)."""
    for p in range(slabs.shape[2]):
        rows = slice(p, p + stride * (out_h - 1) + 1, stride)
        for q in range(slabs.shape[3]):
            img[:, :, rows, q:q + stride * (out_w - 1) + 1:stride] += slabs[:, :, p, q]


def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    """ps1's col2im: (N*OH*OW, C*FH*FW) -> x_shape, overlaps added."""
    N, C, H, W = x_shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    expected = (N * out_h * out_w, C * filter_h * filter_w)
    if tuple(col.shape) != expected:
        raise ValueError(f"col2im: col has shape {tuple(col.shape)}, expected {expected} for "
                         f"x_shape={tuple(x_shape)}, filter {filter_h}x{filter_w}, stride={stride}, pad={pad}")
    xp = get_array_module(col)
    img = xp.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    slabs = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    _slab_add(img, slabs, out_h, out_w, stride)
    return img[:, :, pad:pad + H, pad:pad + W]


def conv_forward(x, w, b, stride=1, pad=0):
    """ps2's conv_forward; the cache is (x.shape, w, b.dtype, stride, pad, col)."""
    N, C, H, W = x.shape
    F, Cw, FH, FW = w.shape
    if C != Cw:
        raise ValueError(f"conv_forward: x has C={C} channels but the filters have {Cw} "
                         f"(x: {tuple(x.shape)}, w: {tuple(w.shape)})")
    if tuple(b.shape) != (F,):
        raise ValueError(f"conv_forward: b must have shape ({F},), one bias per filter, got {tuple(b.shape)}")
    xp = get_array_module(x)
    out_h = conv_output_size(H, FH, stride, pad)
    out_w = conv_output_size(W, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)
    w_mat = w.reshape(F, -1).astype(x.dtype, copy=False)
    out = xp.matmul(w_mat, col.reshape(N, out_h * out_w, -1).transpose(0, 2, 1))   # (N, F, OH*OW)
    out += b.astype(x.dtype, copy=False).reshape(F, 1)
    return out.reshape(N, F, out_h, out_w), (x.shape, w, b.dtype, stride, pad, col)


def conv_backward(dout, cache):
    """ps2's conv_backward for the cache of conv_forward above."""
    x_shape, w, b_dtype, stride, pad, col = cache
    F, C, FH, FW = w.shape
    N, _, H, W = x_shape
    xp = get_array_module(col)
    out_h = conv_output_size(H, FH, stride, pad)
    out_w = conv_output_size(W, FW, stride, pad)
    if tuple(dout.shape) != (N, F, out_h, out_w):
        raise ValueError(f"conv_backward: dout has shape {tuple(dout.shape)}, expected {(N, F, out_h, out_w)}")
    L, K = out_h * out_w, C * FH * FW
    d3 = dout.astype(col.dtype, copy=False).reshape(N, F, L)
    db = d3.sum(axis=(0, 2)).astype(b_dtype, copy=False)
    dw = (d3 @ col.reshape(N, L, K)).sum(axis=0).reshape(w.shape).astype(w.dtype, copy=False)
    w_mat = w.reshape(F, K).astype(col.dtype, copy=False)
    slabs = xp.matmul(w_mat.T, d3).reshape(N, C, FH, FW, out_h, out_w)     # dcol, transposed per image
    dx = xp.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    _slab_add(dx, slabs, out_h, out_w, stride)
    return dx[:, :, pad:pad + H, pad:pad + W], dw, db


def _offsets(out_h, out_w, pool_h, pool_w, stride):
    """The strided slices of x that hold offset (p, q) of every window, in row-major order."""
    return [(slice(p, p + stride * (out_h - 1) + 1, stride), slice(q, q + stride * (out_w - 1) + 1, stride))
            for p in range(pool_h) for q in range(pool_w)]


def max_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    """ps2's max_pool_forward; the cache is (x, pool_h, pool_w, stride)."""
    N, C, H, W = x.shape
    xp = get_array_module(x)
    offsets = _offsets(conv_output_size(H, pool_h, stride, 0), conv_output_size(W, pool_w, stride, 0),
                       pool_h, pool_w, stride)
    out = x[:, :, offsets[0][0], offsets[0][1]].copy()
    for rows, cols in offsets[1:]:
        xp.maximum(out, x[:, :, rows, cols], out=out)
    return out, (x, pool_h, pool_w, stride)


def max_pool_backward(dout, cache):
    """ps2's max_pool_backward: each window's gradient to its first maximum, overlaps added."""
    x, pool_h, pool_w, stride = cache
    xp = get_array_module(x)
    N, C, H, W = x.shape
    out_h = conv_output_size(H, pool_h, stride, 0)
    out_w = conv_output_size(W, pool_w, stride, 0)
    if tuple(dout.shape) != (N, C, out_h, out_w):
        raise ValueError(f"max_pool_backward: dout has shape {tuple(dout.shape)}, expected {(N, C, out_h, out_w)}")
    best, _ = max_pool_forward(x, pool_h, pool_w, stride)
    overlap = stride < pool_h or stride < pool_w
    dx = xp.zeros(x.shape, dtype=x.dtype)
    free = xp.ones(best.shape, dtype=bool)               # windows whose maximum is not found yet
    routed = xp.empty(best.shape, dtype=x.dtype) if overlap else None
    offsets = _offsets(out_h, out_w, pool_h, pool_w, stride)
    for k, (rows, cols) in enumerate(offsets):
        hit = x[:, :, rows, cols] == best
        hit &= free
        if k + 1 < len(offsets):
            free ^= hit
        if overlap:          # within one offset the targets are distinct; across offsets they add up
            xp.multiply(dout, hit, out=routed)
            dx[:, :, rows, cols] += routed
        else:                # every input is in at most one window: write in place
            xp.multiply(dout, hit, out=dx[:, :, rows, cols])
    return dx


def avg_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    """ps2's avg_pool_forward; the cache is (x.shape, x.dtype, pool_h, pool_w, stride)."""
    N, C, H, W = x.shape
    offsets = _offsets(conv_output_size(H, pool_h, stride, 0), conv_output_size(W, pool_w, stride, 0),
                       pool_h, pool_w, stride)
    out = x[:, :, offsets[0][0], offsets[0][1]].copy()
    for rows, cols in offsets[1:]:
        out += x[:, :, rows, cols]
    out /= pool_h * pool_w
    return out, (x.shape, x.dtype, pool_h, pool_w, stride)


def avg_pool_backward(dout, cache):
    """ps2's avg_pool_backward."""
    x_shape, dtype, pool_h, pool_w, stride = cache
    xp = get_array_module(dout)
    N, C, H, W = x_shape
    out_h = conv_output_size(H, pool_h, stride, 0)
    out_w = conv_output_size(W, pool_w, stride, 0)
    if tuple(dout.shape) != (N, C, out_h, out_w):
        raise ValueError(f"avg_pool_backward: dout has shape {tuple(dout.shape)}, expected {(N, C, out_h, out_w)}")
    share = dout.astype(dtype, copy=False) / (pool_h * pool_w)
    dx = xp.zeros(x_shape, dtype=dtype)
    for rows, cols in _offsets(out_h, out_w, pool_h, pool_w, stride):
        dx[:, :, rows, cols] += share
    return dx


LAYERS = ("im2col", "col2im", "conv_forward", "conv_backward", "max_pool_forward", "max_pool_backward",
          "avg_pool_forward", "avg_pool_backward")
