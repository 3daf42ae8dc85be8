"""Prints 50 MB at import and 1 MB in every max_pool_forward call (thousands of calls: the gradient
checks call it once per input entry), and tries to write 50 MB files:
nothing reaches the grader (stdout is /dev/null in the sandbox, files are capped at 16 MiB),
full marks.

status: graded
score: full
checks: quiet_grader
"""
# %% task2_3_max_pool_forward patch
# - old
def max_pool_forward(x, pool_h=2, pool_w=2, stride=2):
# + new
import sys
_BIG = "x" * (50 << 20)
print(_BIG)
sys.stderr.write(_BIG)
for _path in ("/sandbox/big.txt", "/tmp/big.txt"):
    try:
        with open(_path, "w") as _f:
            _f.write(_BIG)
    except OSError:
        pass


def max_pool_forward(x, pool_h=2, pool_w=2, stride=2):
# - old
    N, C, H, W = x.shape
# + new
    print(_BIG[:1 << 20])
    N, C, H, W = x.shape
