"""Small fixes, each with its test: the Bolt port test.sh chooses when 7687 is taken, and model keys shown
as code without Markdown escapes."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.ui import md_code
from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "neo4j_local.sh"


def _script(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "SOTAGRAPH_NEO4J_BOLT_PORT"}
    return subprocess.run(["bash", str(SCRIPT), *args], env={**full, **env}, capture_output=True, text=True,
                          timeout=60)


@pytest.fixture
def default_port_taken() -> Iterator[None]:
    """127.0.0.1:7687 answers (our listener, or whatever already holds it)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", 7687))
        sock.listen()
    except OSError:
        pass  # taken already: just as good
    yield
    sock.close()


def test_a_taken_default_port_gives_a_free_one_and_env_agrees(default_port_taken: None, tmp_path: Path) -> None:
    proc = _script("port", SOTAGRAPH_NEO4J_DIR=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    port = int(proc.stdout.strip())
    assert port != 7687
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # free indeed
    env = _script("env", SOTAGRAPH_NEO4J_DIR=str(tmp_path), SOTAGRAPH_NEO4J_BOLT_PORT=str(port))
    assert f"export NEO4J_URI=bolt://127.0.0.1:{port}" in env.stdout


def test_an_explicit_port_is_kept(default_port_taken: None, tmp_path: Path) -> None:
    proc = _script("port", SOTAGRAPH_NEO4J_DIR=str(tmp_path), SOTAGRAPH_NEO4J_BOLT_PORT="7687")
    assert proc.stdout.strip() == "7687"  # asked for: `start` then says the port is in use


def test_test_sh_exports_the_chosen_port_before_starting_neo4j() -> None:
    lines = (ROOT / "scripts" / "test.sh").read_text().splitlines()
    choose = next(i for i, line in enumerate(lines) if "neo4j_local.sh port" in line)
    start = next(i for i, line in enumerate(lines) if "neo4j_local.sh start" in line)
    env = next(i for i, line in enumerate(lines) if "neo4j_local.sh env" in line)
    assert choose < start < env
    assert any(line.strip() == "export SOTAGRAPH_NEO4J_BOLT_PORT" for line in lines[choose:start])


def test_model_keys_show_as_code_without_escapes() -> None:
    assert md_code("linklm-7b") == "`linklm-7b`"
    assert md_code("a_b*c[d](e)") == "`a_b*c[d](e)`"
    assert md_code("x`y") == "``x`y``"
    assert md_code("`edge`") == "`` `edge` ``"
