"""A different but valid initialization: rng.normal(0, weight_scale, size) drawn last layer first
(so the weights differ from the reference's for the same seed), biases from zeros_like; the flatten
written with explicit sizes; y checked with np.any on a comparison.

expect: right
"""
# %% task3_1_simple_convnet
class SimpleConvNet:
    def __init__(self, input_dim=(1, 28, 28), num_filters=30, filter_size=5, hidden_dim=100,
                 num_classes=10, weight_scale=0.01, reg=0.0, dtype=np.float32, seed=None):
        C, H, W = input_dim
        self.input_dim = (C, H, W)
        self.F = num_filters
        self.num_classes = num_classes
        self.reg = reg
        self.dtype = dtype
        self.pad = filter_size // 2
        rng = np.random.default_rng(seed)
        W3 = rng.normal(0.0, weight_scale, size=(hidden_dim, num_classes)).astype(dtype)
        W2 = rng.normal(0.0, weight_scale, size=(num_filters * (H // 2) * (W // 2), hidden_dim)).astype(dtype)
        W1 = rng.normal(0.0, weight_scale, size=(num_filters, C, filter_size, filter_size)).astype(dtype)
        self.params = {"W1": W1, "b1": np.zeros_like(W1[:, 0, 0, 0]),
                       "W2": W2, "b2": np.zeros_like(W2[0]),
                       "W3": W3, "b3": np.zeros_like(W3[0])}

    def loss(self, X, y=None):
        C, H, W = self.input_dim
        if X.ndim != 4 or X.shape[1:] != (C, H, W):
            raise ValueError(f"X must be (N, {C}, {H}, {W}), not {X.shape}")
        xp = get_array_module(X)
        W1, W2, W3 = self.params["W1"], self.params["W2"], self.params["W3"]
        N = X.shape[0]
        c, cache_c = conv_forward(X, W1, self.params["b1"], stride=1, pad=self.pad)
        r = xp.where(c > 0, c, xp.zeros_like(c))
        pl, cache_p = max_pool_forward(r)
        flat = pl.reshape(N, self.F * (H // 2) * (W // 2))
        z = flat @ W2 + self.params["b2"]
        h = xp.where(z > 0, z, xp.zeros_like(z))
        s = h @ W3 + self.params["b3"]
        if y is None:
            return s
        if y.shape != (N,):
            raise ValueError(f"y must have shape ({N},), not {y.shape}")
        if xp.any(y >= self.num_classes) or xp.any(y < 0):
            raise ValueError(f"y has labels outside 0..{self.num_classes - 1}: {y.min()} .. {y.max()}")
        s_max = s.max(axis=1, keepdims=True)
        lse = xp.log(xp.exp(s - s_max).sum(axis=1, keepdims=True)) + s_max
        logp = s - lse
        n_idx = xp.arange(N)
        loss = -logp[n_idx, y].sum() / N + 0.5 * self.reg * ((W1 ** 2).sum() + (W2 ** 2).sum() + (W3 ** 2).sum())
        ds = xp.exp(logp)
        ds[n_idx, y] -= 1
        ds /= N
        dh = ds @ W3.T
        dz = xp.where(z > 0, dh, xp.zeros_like(dh))
        dpl = (dz @ W2.T).reshape(pl.shape)
        dr = max_pool_backward(dpl, cache_p)
        dc = xp.where(c > 0, dr, xp.zeros_like(dr))
        _, dW1, db1 = conv_backward(dc, cache_c)
        return loss, {"W1": dW1 + self.reg * W1, "b1": db1,
                      "W2": flat.T @ dz + self.reg * W2, "b2": dz.sum(axis=0),
                      "W3": h.T @ ds + self.reg * W3, "b3": ds.sum(axis=0)}
