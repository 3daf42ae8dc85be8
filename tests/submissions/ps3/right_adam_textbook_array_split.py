"""Adam written the textbook way (bias-corrected m_hat and v_hat, new arrays assigned to
model.params), batches from np.array_split of the permutation, the epoch loss weighted by batch size,
one progress bar over the epochs, and accuracies computed with its own helper in one pass.

expect: right
"""
# %% task3_2_train
def train(model, data, epochs=4, batch_size=50, learning_rate=2e-3, seed=0, progress=True):
    def acc(X, y):
        return float(np.mean(np.argmax(model.loss(X), axis=1) == y))

    rng = np.random.default_rng(seed)
    X_train, y_train = data["X_train"], data["y_train"]
    n = len(y_train)
    n_batches = int(np.ceil(n / batch_size))
    b1, b2, eps = 0.9, 0.999, 1e-8
    m = {k: np.zeros_like(p) for k, p in model.params.items()}
    v = {k: np.zeros_like(p) for k, p in model.params.items()}
    t = 0
    history = {"train_loss": [], "train_acc": [], "val_acc": []}
    for _ in tqdm(range(epochs), file=sys.stdout, disable=not progress):
        weighted = 0.0
        for idx in np.array_split(rng.permutation(n), n_batches):
            loss, grads = model.loss(X_train[idx], y_train[idx])
            weighted += float(loss) * len(idx)
            t += 1
            for k, g in grads.items():
                m[k] = b1 * m[k] + (1 - b1) * g
                v[k] = b2 * v[k] + (1 - b2) * g * g
                m_hat = m[k] / (1 - b1 ** t)
                v_hat = v[k] / (1 - b2 ** t)
                model.params[k] = model.params[k] - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
        history["train_loss"].append(weighted / n)
        history["train_acc"].append(acc(X_train, y_train))
        history["val_acc"].append(acc(data["X_val"], data["y_val"]))
    return history
