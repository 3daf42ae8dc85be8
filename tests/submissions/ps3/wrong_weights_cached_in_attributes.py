"""The weights are kept as attributes (self.W1, ...) that loss() reads: overwriting
model.params[k] has no effect, so the tests' parameters (and any optimizer that assigns new arrays)
are ignored.

expect: wrong
fails: task3_1_simple_convnet_test_scores_loss, task3_1_simple_convnet_test_gradcheck
"""
# %% task3_1_simple_convnet patch
# - old
            "b3": np.zeros(num_classes, dtype=self.dtype),
        }
# + new
            "b3": np.zeros(num_classes, dtype=self.dtype),
        }
        for k, v in self.params.items():
            setattr(self, k, v)

# - old
        p = self.params
# + new
        p = {k: getattr(self, k) for k in ("W1", "b1", "W2", "b2", "W3", "b3")}
