"""`make bench`: every benchmark, one after the other (each prints its own tables)."""
from __future__ import annotations

import importlib

MODULES = ["benchmarks.kernels", "benchmarks.training", "benchmarks.gpu", "benchmarks.book_build"]


def main():
    for name in MODULES:
        print(f"\n# {name}")
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
