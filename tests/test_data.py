"""convnets.data: the offline subset, and the full-data loaders on small files made here."""
from __future__ import annotations

import gzip
import hashlib
import io
import pickle
import tarfile
from pathlib import Path

import numpy as np
import pytest

from convnets import data


def test_subset_split_is_fixed_stratified_and_disjoint():
    d = data.load_mnist_subset()
    assert d["X_train"].shape == (3500, 1, 28, 28) and d["X_train"].dtype == np.float32
    assert d["X_val"].shape == (500, 1, 28, 28) and d["X_test"].shape == (1000, 1, 28, 28)
    for split, n in [("train", 350), ("val", 50), ("test", 100)]:
        assert np.bincount(d[f"y_{split}"], minlength=10).tolist() == [n] * 10
    assert 0.0 <= d["X_train"].min() and d["X_train"].max() <= 1.0
    # No image is in two splits (compare the raw pixels).
    seen = {x.tobytes() for x in d["X_test"]}
    assert not any(x.tobytes() in seen for x in d["X_train"][:500])
    again = data.load_mnist_subset()
    np.testing.assert_array_equal(again["y_train"], d["y_train"])
    other = data.load_mnist_subset(seed=1)
    assert not np.array_equal(other["X_train"], d["X_train"])


def test_subset_rejects_impossible_splits():
    with pytest.raises(ValueError, match="images per class"):
        data.load_mnist_subset(n_val_per_class=300, n_test_per_class=300)


def test_data_dir_comes_from_one_place(monkeypatch, tmp_path):
    monkeypatch.setenv("CONVNETS_DATA", str(tmp_path))
    assert data.data_dir() == tmp_path
    monkeypatch.delenv("CONVNETS_DATA")
    assert data.data_dir() == Path.home() / ".cache" / "convnets"


def _idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.fixture
def tiny_mnist(tmp_path):
    """A 6-train / 4-test MNIST in the real file format, served from a file:// 'server'."""
    server = tmp_path / "server"
    server.mkdir()
    rng = np.random.default_rng(0)
    arrays = {"train_images": rng.integers(0, 256, (6, 28, 28)), "train_labels": np.arange(6) % 10,
              "test_images": rng.integers(0, 256, (4, 28, 28)), "test_labels": np.array([9, 8, 7, 6])}
    files = {}
    for key, (filename, _md5sum) in data.MNIST_FILES.items():
        path = server / filename
        path.write_bytes(gzip.compress(_idx_bytes(np.asarray(arrays[key]))))
        files[key] = (filename, _md5(path))
    return server, files, arrays


def test_mnist_loader_downloads_verifies_and_caches(tiny_mnist, tmp_path):
    server, files, arrays = tiny_mnist
    cache = tmp_path / "cache"
    d = data.load_mnist(root=cache, base_url=server.as_uri() + "/", files=files)
    assert d["X_train"].shape == (6, 1, 28, 28) and d["X_train"].dtype == np.float32
    np.testing.assert_allclose(d["X_test"][:, 0] * 255, arrays["test_images"], atol=1e-4)
    assert d["y_test"].tolist() == [9, 8, 7, 6]
    # Cached: a second load works with the 'server' gone.
    for f in server.iterdir():
        f.unlink()
    again = data.load_mnist(root=cache, base_url=server.as_uri() + "/", files=files)
    np.testing.assert_array_equal(again["y_train"], d["y_train"])


def test_checksum_mismatch_is_refused(tiny_mnist, tmp_path):
    server, files, _ = tiny_mnist
    files = dict(files, train_images=(files["train_images"][0], "0" * 32))
    with pytest.raises(RuntimeError, match="checksum mismatch"):
        data.load_fashion_mnist(root=tmp_path / "c", base_url=server.as_uri() + "/", files=files)
    assert not list((tmp_path / "c").glob("*.part"))


def test_offline_gives_a_clear_error(tmp_path):
    with pytest.raises(RuntimeError, match="offline.*load_mnist_subset"):
        data.load_mnist(root=tmp_path, base_url="http://127.0.0.1:9/")


def test_corrupt_idx_file_is_named(tmp_path):
    bad = tmp_path / "bad.gz"
    bad.write_bytes(gzip.compress(b"\x00\x00\x0d\x01abc"))
    with pytest.raises(ValueError, match="bad.gz"):
        data.read_idx(bad)


def test_cifar10_loader_on_a_tiny_archive(tmp_path):
    server = tmp_path / "server"
    server.mkdir()
    rng = np.random.default_rng(1)
    archive = server / "cifar-10-python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, n in [(f"data_batch_{i}", 2) for i in range(1, 6)] + [("test_batch", 3)]:
            payload = pickle.dumps({b"data": rng.integers(0, 256, (n, 3072), dtype=np.uint8),
                                    b"labels": list(range(n))})
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    d = data.load_cifar10(root=tmp_path / "cache", base_url=server.as_uri() + "/",
                          file=(archive.name, _md5(archive)))
    assert d["X_train"].shape == (10, 3, 32, 32) and d["X_test"].shape == (3, 3, 32, 32)
    assert d["y_test"].tolist() == [0, 1, 2] and d["X_train"].dtype == np.float32
