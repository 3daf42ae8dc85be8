"""The regularization gradient written as 0.5 * reg * W (the factor of the loss copied into the
gradient).

expect: wrong
fails: task3_1_simple_convnet_test_regularization, task3_1_simple_convnet_test_gradcheck
"""
# %% task3_1_simple_convnet
class SimpleConvNet:
    def __init__(self, input_dim=(1, 28, 28), num_filters=30, filter_size=5, hidden_dim=100,
                 num_classes=10, weight_scale=0.01, reg=0.0, dtype=np.float32, seed=None):
        C, H, W = input_dim
        rng = np.random.default_rng(seed)
        self.input_dim = tuple(input_dim)
        self.num_classes = num_classes
        self.reg = reg
        self.dtype = dtype
        self.pad = (filter_size - 1) // 2
        self.params = {
            "W1": (weight_scale * rng.standard_normal((num_filters, C, filter_size, filter_size))).astype(dtype),
            "b1": np.zeros(num_filters, dtype=dtype),
            "W2": (weight_scale * rng.standard_normal((num_filters * (H // 2) * (W // 2), hidden_dim))).astype(dtype),
            "b2": np.zeros(hidden_dim, dtype=dtype),
            "W3": (weight_scale * rng.standard_normal((hidden_dim, num_classes))).astype(dtype),
            "b3": np.zeros(num_classes, dtype=dtype),
        }

    def loss(self, X, y=None):
        if X.ndim != 4 or X.shape[1:] != self.input_dim:
            raise ValueError(f"X has shape {X.shape}, expected (N,) + {self.input_dim}")
        xp = get_array_module(X)
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]
        N = X.shape[0]

        a1, conv_cache = conv_forward(X, W1, b1, stride=1, pad=self.pad)
        r1 = xp.maximum(a1, 0)
        p1, pool_cache = max_pool_forward(r1, 2, 2, 2)
        f = p1.reshape(N, -1)
        a2 = f @ W2 + b2
        r2 = xp.maximum(a2, 0)
        scores = r2 @ W3 + b3
        if y is None:
            return scores
        if y.shape != (N,):
            raise ValueError(f"y has shape {y.shape}, expected ({N},)")
        if y.min() < 0 or y.max() >= self.num_classes:
            raise ValueError(f"labels must be in [0, {self.num_classes}), got {y.min()} to {y.max()}")

        z = scores - scores.max(axis=1, keepdims=True)
        log_probs = z - xp.log(xp.exp(z).sum(axis=1, keepdims=True))
        loss = -log_probs[xp.arange(N), y].mean()
        loss += 0.5 * self.reg * (xp.sum(W1 * W1) + xp.sum(W2 * W2) + xp.sum(W3 * W3))

        dscores = xp.exp(log_probs)
        dscores[xp.arange(N), y] -= 1
        dscores /= N
        grads = {}
        grads["W3"] = r2.T @ dscores + 0.5 * self.reg * W3
        grads["b3"] = dscores.sum(axis=0)
        da2 = (dscores @ W3.T) * (a2 > 0)
        grads["W2"] = f.T @ da2 + 0.5 * self.reg * W2
        grads["b2"] = da2.sum(axis=0)
        dp1 = (da2 @ W2.T).reshape(p1.shape)
        dr1 = max_pool_backward(dp1, pool_cache)
        da1 = dr1 * (a1 > 0)
        _, dW1, db1 = conv_backward(da1, conv_cache)
        grads["W1"] = dW1 + 0.5 * self.reg * W1
        grads["b1"] = db1
        return loss, grads
