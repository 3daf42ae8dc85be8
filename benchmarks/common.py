"""Timing done the way that gives stable ratios on a small machine.

Timing two libraries alternately call by call inflates both (each library's idle worker threads keep
spinning). So each side runs in its own block, after a short pause, and the blocks are cycled a few
times; we report the median of every side and the ratio of medians.
"""
from __future__ import annotations

import os
import platform
import statistics
import time

import numpy as np


def machine_info() -> str:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu)
    except OSError:
        pass
    parts = [f"{cpu} ({len(os.sched_getaffinity(0))} cores)", f"Python {platform.python_version()}",
             f"NumPy {np.__version__}"]
    try:
        import torch  # noqa: PLC0415

        parts.append(f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads)")
    except ImportError:
        parts.append("PyTorch not installed")
    return ", ".join(parts)


def time_block(fn, repeats: int) -> list[float]:
    fn()                                     # warm up (allocations, caches, lazy imports)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def compare(sides: dict, repeats: int = 5, cycles: int = 3, pause: float = 0.2) -> dict[str, float]:
    """Median seconds per call of each side, each timed in its own blocks, cycled."""
    samples: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(cycles):
        for name, fn in sides.items():
            time.sleep(pause)
            samples[name] += time_block(fn, repeats)
    return {name: statistics.median(ts) for name, ts in samples.items()}


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1e3:9.2f} ms"


def print_table(title: str, rows: list[tuple], header: tuple) -> None:
    print(f"\n## {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
