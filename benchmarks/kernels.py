"""Convolution, pooling and GEMM: the course's kernels against PyTorch on the CPU, side by side.

For every shape, one run times: the plain reference (the instructor solutions of ps2, read from the
solution notebook, their only source), the fastest variant that keeps the graded layouts
(benchmarks/fast_layers.py), the GEMMs alone on operands of the same shapes (the floor of any
im2col convolution) and PyTorch (requirements-bench.txt); naive loops on the smallest shape.
Run: `.venv/bin/python -m benchmarks.kernels [--keep-freed-memory]` (or `make bench` for every benchmark).
"""
from __future__ import annotations

import os
import sys

import numpy as np

from autograder import oracles
from autograder.reference import load_reference
from benchmarks import fast_layers as fast
from benchmarks.common import compare, fmt_ms, machine_info, print_table

# (name, N, C, H, W, F, filter, stride, pad)
CONV_SHAPES = [
    ("mnist-5x5", 100, 1, 28, 28, 30, 5, 1, 2),
    ("rgb-7x7", 50, 3, 32, 32, 32, 7, 1, 3),
    ("c64-3x3", 64, 64, 16, 16, 64, 3, 1, 1),
    ("c64-3x3-s2", 64, 64, 15, 15, 64, 3, 2, 1),
]
POOL_SHAPES = [("mnist-pool", 100, 30, 28, 28), ("c64-pool", 64, 64, 32, 32)]


def _torch():
    import torch  # noqa: PLC0415  (benchmark-only dependency)

    torch.set_num_threads(len(__import__("os").sched_getaffinity(0)))
    return torch


def conv_rows(ref, torch):
    F_ = torch.nn.functional
    rows = []
    for name, n, c, h, w, f, k, s, p in CONV_SHAPES:
        rng = np.random.default_rng(0)
        x = rng.standard_normal((n, c, h, w)).astype(np.float32)
        wt = (0.1 * rng.standard_normal((f, c, k, k))).astype(np.float32)
        b = np.zeros(f, np.float32)
        out, _ = ref.conv_forward(x, wt, b, stride=s, pad=p)
        dout = rng.standard_normal(out.shape).astype(np.float32)
        tx, tw, tb = (torch.from_numpy(a.copy()).requires_grad_() for a in (x, wt, b))
        tdout = torch.from_numpy(dout)

        def fwd(layers):
            return lambda: layers.conv_forward(x, wt, b, stride=s, pad=p)

        def fwd_bwd(layers):
            def run():
                _, cache = layers.conv_forward(x, wt, b, stride=s, pad=p)
                layers.conv_backward(dout, cache)
            return run

        def torch_fwd():
            with torch.no_grad():
                F_.conv2d(tx, tw, tb, stride=s, padding=p)

        def torch_fwd_bwd():
            y = F_.conv2d(tx, tw, tb, stride=s, padding=p)
            y.backward(tdout)

        # The three GEMMs of im2col convolution, alone: col @ W.T, dout.T @ col, dout @ W.
        oh, ow = out.shape[2:]
        col = rng.standard_normal((n * oh * ow, c * k * k)).astype(np.float32)
        wm = rng.standard_normal((f, c * k * k)).astype(np.float32)
        dm = rng.standard_normal((n * oh * ow, f)).astype(np.float32)

        def gemms():
            col @ wm.T
            dm.T @ col
            dm @ wm

        def fwd_gemm():
            col @ wm.T

        t = compare({"plain_fwd": fwd(ref), "fast_fwd": fwd(fast), "torch_fwd": torch_fwd,
                     "plain_fb": fwd_bwd(ref), "fast_fb": fwd_bwd(fast), "torch_fb": torch_fwd_bwd,
                     "gemms": gemms, "fwd_gemm": fwd_gemm})
        # The floors: any convolution built on im2col and one GEMM per product needs at least the
        # GEMM time, so GEMM alone / PyTorch bounds the ratio such a design can reach here.
        rows.append((name, fmt_ms(t["plain_fwd"]), fmt_ms(t["fast_fwd"]), fmt_ms(t["fwd_gemm"]),
                     fmt_ms(t["torch_fwd"]), f"{t['plain_fwd'] / t['torch_fwd']:.2f}x",
                     f"{t['fast_fwd'] / t['torch_fwd']:.2f}x", f"{t['fwd_gemm'] / t['torch_fwd']:.2f}x",
                     fmt_ms(t["plain_fb"]), fmt_ms(t["fast_fb"]), fmt_ms(t["gemms"]), fmt_ms(t["torch_fb"]),
                     f"{t['plain_fb'] / t['torch_fb']:.2f}x", f"{t['fast_fb'] / t['torch_fb']:.2f}x",
                     f"{t['gemms'] / t['torch_fb']:.2f}x"))
    return rows


def naive_row(ref):
    """Naive loops against the reference on the smallest shape (4 images: loops are slow)."""
    name, _, c, h, w, f, k, s, p = CONV_SHAPES[0]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, c, h, w)).astype(np.float32)
    wt = rng.standard_normal((f, c, k, k)).astype(np.float32)
    b = np.zeros(f, np.float32)
    naive = oracles.conv_forward_naive.__wrapped__      # the loops themselves, not the oracle's memory of them
    t = compare({"naive": lambda: naive(x, wt, b, s, p),
                 "ref": lambda: ref.conv_forward(x, wt, b, stride=s, pad=p)}, repeats=1, cycles=1)
    return [(f"{name}, N=4", fmt_ms(t["naive"]), fmt_ms(t["ref"]), f"{t['naive'] / t['ref']:.0f}x")]


def pool_rows(ref, torch):
    F_ = torch.nn.functional
    rows = []
    for name, n, c, h, w in POOL_SHAPES:
        rng = np.random.default_rng(0)
        x = rng.standard_normal((n, c, h, w)).astype(np.float32)
        dout = rng.standard_normal((n, c, h // 2, w // 2)).astype(np.float32)
        tx = torch.from_numpy(x.copy()).requires_grad_()
        tdout = torch.from_numpy(dout)

        def fwd_bwd(layers):
            def run():
                _, cache = layers.max_pool_forward(x, 2, 2, 2)
                layers.max_pool_backward(dout, cache)
            return run

        def torch_fb():
            F_.max_pool2d(tx, 2, 2).backward(tdout)

        t = compare({"plain": fwd_bwd(ref), "fast": fwd_bwd(fast), "torch": torch_fb})
        rows.append((name, fmt_ms(t["plain"]), fmt_ms(t["fast"]), fmt_ms(t["torch"]),
                     f"{t['plain'] / t['torch']:.2f}x", f"{t['fast'] / t['torch']:.2f}x"))
    return rows


def gemm_rows():
    rows = []
    for m, k, n in [(1024, 1024, 1024), (78400, 25, 30), (16384, 576, 64), (51200, 147, 32)]:
        rng = np.random.default_rng(0)
        a = rng.standard_normal((m, k)).astype(np.float32)
        b = rng.standard_normal((k, n)).astype(np.float32)
        t = compare({"gemm": lambda: a @ b})["gemm"]
        rows.append((f"{m}x{k} @ {k}x{n}", fmt_ms(t), f"{2 * m * k * n / t / 1e9:.0f}"))
    return rows


# glibc's malloc hands big freed blocks back to the OS, so every large temporary of the next call
# page-faults in again (16 MB: about 4,000 faults). These settings keep freed memory for reuse;
# they apply to both libraries alike (PyTorch's CPU tensors come from the same malloc).
KEEP_FREED_MEMORY = {"MALLOC_MMAP_THRESHOLD_": str(32 << 20), "MALLOC_TRIM_THRESHOLD_": str(2 << 30),
                     "MALLOC_TOP_PAD_": str(256 << 20)}


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    kept = all(os.environ.get(k) == v for k, v in KEEP_FREED_MEMORY.items())
    if "--keep-freed-memory" in args and not kept:
        # malloc reads these at start-up only: run this benchmark again in a process that has them.
        os.execve(sys.executable, [sys.executable, "-m", "benchmarks.kernels", *args],
                  {**os.environ, **KEEP_FREED_MEMORY})
    print(f"Machine: {machine_info()}")
    print("malloc: " + ("freed memory kept for reuse (" + ", ".join(f"{k}={v}" for k, v in KEEP_FREED_MEMORY.items())
                        + ")" if kept else "glibc defaults (run with --keep-freed-memory to keep freed memory)"))
    ref = load_reference("ps2")
    torch = _torch()
    print_table("GEMM roofline (float32)", gemm_rows(), ("shape", "time", "GFLOP/s"))
    print_table("Convolution, float32 (median of blocks; ratios to PyTorch)", conv_rows(ref, torch),
                ("shape", "plain fwd", "fast fwd", "GEMM fwd", "torch fwd", "plain/torch", "fast/torch",
                 "GEMM/torch", "plain fwd+bwd", "fast fwd+bwd", "3 GEMMs", "torch fwd+bwd", "plain/torch",
                 "fast/torch", "3 GEMMs/torch"))
    print("\nplain: the reference solution (solutions/ps2); fast: benchmarks/fast_layers.py, same layouts; "
          "GEMM: the matrix products alone on operands of the same shapes, the floor of any im2col convolution.")
    print_table("Naive loops vs reference (forward)", naive_row(ref), ("shape", "naive", "reference", "speed-up"))
    print_table("Max pool 2x2/2 forward+backward, float32", pool_rows(ref, torch),
                ("shape", "plain", "fast", "torch", "plain/torch", "fast/torch"))


if __name__ == "__main__":
    main()
