"""A train() that walks the training set in its stored order every epoch (the subset is sorted by
digit, so each epoch ends on a run of 9s) and uses a learning rate 100x too small.

expect: wrong
fails: task3_2_train_test_protocol, task3_2_train_test_accuracy
"""
# %% task3_2_train
def train(model, data, epochs=4, batch_size=50, learning_rate=2e-5, seed=0, progress=True):
    X, y = data["X_train"], data["y_train"]
    n = X.shape[0]
    m = {k: np.zeros_like(p) for k, p in model.params.items()}
    v = {k: np.zeros_like(p) for k, p in model.params.items()}
    t = 0
    history = {"train_loss": [], "train_acc": [], "val_acc": []}
    for epoch in range(epochs):
        losses = []
        for start in tqdm(range(0, n, batch_size), file=sys.stdout, disable=not progress):
            loss, grads = model.loss(X[start:start + batch_size], y[start:start + batch_size])
            losses.append(float(loss))
            t += 1
            for k in model.params:
                m[k] = 0.9 * m[k] + 0.1 * grads[k]
                v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
                m_hat = m[k] / (1 - 0.9 ** t)
                v_hat = v[k] / (1 - 0.999 ** t)
                model.params[k] -= learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8)
        history["train_loss"].append(float(np.mean(losses)))
        history["train_acc"].append(accuracy(model, X, y))
        history["val_acc"].append(accuracy(model, data["X_val"], data["y_val"]))
    return history
