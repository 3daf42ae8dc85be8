"""The gradient of 0.5 * reg * W**2 taken as 2 * reg * W (the 0.5 dropped in the loss's derivative
but the loss itself is right).

expect: wrong
fails: task3_1_simple_convnet_test_regularization, task3_1_simple_convnet_test_gradcheck
"""
# %% task3_1_simple_convnet patch
# - old
        grads = {"W3": hidden.T @ dscores + self.reg * p["W3"], "b3": dscores.sum(axis=0)}
# + new
        grads = {"W3": hidden.T @ dscores + 2 * self.reg * p["W3"], "b3": dscores.sum(axis=0)}

# - old
        grads["W2"] = flat.T @ dhidden + self.reg * p["W2"]
# + new
        grads["W2"] = flat.T @ dhidden + 2 * self.reg * p["W2"]

# - old
        grads["W1"] = dW1 + self.reg * p["W1"]
# + new
        grads["W1"] = dW1 + 2 * self.reg * p["W1"]
