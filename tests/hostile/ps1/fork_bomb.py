"""Correct code that also tries to start processes (a background `sleep`, os.fork, threads) every
time conv_output_size runs: the sandbox allows none (RLIMIT_NPROC = 1), errors are swallowed, and
no process of the sandbox's user is left afterwards.

status: graded
score: full
checks: no_processes
limits: {"uid": 64102, "gid": 64102}
"""
# %% task1_1_conv_output_size
import os, subprocess, threading, time

def _spawn():
    for start in (lambda: subprocess.Popen(["sleep", "1000"]),
                  lambda: os.fork() or (time.sleep(1000), os._exit(0)),
                  lambda: threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()):
        try:
            start()
        except Exception:
            pass

def conv_output_size(input_size, filter_size, stride=1, pad=0):
    _spawn()
    span = input_size + 2 * pad - filter_size
    if stride < 1 or pad < 0 or span < 0 or span % stride:
        raise ValueError(f"invalid: input_size={input_size}, filter_size={filter_size}, stride={stride}, pad={pad}")
    return int(span // stride + 1)
