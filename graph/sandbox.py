"""Operating-system walls for the embedded console worker: no network, files readable only where allowed.

Both are best effort and Linux-only: a kernel without Landlock, or a container that forbids new
namespaces, leaves the worker with the query filter, the read-only open and ``RLIMIT_FSIZE`` 0. What
was applied is logged at debug level and reported by :func:`confine`.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446  # the same on every Linux arch
_PR_SET_NO_NEW_PRIVS = 38
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000
_RULE_PATH_BENEATH = 1
_EXECUTE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 2, 1 << 3


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def no_network() -> bool:
    """Move this process into an empty network namespace (loopback down): no connection goes anywhere.

    Call it before the process starts threads (a new user namespace needs a single thread).
    """
    libc = _libc()
    if libc is None:
        return False
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    log.debug("no network namespace for the console worker (errno %d)", ctypes.get_errno())
    return False


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _handled_fs(abi: int) -> int:
    bits = (1 << 13) - 1  # EXECUTE .. MAKE_SYM
    if abi >= 2:
        bits |= 1 << 13  # REFER
    if abi >= 3:
        bits |= 1 << 14  # TRUNCATE
    if abi >= 5:
        bits |= 1 << 15  # IOCTL_DEV
    return bits


def confine(read_only_dirs: Iterable[Path]) -> bool:
    """Landlock: from now on this thread and those it starts may only read under ``read_only_dirs``
    (and Python's own library folders), write nowhere, and (ABI 4+) neither connect nor bind a TCP
    socket. Threads started earlier are not bound: call it before the engine starts its own."""
    libc = _libc()
    if libc is None:
        return False
    abi = libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        log.debug("Landlock is not available (errno %d)", ctypes.get_errno())
        return False
    attr = _RulesetAttr(_handled_fs(abi), 0b11 if abi >= 4 else 0)
    size = ctypes.sizeof(attr) if abi >= 4 else 8
    fd = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if fd < 0:
        log.debug("Landlock ruleset refused (errno %d)", ctypes.get_errno())
        return False
    try:
        libs = {Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
        rules = [(Path(d), _READ_FILE | _READ_DIR) for d in read_only_dirs]
        rules += [(p, _READ_FILE | _READ_DIR | _EXECUTE) for p in libs]
        for path, access in rules:
            try:
                dir_fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                rule = _PathBeneathAttr(access, dir_fd)
                if libc.syscall(_SYS_ADD_RULE, fd, _RULE_PATH_BENEATH, ctypes.byref(rule), ctypes.c_uint32(0)):
                    log.debug("Landlock rule for %s refused (errno %d)", path, ctypes.get_errno())
            finally:
                os.close(dir_fd)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) or libc.syscall(_SYS_RESTRICT_SELF, fd, ctypes.c_uint32(0)):
            log.debug("Landlock restrict_self failed (errno %d)", ctypes.get_errno())
            return False
    finally:
        os.close(fd)
    return True
