"""Finds the maximum with a running '>=' comparison: at a tie the LAST maximum wins.

expect: wrong
fails: task2_4_max_pool_backward_test_examples, task2_4_max_pool_backward_test_ties
"""
# %% task2_4_max_pool_backward
def max_pool_backward(dout, cache):
    x, pool_h, pool_w, stride = cache
    N, C, H, W = x.shape
    OH, OW = dout.shape[2:]
    def part(p, q):
        return (slice(None), slice(None), slice(p, p + stride * (OH - 1) + 1, stride),
                slice(q, q + stride * (OW - 1) + 1, stride))
    offsets = [(p, q) for p in range(pool_h) for q in range(pool_w)]
    best = x[part(0, 0)].copy()
    where = np.zeros(best.shape, dtype=int)
    for k, (p, q) in enumerate(offsets):
        better = x[part(p, q)] >= best
        best[better] = x[part(p, q)][better]
        where[better] = k
    dx = np.zeros_like(x)
    for k, (p, q) in enumerate(offsets):
        dx[part(p, q)] += np.where(where == k, dout, 0)
    return dx
