"""The same reference kernels on CuPy (GPU) against NumPy (CPU), on the same machine.

Needs CuPy and a CUDA GPU (requirements-gpu.txt); without them it says so and measures nothing.
Run: `.venv/bin/python -m benchmarks.gpu`.
"""
from __future__ import annotations

import numpy as np

from autograder.reference import load_reference
from benchmarks.common import compare, fmt_ms, machine_info, print_table
from convnets.backend import cupy_available, to_device


def main():
    print(f"Machine: {machine_info()}")
    if not cupy_available():
        print("\nNo CuPy or no CUDA GPU on this machine: GPU benchmark not run.")
        return
    import cupy  # noqa: PLC0415

    ref = load_reference("ps2")
    rng = np.random.default_rng(0)
    n, c, h, w, f, k = 128, 64, 32, 32, 64, 3
    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    wt = (0.1 * rng.standard_normal((f, c, k, k))).astype(np.float32)
    b = np.zeros(f, np.float32)
    dout = rng.standard_normal((n, f, h, w)).astype(np.float32)
    gx, gw, gb, gd = (to_device(a) for a in (x, wt, b, dout))

    def cpu():
        _, cache = ref.conv_forward(x, wt, b, stride=1, pad=1)
        ref.conv_backward(dout, cache)

    def gpu():
        _, cache = ref.conv_forward(gx, gw, gb, stride=1, pad=1)
        ref.conv_backward(gd, cache)
        cupy.cuda.Device().synchronize()

    t = compare({"numpy": cpu, "cupy": gpu}, repeats=3)
    print_table("Conv forward+backward, N=128, C=64, 32x32, 64 filters 3x3, float32",
                [(fmt_ms(t["numpy"]), fmt_ms(t["cupy"]), f"{t['numpy'] / t['cupy']:.1f}x")],
                ("NumPy", "CuPy", "speed-up (target >= 20x)"))


if __name__ == "__main__":
    main()
