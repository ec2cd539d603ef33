"""scripts/neo4j_local.sh without starting a server: usage, status, env, stop of nothing, a busy port.
(Starting, killing, restarting and stopping a real server is tests/test_neo4j_outage.py.)"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

from tests.neo4j_server import SCRIPT, free_port


def _run(*args: str, instance: Path, port: int, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "SOTAGRAPH_NEO4J_DIR": str(instance), "SOTAGRAPH_NEO4J_BOLT_PORT": str(port), **env}
    return subprocess.run(["bash", str(SCRIPT), *args], env=full, capture_output=True, text=True, timeout=120)


def test_usage_is_exit_2(tmp_path: Path) -> None:
    proc = _run("frobnicate", instance=tmp_path, port=free_port())
    assert proc.returncode == 2 and "usage:" in proc.stderr


def test_status_of_a_stopped_instance_is_exit_3_and_stop_is_a_no_op(tmp_path: Path) -> None:
    port = free_port()
    status = _run("status", instance=tmp_path / "inst", port=port)
    assert status.returncode == 3 and status.stdout.startswith("not running")
    stop = _run("stop", instance=tmp_path / "inst", port=port)
    assert stop.returncode == 0 and "not running" in stop.stderr


def test_a_stale_pid_file_is_not_trusted(tmp_path: Path) -> None:
    """A pid file naming some other process (here: this test) never makes `stop` kill it."""
    run_dir = tmp_path / "inst" / "run"
    run_dir.mkdir(parents=True)
    (run_dir / "neo4j.pid").write_text(str(os.getpid()))
    proc = _run("stop", instance=tmp_path / "inst", port=free_port())
    assert proc.returncode == 0 and "not running" in proc.stderr
    assert not (run_dir / "neo4j.pid").exists()


def test_env_prints_the_connection_settings(tmp_path: Path) -> None:
    proc = _run("env", instance=tmp_path, port=17001, NEO4J_PASSWORD="p@ss word")
    assert proc.returncode == 0
    out = subprocess.run(["bash", "-c", proc.stdout + '\necho "$NEO4J_URI|$NEO4J_USER|$NEO4J_PASSWORD|$NEO4J_DATABASE"'],
                         capture_output=True, text=True).stdout.strip()
    assert out == "bolt://127.0.0.1:17001|neo4j|p@ss word|neo4j"


def test_start_on_a_busy_port_fails_fast_and_clearly(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        proc = _run("start", instance=tmp_path / "inst", port=port)
    assert proc.returncode == 1
    assert f"port 127.0.0.1:{port} is already in use" in proc.stderr
    assert not (tmp_path / "inst" / "run" / "neo4j.pid").exists()
