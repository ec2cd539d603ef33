"""Stopping ``sotagraph dashboard`` stops its Streamlit server: the port is free, the child is gone."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from devsupport.app_driver import free_port

from tests.conftest import ROOT


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    """Running (a zombie nobody reaped yet counts as gone: it holds no port)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _port_free(port: int) -> bool:
    """Nobody listens, and a new server can bind it (servers set SO_REUSEADDR, as Streamlit does: a
    closed connection's TIME_WAIT does not keep a port)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait(cond, timeout: float = 90) -> bool:  # noqa: ANN001 - a predicate
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.25)
    return False


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_streamlit_child(tmp_path: Path, sig: signal.Signals) -> None:
    port = free_port()
    env = {**os.environ, "SOTAGRAPH_HOME": str(tmp_path / "home"), "SOTAGRAPH_GRAPH": "embedded"}
    cli = subprocess.Popen([sys.executable, "-m", "tracker.cli", "--no-progress", "dashboard", "--port", str(port)],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    try:
        assert _wait(lambda: _healthy(port)), "the dashboard never answered"
        children = _children(cli.pid)
        assert children, "the server runs as a child of the command"
        cli.send_signal(sig)
        assert cli.wait(timeout=60) == 0
        assert _wait(lambda: not any(_alive(c) for c in children), 30), "the Streamlit child outlived the command"
        assert _wait(lambda: _port_free(port), 30), "the port is still taken"
    finally:  # never leave a server behind, whatever failed
        if cli.poll() is None:
            children += _children(cli.pid)
            cli.kill()
        for child in children:
            if _alive(child):
                os.kill(child, signal.SIGKILL)
