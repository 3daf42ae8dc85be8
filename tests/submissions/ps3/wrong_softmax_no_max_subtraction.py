"""Softmax straight from the scores, without subtracting the row maximum: e^score overflows for
large scores and the loss becomes inf or nan.

expect: wrong
fails: task3_1_simple_convnet_test_stability
"""
# %% task3_1_simple_convnet patch
# - old
        # Softmax cross-entropy, stable: subtract each row's maximum before exponentiating.
        shifted = scores - scores.max(axis=1, keepdims=True)
# + new
        # Softmax cross-entropy.
        shifted = scores
