"""grade-all on a real Dask cluster: a `dask scheduler` and two `dask worker` processes on 127.0.0.1
grade a class of ps2 notebooks (catalog entries, hostile ones included) exactly as the embedded
default does; a worker killed mid-run costs nothing; a scheduler killed mid-run ends the run, and a
re-run on a new cluster finishes the class, grading only what was missing.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests import hostile
from tests.catalog import build_submission, entries
from tests.conftest import ROOT, run_cli

PS = "ps2"
BIN = Path(sys.executable).parent
LIMITS = ["--test-time-limit", "10", "--time-limit", "120"]
HOSTILE = ["infinite_loop_in_forward", "fake_passed_output", "os_exit_in_backward", "odd_cache_contents",
           "monkeypatch_gradcheck", "read_oracles"]


def make_class(folder: Path) -> list[str]:
    """16 students: every right and some wrong catalog entries of ps2, and hostile notebooks."""
    students = []
    catalog = entries(PS)
    picked = [e for e in catalog if e.expect == "right"] + [e for e in catalog if e.expect == "wrong"][:4]
    for e in picked:
        (folder / e.name).mkdir(parents=True)
        build_submission(PS, e.cells, folder / e.name / "ps2_conv_pool.ipynb")
        students.append(e.name)
    for e in hostile.entries(PS):
        if e.name in HOSTILE:
            (folder / e.name).mkdir(parents=True)
            hostile.build(e, folder / e.name / "ps2_conv_pool.ipynb")
            students.append(e.name)
    assert len(students) >= 16
    return students


class Cluster:
    """A scheduler and two single-threaded workers on 127.0.0.1, started with Dask's own commands."""

    def __init__(self, folder: Path):
        self.file = folder / "scheduler.json"
        self.file.unlink(missing_ok=True)
        log = open(folder / "cluster.log", "ab")
        self.scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                           "--no-dashboard", "--scheduler-file", str(self.file)],
                                          stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 60
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = [subprocess.Popen([str(BIN / "dask"), "worker", self.address, "--nworkers", "1",
                                          "--nthreads", "1", "--no-dashboard", "--preload",
                                          "autograder.batch.worker"], stdout=log, stderr=log,
                                         start_new_session=True, cwd=ROOT) for _ in range(2)]
        self.wait_for_workers(2)

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client  # noqa: PLC0415

        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(n, timeout=120)

    def worker_process(self, i: int) -> psutil.Process:
        """The process that runs worker i's tasks (a child of its nanny)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            kids = [p for p in psutil.Process(self.workers[i].pid).children(recursive=True)
                    if "multiprocessing" not in " ".join(p.cmdline()) or "spawn" in " ".join(p.cmdline())]
            if kids:
                return kids[0]
            time.sleep(0.2)
        raise AssertionError("the worker process did not start")

    def stop(self) -> None:
        for p in [*self.workers, self.scheduler]:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()


def grade_all(subs: Path, out: Path, *extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "autograder", "grade-all", PS, str(subs), "--out", str(out),
                             "--no-course", "--no-progress", *LIMITS, *extra], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def results(out: Path) -> list[str]:
    return sorted(p.stem for p in (out / "results").glob("*.json"))


def wait_for_results(out: Path, n: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 300
    while len(results(out)) < n:
        assert proc.poll() is None, f"the run ended before {n} results: {proc.stderr.read()[-2000:]}"
        assert time.monotonic() < deadline
        time.sleep(0.1)


@pytest.mark.slow
def test_a_real_cluster_grades_like_the_embedded_one_through_a_killed_worker_and_scheduler(tmp_path):
    subs = tmp_path / "subs"
    students = make_class(subs)
    embedded = run_cli("grade-all", PS, subs, "--out", tmp_path / "embedded", "--no-course", "--no-progress",
                       "--workers", "2", *LIMITS, timeout=1200)
    assert embedded.returncode == 0, embedded.stderr[-3000:]
    want = (tmp_path / "embedded" / "grades.csv").read_bytes()
    rows = {r.split(",")[0]: r for r in want.decode().splitlines()[1:]}
    assert sorted(rows) == sorted(students)
    assert rows["infinite_loop_in_forward"].split(",")[2] == "11"     # the pooling tests kept their points

    cluster = Cluster(tmp_path)
    try:
        # The same class on the cluster, one worker killed (kill -9) while it grades.
        out = tmp_path / "cluster"
        proc = grade_all(subs, out, "--scheduler", cluster.address)
        wait_for_results(out, 3, proc)
        victim = cluster.worker_process(0)
        victim.kill()
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        assert (out / "grades.csv").read_bytes() == want
        run = json.loads((out / "report.json").read_text())["run"]
        assert run["scheduler"] == cluster.address and sorted(run["graded_this_run"]) == sorted(students)
        assert results(out) == sorted(students)           # one result each: nothing lost, nothing twice

        # The scheduler killed mid-run: the run stops with a message, what finished is kept. The run
        # starts from a class half graded (the folder above, every other result removed), so that
        # only half the class is graded again.
        kept = sorted(students)[1::2]
        out = tmp_path / "restarted"
        shutil.copytree(tmp_path / "cluster", out)
        for sid in sorted(students)[::2]:
            (out / "results" / f"{sid}.json").unlink()
        assert results(out) == kept
        proc = grade_all(subs, out, "--scheduler", cluster.address)
        wait_for_results(out, len(kept) + 2, proc)
        cluster.scheduler.kill()
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 2 and "scheduler" in err, err[-2000:]
        done = results(out)
        assert len(kept) + 2 <= len(done) < len(students)
    finally:
        cluster.stop()

    # A new cluster: the re-run grades only what was missing, and the class is whole.
    cluster = Cluster(tmp_path)
    try:
        proc = grade_all(subs, out, "--scheduler", cluster.address)
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        run = json.loads((out / "report.json").read_text())["run"]
        assert run["reused"] == done and sorted(run["graded_this_run"]) == sorted(set(students) - set(done))
        assert (out / "grades.csv").read_bytes() == want
    finally:
        cluster.stop()
