"""A variant of the ps2 reference convolution that keeps the graded layouts and the cache format:
per-image GEMMs `w_mat @ col_n.T` write the output in NCHW order (no transpose copy), and dx is
built from the transposed column gradient (K x OH*OW per image: contiguous slabs, not col2im's
gathers). Not adopted yet (see RESULTS.md); this script measures it against the reference.

Run: `OPENBLAS_NUM_THREADS=1 .venv/bin/python -m benchmarks.conv_variants`
"""
from __future__ import annotations

import time

import numpy as np

from autograder.reference import load_reference

ref = load_reference("ps2")
conv_output_size, im2col, get_array_module = ref.conv_output_size, ref.im2col, ref.get_array_module


def best(f, r=9):
    f()
    t = []
    for _ in range(r):
        t0 = time.perf_counter()
        f()
        t.append(time.perf_counter() - t0)
    return min(t) * 1e3


def conv_forward(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, Cw, FH, FW = w.shape
    xp = get_array_module(x)
    out_h = conv_output_size(H, FH, stride, pad)
    out_w = conv_output_size(W, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)                       # (N*OH*OW, C*FH*FW)
    w_mat = w.reshape(F, -1).astype(x.dtype, copy=False)       # (F, C*FH*FW)
    # One GEMM per image, w_mat @ col_n.T: (F, K) x (K, OH*OW) lands in NCHW order, no transpose.
    out = xp.matmul(w_mat, col.reshape(N, out_h * out_w, -1).transpose(0, 2, 1))
    out += b.astype(x.dtype, copy=False).reshape(F, 1)
    return out.reshape(N, F, out_h, out_w), (x.shape, w, b.dtype, stride, pad, col)

def conv_backward(dout, cache):
    x_shape, w, b_dtype, stride, pad, col = cache
    F, C, FH, FW = w.shape
    N, _, H, W = x_shape
    xp = get_array_module(col)
    out_h = conv_output_size(H, FH, stride, pad)
    out_w = conv_output_size(W, FW, stride, pad)
    L, K = out_h * out_w, C * FH * FW
    d3 = dout.astype(col.dtype, copy=False).reshape(N, F, L)
    db = d3.sum(axis=(0, 2)).astype(b_dtype, copy=False)
    dw = (d3 @ col.reshape(N, L, K)).sum(axis=0).reshape(w.shape).astype(w.dtype, copy=False)
    w_mat = w.reshape(F, K).astype(col.dtype, copy=False)
    # dcol transposed, per image: (K, F) x (F, OH*OW). Row (c, p, q) of it is an OH x OW slab of
    # gradient for input offset (p, q), so col2im becomes FH*FW contiguous strided adds.
    dcol_t = xp.matmul(w_mat.T, d3).reshape(N, C, FH, FW, out_h, out_w)
    dx = xp.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    for p in range(FH):
        rows = slice(p, p + stride * (out_h - 1) + 1, stride)
        for q in range(FW):
            dx[:, :, rows, q:q + stride * (out_w - 1) + 1:stride] += dcol_t[:, :, p, q]
    return dx[:, :, pad:pad + H, pad:pad + W], dw, db


from benchmarks.kernels import CONV_SHAPES  # noqa: E402

for name, n, c, h, w, f, k, s, p in CONV_SHAPES:
    rng=np.random.default_rng(0); x=rng.standard_normal((n,c,h,w)).astype(np.float32)
    wt=rng.standard_normal((f,c,k,k)).astype(np.float32); b=rng.standard_normal(f).astype(np.float32)
    o1,c1=ref.conv_forward(x,wt,b,s,p); o2,c2=conv_forward(x,wt,b,s,p)
    dout=rng.standard_normal(o1.shape).astype(np.float32)
    g1=ref.conv_backward(dout,c1); g2=conv_backward(dout,c2)
    err=max(float(np.abs(a-bb).max()/np.abs(a).max()) for a,bb in zip((o1,)+g1,(o2,)+g2))
    def fb(F,B):
        o,c=F(x,wt,b,s,p); B(dout,c)
    r = [best(lambda: ref.conv_forward(x,wt,b,s,p)), best(lambda: conv_forward(x,wt,b,s,p)),
        best(lambda: fb(ref.conv_forward, ref.conv_backward)), best(lambda: fb(conv_forward, conv_backward))]
    print(name, "err %.1e fwd ref %.2f new %.2f | fwd+bwd ref %.2f new %.2f" % (err, *r), "ratios fwd %.2f fb %.2f" % (r[1]/r[0], r[3]/r[2]))
