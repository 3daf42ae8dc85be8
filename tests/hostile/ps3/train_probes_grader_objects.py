"""train() probes the model it is given before training it correctly. In the hidden test that model
is the grader's own stand-in (a SpyModel that records the batches): it lives in the grader, and the
student's code reaches it only through requests the grader checks. The probes go straight to that
channel (the runner's callback function, found through the proxy): private and dunder attributes
(__class__, __dict__, __globals__ of its method), an array's tofile and ctypes, a refused call.
Every one is refused; if any got through, the history would be wrong.

status: graded
score: full
tests: task3_2_train_test_protocol
"""
# %% task3_2_train
def _probe(model):
    got = []
    try:
        runner = object.__getattribute__(model, "_runner")
        gid = object.__getattribute__(model, "_gid")
    except AttributeError:                       # a model of the student's own: nothing to probe
        return got
    attempts = [("getattr", {"attr": "__class__"}), ("getattr", {"attr": "__dict__"}),
                ("getattr", {"attr": "_secret"}), ("setattr", {"attr": "__class__", "values": {"v": 1}})]
    for op, kw in attempts:
        try:
            got.append(runner.callback(op, gid, **kw))
        except Exception:
            pass
    try:
        loss = runner.callback("getattr", gid, attr="loss")
        got.append(runner.callback("getattr", object.__getattribute__(loss, "_gid"), attr="__globals__"))
    except Exception:
        pass
    for attr in ("tofile", "dump", "ctypes", "base"):
        try:
            w = model.params["W"]
            got.append(runner.callback("getattr", object.__getattribute__(w, "_gid"), attr=attr))
        except Exception:
            pass
    try:
        got.append(runner.callback("call", object.__getattribute__(model.params, "_gid"), args=(), kwargs={}))
    except Exception:
        pass
    return got


def train(model, data, epochs=6, batch_size=50, learning_rate=1e-3, seed=0, progress=True):
    leaked = _probe(model)
    X_train, y_train = data["X_train"], data["y_train"]
    n = X_train.shape[0]
    rng = np.random.default_rng(seed)
    m = {k: np.zeros_like(p) for k, p in model.params.items()}
    v = {k: np.zeros_like(p) for k, p in model.params.items()}
    step = 0
    history = {"train_loss": [], "train_acc": [], "val_acc": []}
    for epoch in range(epochs):
        order = rng.permutation(n)
        losses = []
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            loss, grads = model.loss(X_train[batch], y_train[batch])
            losses.append(float(loss))
            step += 1
            for k, p in model.params.items():
                g = grads[k]
                m[k] = 0.9 * m[k] + 0.1 * g
                v[k] = 0.999 * v[k] + 0.001 * g * g
                p -= learning_rate * (m[k] / (1 - 0.9 ** step)) / (np.sqrt(v[k] / (1 - 0.999 ** step)) + 1e-8)
        history["train_loss"].append(sum(losses) / len(losses) + 100 * len(leaked))
        history["train_acc"].append(accuracy(model, X_train, y_train))
        history["val_acc"].append(accuracy(model, data["X_val"], data["y_val"]))
    return history
