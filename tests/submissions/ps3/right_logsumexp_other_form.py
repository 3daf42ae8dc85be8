"""The loss written as the mean of (logsumexp - true score), with logsumexp = m + log(sum(exp(s - m))),
the probabilities as exp(s - logsumexp), and the ReLU masks kept as boolean arrays.

expect: right
"""
# %% task3_1_simple_convnet
class SimpleConvNet:
    def __init__(self, input_dim=(1, 28, 28), num_filters=30, filter_size=5, hidden_dim=100,
                 num_classes=10, weight_scale=0.01, reg=0.0, dtype=np.float32, seed=None):
        C, H, W = input_dim
        rng = np.random.default_rng(seed)
        self.C, self.H, self.W = C, H, W
        self.num_classes, self.reg, self.dtype = num_classes, reg, dtype
        self.pad = (filter_size - 1) // 2
        self.params = {}
        self.params["W1"] = (weight_scale * rng.standard_normal((num_filters, C, filter_size, filter_size))).astype(dtype)
        self.params["b1"] = np.zeros((num_filters,), dtype)
        self.params["W2"] = (weight_scale * rng.standard_normal((num_filters * H * W // 4, hidden_dim))).astype(dtype)
        self.params["b2"] = np.zeros((hidden_dim,), dtype)
        self.params["W3"] = (weight_scale * rng.standard_normal((hidden_dim, num_classes))).astype(dtype)
        self.params["b3"] = np.zeros((num_classes,), dtype)

    def loss(self, X, y=None):
        if len(X.shape) != 4 or X.shape[1] != self.C or X.shape[2] != self.H or X.shape[3] != self.W:
            raise ValueError(f"expected X of shape (N, {self.C}, {self.H}, {self.W}), got {X.shape}")
        xp = get_array_module(X)
        P = self.params
        N = len(X)
        conv, c_cache = conv_forward(X, P["W1"], P["b1"], 1, self.pad)
        mask1 = conv > 0
        pooled, p_cache = max_pool_forward(conv * mask1, 2, 2, 2)
        flat = pooled.reshape(N, -1)
        h_pre = flat.dot(P["W2"]) + P["b2"]
        mask2 = h_pre > 0
        h = h_pre * mask2
        scores = h.dot(P["W3"]) + P["b3"]
        if y is None:
            return scores
        if len(y) != N or y.ndim != 1:
            raise ValueError(f"expected {N} labels, got y of shape {y.shape}")
        bad = (y < 0) | (y >= self.num_classes)
        if bad.any():
            raise ValueError(f"labels out of range [0, {self.num_classes}): {y[bad]}")

        m = scores.max(axis=1)
        lse = m + xp.log(xp.sum(xp.exp(scores - m[:, None]), axis=1))
        data_loss = xp.mean(lse - scores[xp.arange(N), y])
        reg_loss = 0.5 * self.reg * (xp.sum(P["W1"] ** 2) + xp.sum(P["W2"] ** 2) + xp.sum(P["W3"] ** 2))
        loss = data_loss + reg_loss

        probs = xp.exp(scores - lse[:, None])
        probs[xp.arange(N), y] -= 1
        dscores = probs / N
        grads = {"b3": dscores.sum(0), "W3": h.T.dot(dscores) + self.reg * P["W3"]}
        dh_pre = dscores.dot(P["W3"].T) * mask2
        grads["b2"] = dh_pre.sum(0)
        grads["W2"] = flat.T.dot(dh_pre) + self.reg * P["W2"]
        dconv = max_pool_backward(dh_pre.dot(P["W2"].T).reshape(pooled.shape), p_cache) * mask1
        _, grads["W1"], grads["b1"] = conv_backward(dconv, c_cache)
        grads["W1"] = grads["W1"] + self.reg * P["W1"]
        return loss, grads
