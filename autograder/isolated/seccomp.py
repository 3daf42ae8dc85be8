"""The seccomp filter of the sandbox (classic BPF, built here: no libseccomp needed).

Refused with EPERM: unshare, setns, mount/umount2/pivot_root/chroot and the new mount API, ptrace,
process_vm_readv/writev, keyctl/add_key/request_key, bpf, perf_event_open, userfaultfd, io_uring,
kexec, kernel modules, reboot, swapon/swapoff, acct, quotactl, personality, open_by_handle_at;
clone with any namespace flag; clone3 answers ENOSYS (libc then falls back to clone, which is
checked). x32 system calls and foreign architectures are refused too. On a machine other than
x86_64 or aarch64 there is no filter (the other limits still hold).
"""
from __future__ import annotations

import platform
import struct

_NS_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80
_SYSCALLS = {  # arch: (AUDIT_ARCH, clone, clone3, refused syscalls)
    "x86_64": (0xC000003E, 56, 435, [272, 308, 165, 166, 155, 161, 101, 310, 311, 250, 248, 249, 321, 298,
                                     323, 428, 429, 430, 431, 432, 433, 442, 246, 320, 175, 313, 176, 169,
                                     167, 168, 163, 179, 425, 426, 427, 303, 304, 135]),
    "aarch64": (0xC00000B7, 220, 435, [97, 268, 40, 39, 41, 51, 117, 270, 271, 219, 217, 218, 280, 241,
                                       282, 428, 429, 430, 431, 432, 433, 442, 104, 294, 105, 273, 106, 142,
                                       224, 225, 89, 60, 425, 426, 427, 264, 265, 92]),
}


def seccomp_program() -> bytes | None:
    """A classic-BPF seccomp filter (see the module docstring), or None on an unknown machine."""
    arch = _SYSCALLS.get(platform.machine())
    if arch is None:
        return None
    audit, clone, clone3, refused = arch
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, kill, eperm, enosys = 0x7FFF0000, 0x80000000, 0x00050000 | 1, 0x00050000 | 38
    prog = [(ld, 0, 0, 4), (jeq, 1, 0, audit), (ret, 0, 0, kill), (ld, 0, 0, 0)]
    if platform.machine() == "x86_64":
        prog.append((jge, 0, 1, 0x40000000))             # x32 syscalls
        prog.append((ret, 0, 0, eperm))
    n_checks = len(refused)
    # layout after the checks: [clone3?] [clone?] [allow] [flags load] [jset] [allow] [eperm]
    for i, nr in enumerate(refused):
        prog.append((jeq, (n_checks - i - 1) + 7, 0, nr))  # -> the final eperm
    prog += [(jeq, 0, 1, clone3), (ret, 0, 0, enosys),
             (jeq, 1, 0, clone), (ret, 0, 0, allow),
             (ld, 0, 0, 16), (jset, 1, 0, _NS_FLAGS), (ret, 0, 0, allow), (ret, 0, 0, eperm)]
    return b"".join(struct.pack("<HBBI", *ins) for ins in prog)
