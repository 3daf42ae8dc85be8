"""Layer helper functions (affine and ReLU forward/backward) at the top of the cell, and the
softmax loss with a one-hot label matrix: loss = -sum(Y * log_probs) / N, dscores = (probs - Y) / N.

expect: right
"""
# %% task3_1_simple_convnet
def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w + b
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    return dx, dw, dout.sum(axis=0)


def relu_forward(x):
    xp = get_array_module(x)
    return xp.maximum(x, 0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)


def softmax_loss(scores, y):
    xp = get_array_module(scores)
    N, K = scores.shape
    Y = (xp.arange(K)[None, :] == y[:, None]).astype(scores.dtype)
    shifted = scores - xp.max(scores, axis=1, keepdims=True)
    log_probs = shifted - xp.log(xp.sum(xp.exp(shifted), axis=1, keepdims=True))
    loss = -xp.sum(Y * log_probs) / N
    dscores = (xp.exp(log_probs) - Y) / N
    return loss, dscores


class SimpleConvNet:
    def __init__(self, input_dim=(1, 28, 28), num_filters=30, filter_size=5, hidden_dim=100,
                 num_classes=10, weight_scale=0.01, reg=0.0, dtype=np.float32, seed=None):
        C, H, W = input_dim
        self.input_dim = tuple(input_dim)
        self.num_classes = num_classes
        self.reg = reg
        self.dtype = dtype
        self.conv_pad = (filter_size - 1) // 2
        rng = np.random.default_rng(seed)
        shapes = [("W1", (num_filters, C, filter_size, filter_size)), ("b1", (num_filters,)),
                  ("W2", (num_filters * (H // 2) * (W // 2), hidden_dim)), ("b2", (hidden_dim,)),
                  ("W3", (hidden_dim, num_classes)), ("b3", (num_classes,))]
        self.params = {}
        for name, shape in shapes:
            if name.startswith("W"):
                self.params[name] = (rng.standard_normal(shape) * weight_scale).astype(dtype)
            else:
                self.params[name] = np.zeros(shape, dtype=dtype)

    def loss(self, X, y=None):
        if X.ndim != 4 or tuple(X.shape[1:]) != self.input_dim:
            raise ValueError(f"loss: X should be (N,) + {self.input_dim}, got {X.shape}")
        p = self.params
        out1, c1 = conv_forward(X, p["W1"], p["b1"], stride=1, pad=self.conv_pad)
        out2, c2 = relu_forward(out1)
        out3, c3 = max_pool_forward(out2, pool_h=2, pool_w=2, stride=2)
        out4, c4 = affine_forward(out3, p["W2"], p["b2"])
        out5, c5 = relu_forward(out4)
        scores, c6 = affine_forward(out5, p["W3"], p["b3"])
        if y is None:
            return scores
        if y.ndim != 1 or y.shape[0] != X.shape[0]:
            raise ValueError(f"loss: y should have shape ({X.shape[0]},), got {y.shape}")
        if (y < 0).any() or (y >= self.num_classes).any():
            raise ValueError(f"loss: labels must be 0..{self.num_classes - 1}, got {y.min()}..{y.max()}")
        loss, dscores = softmax_loss(scores, y)
        for k in ("W1", "W2", "W3"):
            loss = loss + 0.5 * self.reg * (p[k] * p[k]).sum()
        grads = {}
        d5, grads["W3"], grads["b3"] = affine_backward(dscores, c6)
        d4 = relu_backward(d5, c5)
        d3, grads["W2"], grads["b2"] = affine_backward(d4, c4)
        d2 = max_pool_backward(d3, c3)
        d1 = relu_backward(d2, c2)
        _, grads["W1"], grads["b1"] = conv_backward(d1, c1)
        for k in ("W1", "W2", "W3"):
            grads[k] = grads[k] + self.reg * p[k]
        return loss, grads
