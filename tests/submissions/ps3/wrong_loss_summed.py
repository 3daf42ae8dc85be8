"""Cross-entropy summed over the batch instead of averaged (gradients consistent with the sum).

expect: wrong
fails: task3_1_simple_convnet_test_initial_loss, task3_1_simple_convnet_test_scores_loss
"""
# %% task3_1_simple_convnet patch
# - old
        loss = -log_probs[rows, y].mean() + 0.5 * self.reg * sum(xp.sum(w * w) for w in weights)
# + new
        loss = -log_probs[rows, y].sum() + 0.5 * self.reg * sum(xp.sum(w * w) for w in weights)

# - old
        dscores /= N
# + new
