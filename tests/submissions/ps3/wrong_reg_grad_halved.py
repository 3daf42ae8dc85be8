"""The regularization gradient written as 0.5 * reg * W (the factor of the loss copied into the
gradient).

expect: wrong
fails: task3_1_simple_convnet_test_regularization, task3_1_simple_convnet_test_gradcheck
"""
# %% task3_1_simple_convnet patch
# - old
        grads = {"W3": hidden.T @ dscores + self.reg * p["W3"], "b3": dscores.sum(axis=0)}
# + new
        grads = {"W3": hidden.T @ dscores + 0.5 * self.reg * p["W3"], "b3": dscores.sum(axis=0)}

# - old
        grads["W2"] = flat.T @ dhidden + self.reg * p["W2"]
# + new
        grads["W2"] = flat.T @ dhidden + 0.5 * self.reg * p["W2"]

# - old
        grads["W1"] = dW1 + self.reg * p["W1"]
# + new
        grads["W1"] = dW1 + 0.5 * self.reg * p["W1"]
