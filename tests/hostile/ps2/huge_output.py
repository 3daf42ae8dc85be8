"""Prints 50 MB at import and in every max_pool_forward call, and tries to write 50 MB files:
nothing reaches the grader (stdout is /dev/null in the sandbox, files are capped at 16 MiB),
full marks.

status: graded
score: full
checks: quiet_grader
"""
# %% task2_3_max_pool_forward
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
    print(_BIG)
    N, C, H, W = x.shape
    oh, ow = conv_output_size(H, pool_h, stride, 0), conv_output_size(W, pool_w, stride, 0)
    out = None
    for p in range(pool_h):
        for q in range(pool_w):
            part = x[:, :, p:p + stride * (oh - 1) + 1:stride, q:q + stride * (ow - 1) + 1:stride]
            out = part.copy() if out is None else np.maximum(out, part)
    return out, (x, pool_h, pool_w, stride)
