"""The pieces of the isolated grader: the wire format (no pickle, types and layouts kept), the
proxies (objects that stay in the student's process, mutation written back, exceptions mapped),
callbacks to the grader's own objects (and what they refuse), and what the sandbox lets code see.

A small made-up assignment exercises them through the real engine (Grading) and a real sandbox.
"""
from __future__ import annotations

import io
import json

import numpy as np
import pytest

from autograder.cells.code import used_names
from autograder.course import ROOT
from autograder.isolated.engine import Grading
from autograder.isolated.plan import Plan, Step
from autograder.isolated.sandbox import Limits
from autograder.isolated.submission import Submission
from autograder.sandboxed import codec, wire


# ------------------------------------------------------------------------------------ wire
def roundtrip(value):
    enc = codec.Encoder(lambda v, e: (_ for _ in ()).throw(TypeError(type(v).__name__)))
    node = json.loads(json.dumps(enc(value)))
    return codec.Decoder([bytearray(b) for b in enc.buffers], lambda n, d: None)(node)


def test_wire_keeps_types_values_and_layouts():
    value = {"i": np.int64(7), "f": np.float32(0.5), "py": 3, "t": (1, 2.5, None, True, "s"), "c": 1 + 2j,
             "dtype": np.dtype("float32"), "type": np.float32, "slice": slice(1, None, 2), "e": Ellipsis}
    back = roundtrip(value)
    assert back == value and type(back["i"]) is np.int64 and type(back["f"]) is np.float32
    assert type(back["t"]) is tuple and back["type"] is np.float32
    base = np.arange(60.0).reshape(3, 4, 5)
    for a in (base, base[:, ::2, 1:4], base.transpose(2, 0, 1), base[::-1, :, ::-2], base.astype(np.float32).T):
        b = roundtrip(a)
        assert b.dtype == a.dtype and b.strides == a.strides and np.array_equal(a, b)
    ro = np.ones(3)
    ro.flags.writeable = False
    assert not roundtrip(ro).flags.writeable
    x = np.zeros(2)
    pair = roundtrip([x, x, {"x": x}])
    assert pair[0] is pair[1] is pair[2]["x"]              # aliasing kept within a message


def test_wire_refuses_pickles_and_odd_arrays():
    for bad in (np.array([object()], dtype=object), np.zeros(2, dtype=[("a", "i4")])):
        with pytest.raises(TypeError):
            codec.Encoder(lambda v, e: (_ for _ in ()).throw(TypeError("no")))(bad)
    f = io.BytesIO()
    np.save(f, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(wire.WireError):
        wire.read_npy(f.getvalue())
    with pytest.raises(wire.WireError):
        codec.Decoder([], lambda n, d: None)(json.loads("[" * 300 + "]" * 300))


def test_used_names_follows_statement_order_and_scopes():
    src = "x = f(x)\nfor k in model.params:\n    print(k)\ndef g(a):\n    b = a + c\n    return [i for i in b]\n"
    assert used_names(src) == {"f", "x", "model", "print", "c"}


# ------------------------------------------------------------------------------------ engine
STUDENT = '''
import os, sys, resource, socket

class BadThing(Exception):
    pass

class Model:
    def __init__(self, n=3, seed=0):
        self.params = {"W": np.random.default_rng(seed).standard_normal((n, 2))}
        self.calls = 0

    def loss(self, X):
        self.calls += 1
        return float(np.sum((X @ self.params["W"]) ** 2)), {"W": 2 * X.T @ (X @ self.params["W"])}

def scale_in_place(a, factor):
    a *= factor
    return a

def fill(d, rng):
    d["new"] = rng.standard_normal(2)
    d.setdefault("items", []).append(1)

def fail(kind):
    if kind == "value":
        raise ValueError("bad value 7")
    if kind == "key":
        raise KeyError("W9")
    raise BadThing("custom")

def use_test_object(obj, steps):
    import copy
    snapshot = copy.deepcopy(obj)               # the grader copies it: a separate object
    for _ in range(steps):
        loss, grads = obj.loss(np.ones((2, 3)))
        for k, p in obj.params.items():
            p -= 0.1 * grads[k]
        obj.params["W"] = obj.params["W"] + 0.0
        np.multiply(obj.params["W"], 1.0, out=obj.params["W"])
    assert float(snapshot.params["W"].sum()) == 6.0 and getattr(obj, "missing", "default") == "default"
    assert sorted(obj.params) == ["W"] and "W" in obj.params and len(obj.params) == 1
    return obj.seen()

def probe(obj):
    refused = []
    runner = object.__getattribute__(obj, "_runner")
    gid = object.__getattribute__(obj, "_gid")
    for attr in ("__class__", "__dict__", "_private"):
        try:
            runner.callback("getattr", gid, attr=attr)
        except PermissionError:
            refused.append(attr)
    w = obj.params["W"]
    for attr in ("tofile", "ctypes", "base", "dump"):
        try:
            runner.callback("getattr", object.__getattribute__(w, "_gid"), attr=attr)
        except PermissionError:
            refused.append(attr)
    return refused

def look_around():
    def ls(path):
        try:
            return sorted(os.listdir(path))
        except OSError as exc:
            return type(exc).__name__
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=2)
        net = "connected"
    except OSError as exc:
        net = type(exc).__name__
    return {"uid": os.getuid(), "root": ls("/"), "work": ls("@ROOT@"), "proc": ls("/proc"),
            "solutions": ls("@ROOT@/solutions"), "net": net, "cwd": os.getcwd(),
            "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0], "as": resource.getrlimit(resource.RLIMIT_AS)[0],
            "fsize": resource.getrlimit(resource.RLIMIT_FSIZE)[0], "stdout": os.readlink("/proc/self/fd/1")}
'''

# The repository's real path: the sandbox shows its .venv and convnets only, wherever it is cloned.
STUDENT = STUDENT.replace("@ROOT@", str(ROOT))

TESTS = {
    "t_make": '''
model = Model(n=3, seed=1)
assert isinstance(model, Model) and not isinstance(model, dict)
W = np.arange(6.0).reshape(3, 2)
model.params["W"] = W
assert np.array_equal(model.params["W"], W) and model.params["W"].shape == (3, 2)
loss, grads = model.loss(np.ones((1, 3)))
assert loss == float(np.sum((np.ones((1, 3)) @ W) ** 2)) and grads["W"].shape == (3, 2)
num = numerical_gradient(lambda: model.loss(np.ones((1, 3)))[0], model.params["W"])
assert rel_error(num, grads["W"]) < 1e-6, rel_error(num, grads["W"])
''',
    "t_later": '''
assert model.calls > 2 and sorted(model.params) == ["W"]
''',
    "t_mutation": '''
a = np.ones(4, dtype=np.float32)
b = scale_in_place(a, 3)
assert b is a and a.dtype == np.float32 and np.all(a == 3)
d, rng = {}, np.random.default_rng(5)
fill(d, rng)
expected = np.random.default_rng(5)
assert np.array_equal(d["new"], expected.standard_normal(2)) and d["items"] == [1]
assert rng.standard_normal() == expected.standard_normal()
''',
    "t_errors": '''
try:
    fail("value")
except ValueError as exc:
    assert str(exc) == "bad value 7"
try:
    fail("key")
except KeyError as exc:
    assert str(exc) == "'W9'"
fail("custom")
''',
    "t_callbacks": '''
class Spy:
    def __init__(self):
        self.params = {"W": np.ones((3, 2))}
        self.batches = []

    def loss(self, X):
        self.batches.append(X.shape)
        return 0.0, {"W": np.ones((3, 2))}

    def seen(self):
        return len(self.batches)

spy = Spy()
assert use_test_object(spy, 2) == 2 and np.allclose(spy.params["W"], 0.8)
assert sorted(probe(spy)) == sorted(["__class__", "__dict__", "_private", "tofile", "ctypes", "base", "dump"])
''',
    "t_sandbox": '''
seen = look_around()
assert seen["uid"] == 65534 and seen["cwd"] == "/sandbox" and seen["stdout"] == "/dev/null", seen
assert "solutions" not in seen["work"] and seen["solutions"] == "FileNotFoundError", seen
assert seen["work"] in ([".venv", "convnets"], ["convnets"]), seen      # .venv: when it lives there
assert seen["net"] in ("OSError", "ConnectionRefusedError") or "Error" in seen["net"], seen
assert len([p for p in seen["proc"] if p.isdigit()]) <= 3, seen["proc"]
assert seen["nproc"] == 1 and seen["as"] == 2 << 30 and seen["fsize"] == 16 << 20, seen
''',
}


def mini_plan() -> Plan:
    steps = [Step("test", gid, src, used_names(src), 1.0) for gid, src in TESTS.items()]
    imports = [("cell 0", "import numpy as np\nfrom convnets.gradcheck import numerical_gradient, rel_error\n")]
    names = {n: "t_code" for n in ("Model", "BadThing", "scale_in_place", "fill", "fail", "use_test_object",
                                   "probe", "look_around")}
    return Plan("mini", imports, ["t_code"], names, steps, [("t_code", None)])


@pytest.fixture(scope="module")
def mini_result():
    grading = Grading("mini", mini_plan(), Submission({"t_code": STUDENT}, [], set()), Limits(timeout_s=120))
    return {t.grade_id: t for t in grading.run().tests}


@pytest.mark.parametrize("gid", [g for g in TESTS if g != "t_errors"])
def test_mini_assignment(mini_result, gid):
    assert mini_result[gid].passed, mini_result[gid].message


def test_student_exceptions_keep_their_class_or_name(mini_result):
    assert not mini_result["t_errors"].passed
    assert mini_result["t_errors"].message == "BadThing: custom"
