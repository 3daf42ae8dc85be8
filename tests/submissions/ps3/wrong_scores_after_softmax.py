"""Without labels, loss() returns the softmax probabilities instead of the raw scores.

expect: wrong
fails: task3_1_simple_convnet_test_scores_loss
"""
# %% task3_1_simple_convnet patch
# - old
            return scores
# + new
            e = xp.exp(scores - scores.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
