"""A train() that walks the training set in its stored order every epoch (the subset is sorted by
digit, so each epoch ends on a run of 9s) and uses a learning rate 100x too small.

expect: wrong
fails: task3_2_train_test_protocol, task3_2_train_test_accuracy
"""
# %% task3_2_train patch
# - old
def train(model, data, epochs=4, batch_size=50, learning_rate=2e-3, seed=0, progress=True):
# + new
def train(model, data, epochs=4, batch_size=50, learning_rate=2e-5, seed=0, progress=True):

# - old
        order = xp.asarray(rng.permutation(n))                    # a fresh order every epoch
# + new
        order = xp.arange(n)
