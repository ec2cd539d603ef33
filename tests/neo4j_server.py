"""A dedicated real Neo4j for tests that stop or break the server (outage tests), started with
``scripts/neo4j_local.sh`` on a free loopback port, its data in the test's temp dir.

The jars come from the script's cache (``~/.cache/sotagraph/neo4j``; ``.ci/run`` fetches them), so
starting takes the JVM's start-up only (~10-20 s on 2 cores).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "neo4j_local.sh"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalNeo4j:
    """One server instance of the script: ``start``, ``stop``, ``kill`` (SIGKILL), by its own pid file."""

    def __init__(self, directory: Path, *, password: str = "test-secret", port: int | None = None) -> None:
        self.directory, self.password = directory, password
        self.port = port or free_port()
        self.env = {**os.environ, "SOTAGRAPH_NEO4J_DIR": str(directory), "SOTAGRAPH_NEO4J_BOLT_PORT": str(self.port),
                    "NEO4J_PASSWORD": password, "SOTAGRAPH_NEO4J_HEAP": "512m", "SOTAGRAPH_NEO4J_PAGECACHE": "128m"}

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def _script(self, command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", str(SCRIPT), command], env=self.env, capture_output=True, text=True,
                              timeout=timeout)

    def start(self) -> None:
        proc = self._script("start")
        if proc.returncode != 0:
            raise RuntimeError(f"scripts/neo4j_local.sh start failed: {proc.stderr[-1500:]}")

    def stop(self) -> None:
        self._script("stop", timeout=120)

    def pid(self) -> int | None:
        pid_file = self.directory / "run" / "neo4j.pid"
        return int(pid_file.read_text()) if pid_file.is_file() else None

    def kill(self) -> None:
        """SIGKILL the server (a crash, not a shutdown); the pid file is the script's own."""
        pid = self.pid()
        if pid is None:
            return
        os.kill(pid, 9)
        deadline = time.monotonic() + 30
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)

    def status(self) -> int:
        return self._script("status", timeout=60).returncode


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie (the server is not our child)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def require_local_neo4j() -> None:
    """Skip (or, in CI, fail) when this machine cannot start a Neo4j: no Java, or no jars and no Maven."""
    if shutil.which("java") is None:
        _unavailable("no `java` on PATH (Neo4j 5.26 needs Java 17 or 21)")
    cache = Path(os.environ.get("SOTAGRAPH_NEO4J_CACHE", Path.home() / ".cache" / "sotagraph" / "neo4j"))
    if not list(cache.glob("neo4j-*.classpath")) and shutil.which("mvn") is None:
        _unavailable("no Neo4j jars in the cache and no `mvn` to fetch them (scripts/neo4j_local.sh fetch)")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must be able to start Neo4j: {reason}")
    pytest.skip(reason)
