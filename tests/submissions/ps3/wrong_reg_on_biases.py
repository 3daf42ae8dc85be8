"""L2 regularization applied to every parameter, biases included (loss and gradients agree, so
the gradient check alone cannot see it).

expect: wrong
fails: task3_1_simple_convnet_test_regularization
"""
# %% task3_1_simple_convnet patch
# - old
        weights = (p["W1"], p["W2"], p["W3"])
# + new
        weights = tuple(p.values())

# - old
        grads["W1"] = dW1 + self.reg * p["W1"]
# + new
        grads["W1"] = dW1 + self.reg * p["W1"]
        for k in ("b1", "b2", "b3"):
            grads[k] = grads[k] + self.reg * p[k]
