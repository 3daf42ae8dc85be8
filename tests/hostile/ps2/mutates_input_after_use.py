"""avg_pool_forward computes the right output and then scribbles on its input (x[..., 0, 0] += 1):
the caller's array changes, as it would in a shared kernel: the "x is not modified" test catches it,
and an example that reuses x sees the drift. The backward tests give the forward pass a copy of x
(their task is the backward pass), so they pass. nbgrader gives the same 18 points (the same two
cells fail).

status: graded
score: 18
"""
# %% task2_5_avg_pool_forward
def avg_pool_forward(x, pool_h=2, pool_w=2, stride=2):
    N, C, H, W = x.shape
    oh, ow = conv_output_size(H, pool_h, stride, 0), conv_output_size(W, pool_w, stride, 0)
    out = np.zeros((N, C, oh, ow), dtype=x.dtype)
    for p in range(pool_h):
        for q in range(pool_w):
            out += x[:, :, p:p + stride * oh:stride, q:q + stride * ow:stride][:, :, :oh, :ow]
    out /= pool_h * pool_w
    x[..., 0, 0] += 1
    return out, (x.shape, x.dtype, pool_h, pool_w, stride)
