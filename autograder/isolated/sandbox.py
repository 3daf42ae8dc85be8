"""The sandbox that student code runs in: one bubblewrap container per process, killed as a whole.

What is enforced, and how (``Limits`` holds the numbers; every one can be changed per call):

* **Filesystem** — a new mount namespace (bwrap) whose root is an empty tmpfs holding, read-only:
  /usr (with the /lib, /lib64, /bin links), the Python installation (``sys.base_prefix``), the
  virtual environment (``sys.prefix``), the course package ``convnets`` (its own folder only) and
  the runner's files (runner.py, runner_proxy.py, handles.py, wire.py, codec.py) under /opt/runner. The grading
  toolchain is masked with empty read-only tmpfs even where it sits inside those trees (``nbgrader``,
  ``autograder``). Never
  bound: the repository (solutions/, autograder/, tests/, assignments/), /etc, /home, /root, the
  host's /tmp, gradebooks, other submissions. Writable: a private /tmp and an empty working
  directory /sandbox, each a tmpfs of ``tmpfs_bytes``. /dev holds only null, zero, random, urandom;
  /proc is the sandbox's own (it shows only the sandbox's processes).
* **Identity** — started as root (CI, a grading server), the runner drops to ``uid``/``gid``
  (65534, "nobody") with no supplementary groups before any student code runs, under
  no_new_privs and with every capability gone (bwrap keeps only CAP_SETUID/SETGID for that drop).
  Started as another user, bwrap runs in a new user namespace instead (nested ones disabled).
* **Network** — a new, empty network namespace (not even a loopback that is up).
* **Processes** — a new PID namespace: killing its init (bwrap's reaper) after each test cell kills
  every process the student started; ``--die-with-parent`` does the same if the grader dies.
  RLIMIT_NPROC = ``nproc`` (default 1: no new process or thread; it counts per uid, which is why the
  runner must not stay root). A seccomp filter (seccomp.py) refuses unshare, setns, mount and friends, ptrace,
  bpf, keyctl, perf_event_open, userfaultfd, io_uring and new namespaces through clone.
* **Memory and disk** — RLIMIT_AS = ``memory_bytes`` (2 GiB) for each process, RLIMIT_FSIZE =
  ``fsize_bytes`` (16 MiB) per file, the two tmpfs of ``tmpfs_bytes`` each, RLIMIT_CORE = 0,
  RLIMIT_NOFILE = ``nofile``. Messages from the sandbox larger than ``max_message_bytes`` are refused.
* **Time** — every exchange with the runner has a deadline: the end of the test cell being run
  (``test_timeout_s``) or of the whole notebook (``timeout_s``), whichever comes first; RLIMIT_CPU
  (``timeout_s`` + 10 s) backs it up inside the sandbox.
* **Output** — the runner points fds 0-2 at /dev/null before running student code: nothing the
  student prints reaches the grader (the two talk over a socketpair passed as one fd).
* **IPC, hostname** — new IPC and UTS namespaces.

If ``bwrap`` is missing or cannot start, ``GradingError`` is raised: never an unsandboxed run.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..errors import GradingError
from ..sandboxed import wire
from .seccomp import seccomp_program

# The runner's package, bound whole; inside the sandbox it is the top-level package `sandboxed`.
RUNNER_PACKAGE = Path(__file__).resolve().parent.parent / "sandboxed"
RUNNER_ROOT = "/opt/grader"
MASKED_PACKAGES = ("nbgrader", "autograder")


@dataclasses.dataclass
class Limits:
    timeout_s: float = 900.0                 # wall clock for the whole notebook
    test_timeout_s: float = 180.0            # wall clock for one test cell (within timeout_s)
    memory_bytes: int = 2 << 30              # RLIMIT_AS of each sandboxed process
    nproc: int = 1                           # RLIMIT_NPROC of the sandbox uid
    fsize_bytes: int = 16 << 20              # RLIMIT_FSIZE
    tmpfs_bytes: int = 64 << 20              # size of /tmp and of /sandbox (each)
    nofile: int = 256                        # RLIMIT_NOFILE
    cpu_s: int | None = None                 # RLIMIT_CPU; default timeout_s + 10
    max_message_bytes: int = 512 << 20       # largest reply accepted from the sandbox
    uid: int = 65534
    gid: int = 65534

    @classmethod
    def make(cls, limits=None) -> Limits:
        if isinstance(limits, cls):
            return limits
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown = set(limits or {}) - fields
        if unknown:
            raise GradingError(f"unknown limits {sorted(unknown)}; known: {sorted(fields)}")
        return cls(**(limits or {}))


class StudentProcessError(BaseException):
    """The student's process died, timed out or broke the protocol. A BaseException, so that test
    code's ``except Exception`` cannot swallow it."""


class SandboxTimeout(StudentProcessError):
    """The deadline (of the test cell or of the notebook) passed while waiting for the student's
    process."""


class SandboxDied(StudentProcessError):
    """The student's process ended (os._exit, a signal, the memory limit, ...)."""


# ------------------------------------------------------------------------------------ bwrap
def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def _inside(path: Path, roots) -> bool:
    return any(path == r or r in path.parents for r in roots)


def bwrap_path() -> str:
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise GradingError("isolated grading needs bubblewrap (`bwrap`): install it with "
                           "`apt-get install bubblewrap` (`make sysdeps` does)")
    return bwrap


def bwrap_command(limits: Limits, fds: dict) -> list[str]:
    bwrap = bwrap_path()
    trees = [Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()]
    convnets = _package_dir("convnets")
    if convnets is None:
        raise GradingError("the course package `convnets` is not importable")
    binds = [t for t in trees if not _inside(t, [Path("/usr")])]
    if not _inside(convnets, binds + [Path("/usr")]):
        binds.append(convnets)
    cmd = [bwrap, "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv",
           "--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            cmd += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            cmd += ["--ro-bind", top, top]
    # The private /tmp and /sandbox come before the binds: a course checked out under /tmp (a CI
    # clone) keeps its venv and package visible, bound read-only on top of the empty tmpfs.
    for d in ("/tmp", "/sandbox"):
        cmd += ["--perms", "1777", "--size", str(limits.tmpfs_bytes), "--tmpfs", d]
    parents = sorted({str(p) for b in binds for p in b.parents if str(p) not in ("/", "/tmp")}, key=len)
    for p in parents:
        cmd += ["--perms", "0755", "--dir", p]
    for b in binds:
        cmd += ["--ro-bind", str(b), str(b)]
    for name in MASKED_PACKAGES:
        found = _package_dir(name)
        for d in ([found] if found else []) + [t / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
                                                / "site-packages" / name for t in trees]:
            if _inside(d, binds) and d.exists():
                cmd += ["--tmpfs", str(d), "--remount-ro", str(d)]
    cmd += ["--proc", "/proc", "--perms", "0755", "--dir", "/dev"]
    for dev in ("null", "zero", "random", "urandom"):
        cmd += ["--dev-bind", f"/dev/{dev}", f"/dev/{dev}"]
    cmd += ["--perms", "0755", "--dir", "/opt", "--perms", "0755", "--dir", RUNNER_ROOT,
            "--ro-bind", str(RUNNER_PACKAGE), f"{RUNNER_ROOT}/sandboxed"]
    # The runner's package, then convnets where it really is (only its own folder is bound there),
    # whatever way the course package was installed.
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8",
           "PYTHONPATH": f"{RUNNER_ROOT}:{convnets.parent}",
           "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/matplotlib"}
    for k, v in env.items():
        cmd += ["--setenv", k, v]
    if os.geteuid() == 0:
        cmd += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        cmd += ["--unshare-user", "--disable-userns"]
    if "seccomp" in fds:
        cmd += ["--seccomp", str(fds["seccomp"])]
    cmd += ["--info-fd", str(fds["info"]), "--chdir", "/sandbox"]
    rlimits = {"RLIMIT_AS": limits.memory_bytes, "RLIMIT_NPROC": limits.nproc,
               "RLIMIT_FSIZE": limits.fsize_bytes, "RLIMIT_NOFILE": limits.nofile, "RLIMIT_CORE": 0,
               "RLIMIT_CPU": limits.cpu_s or int(math.ceil(limits.timeout_s)) + 10}
    spec = json.dumps({"rlimits": rlimits, "uid": limits.uid, "gid": limits.gid})
    return cmd + [interpreter(), "-B", "-s", "-m", "sandboxed.runner", str(fds["socket"]), spec]


def interpreter() -> str:
    """The Python to start in the sandbox, by a path that exists there: the venv's own `python`
    (so that the venv's packages are found) under the venv's resolved path."""
    if sys.prefix != sys.base_prefix:
        return str(Path(sys.prefix).resolve() / "bin" / "python")
    return str(Path(sys.executable).resolve())


class Sandbox:
    """One sandboxed runner process and the socket to it."""

    def __init__(self, limits: Limits, deadline: float):
        self.limits, self.deadline = limits, deadline
        self.proc = self.sock = None
        self.child_pid: int | None = None
        self.dead: str | None = None         # why it can no longer be used

    def start(self, init: dict):
        """Start the process and send it the code; return its "ready" message (and buffers)."""
        bwrap_path()                                 # GradingError without bwrap, before any fd is open
        parent, child = socket.socketpair()
        info_r, info_w = os.pipe()
        fds = {"socket": child.fileno(), "info": info_w}
        program = seccomp_program()
        if program is not None:
            sec_r, sec_w = os.pipe()
            os.write(sec_w, program)
            os.close(sec_w)
            fds["seccomp"] = sec_r
        self._stderr = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen(bwrap_command(self.limits, fds), pass_fds=list(fds.values()),
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=self._stderr, start_new_session=True)
        except BaseException:
            parent.close()
            self._stderr.close()
            raise
        finally:
            child.close()
            for key, fd in fds.items():
                if key != "socket":
                    os.close(fd)
        self.sock = parent
        self._info_fd = info_r
        try:
            hello, _ = wire.recv(self.sock, min(self.deadline, time.monotonic() + 60))
            if "hello" not in hello:
                raise wire.WireError("no hello")
        except (wire.WireError, wire.Timeout, EOFError, OSError) as exc:
            status = self.exit_status()     # bwrap or the runner failed before any student code ran
            tail = self.stderr_tail()
            self.kill()
            raise GradingError(f"the sandbox did not start ({type(exc).__name__}, {status}): {tail}") from None
        self._read_info()
        wire.send(self.sock, init, [])
        reply, buffers = self.receive()
        if not reply.get("ready"):
            raise GradingError(f"unexpected first message from the runner: {str(reply)[:200]}")
        return reply, buffers

    def _read_info(self) -> None:
        if self.child_pid is not None or self._info_fd is None:
            return
        try:
            os.set_blocking(self._info_fd, False)
            data = os.read(self._info_fd, 4096)
            self.child_pid = int(json.loads(data)["child-pid"])
        except (OSError, ValueError, KeyError, TypeError):
            pass

    def stderr_tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read(4000).decode(errors="replace").strip() or "(no message)"

    def send(self, msg, buffers) -> None:
        if self.dead:
            raise SandboxDied(self.dead)
        try:
            wire.send(self.sock, msg, buffers)
        except OSError:
            pass                         # it died: receive() says how

    def receive(self):
        try:
            return wire.recv(self.sock, self.deadline, self.limits.max_message_bytes)
        except wire.Timeout:
            self.kill()
            self.dead = "the time limit was reached"
            raise SandboxTimeout(self.dead) from None
        except (EOFError, OSError):
            self.dead = f"the student's process ended ({self.exit_status()})"
            self.kill()
            raise SandboxDied(self.dead) from None
        except wire.WireError as exc:
            self.kill()
            self.dead = f"the student's process sent an invalid reply ({exc})"
            raise SandboxDied(self.dead) from None

    def exit_status(self) -> str:
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "no exit status"
        if code < 0 or code > 128:
            sig = -code if code < 0 else code - 128
            name = signal.Signals(sig).name if sig in signal.valid_signals() else str(sig)
            limit = name in ("SIGKILL", "SIGXCPU", "SIGSEGV", "SIGABRT")
            return f"killed by {name}" + (" - the memory or CPU limit?" if limit else "")
        return f"exit code {code}"

    def kill(self) -> None:
        """Kill every process of the sandbox and wait until they are gone."""
        if self.proc is None:
            return
        self._read_info()
        if self.sock is not None:
            self.sock.close()
        if self.child_pid is not None and self.proc.poll() is None:
            try:
                os.kill(self.child_pid, signal.SIGKILL)   # the PID namespace's init: all die with it
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        if self._info_fd is not None:
            os.close(self._info_fd)
            self._info_fd = None
        self._stderr.close()
        self.proc = None
        self.dead = self.dead or "the sandbox was closed"
