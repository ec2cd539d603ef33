"""Run the real app in the foreground for ``sotagraph dashboard`` (:func:`serve_foreground`, which stops
the server when it is told to stop). The browser test and the render benchmark drive the app through
``benchmarks/devsupport/app_driver.py``, which is not part of the package."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
log = logging.getLogger(__name__)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the kernel sends the server SIGTERM if the process that started it dies, even by SIGKILL."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def serve_foreground(cmd: Sequence[str], env: dict[str, str], *, grace_s: float = 10.0) -> int:
    """Run the server as a child in a process group of its own; on SIGTERM, SIGINT or SIGHUP stop the whole
    group (SIGKILL after ``grace_s``), wait for it, and return. Without this the server would outlive the
    command (re-parented to PID 1) and keep the port. Returns the server's exit code, or 0 when stopped."""
    proc = subprocess.Popen(list(cmd), env=env, start_new_session=True,
                            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    stop: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        if not stop:
            log.info("received %s: stopping the dashboard server (pid %d)", signal.Signals(signum).name, proc.pid)
        stop.append(signum)
        _signal_group(proc, signal.SIGTERM)

    previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
    try:
        deadline = None
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if stop and deadline is None:
                    deadline = time.monotonic() + grace_s
                if deadline is not None and time.monotonic() > deadline:
                    _signal_group(proc, signal.SIGKILL)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc.poll() is None:  # an exception of our own: never leave the server behind
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
    _signal_group(proc, signal.SIGKILL)  # anything the server itself started and left in its group
    return 0 if stop else code
