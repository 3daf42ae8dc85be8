"""SGD with momentum (0.9) instead of Adam, with its own default learning rate (0.05), as the task
allows; velocity kept per parameter, batches from a permutation per epoch.

expect: right
"""
# %% task3_2_train
def train(model, data, epochs=4, batch_size=50, learning_rate=0.05, seed=0, progress=True, momentum=0.9):
    rng = np.random.default_rng(seed)
    X, y = data["X_train"], data["y_train"]
    velocity = {k: np.zeros_like(p) for k, p in model.params.items()}
    history = {"train_loss": [], "train_acc": [], "val_acc": []}
    for epoch in range(epochs):
        perm = rng.permutation(len(y))
        total, count = 0.0, 0
        for i in tqdm(range(0, len(y), batch_size), desc=f"epoch {epoch + 1}", file=sys.stdout,
                      disable=not progress):
            idx = perm[i:i + batch_size]
            loss, grads = model.loss(X[idx], y[idx])
            for k in model.params:
                velocity[k] = momentum * velocity[k] - learning_rate * grads[k]
                model.params[k] += velocity[k]
            total += float(loss)
            count += 1
        history["train_loss"].append(total / count)
        history["train_acc"].append(accuracy(model, X, y))
        history["val_acc"].append(accuracy(model, data["X_val"], data["y_val"]))
    return history
