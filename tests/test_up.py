"""`sotagraph up` offline: one line about the network and the snapshot option, then it serves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_up_without_network_still_serves(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "SOTAGRAPH_HOME": str(tmp_path / "h"), "SOTAGRAPH_GRAPH": "embedded",
           "SOTAGRAPH_ARXIV_API_URL": "http://127.0.0.1:9/api/query", "SOTAGRAPH_HTTP_RETRIES": "0",
           "SOTAGRAPH_REQUEST_INTERVAL": "0", "SOTAGRAPH_EMBED": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "tracker.cli", "--no-progress", "up", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        body = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                    body = resp.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert body == "ok", "the dashboard did not come up"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot fetch from arXiv" in errors[0] and "--from FILE" in errors[0]
    assert f"serving the dashboard on http://127.0.0.1:{port}" in out
