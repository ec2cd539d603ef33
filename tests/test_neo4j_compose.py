"""docker-compose.yml, checked by the real compose tool (``docker compose config``; no engine needed),
and its image commands against the README and the CLI they call."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tracker.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"


def _compose() -> list[str]:
    """``docker compose`` (v2 plugin) if present, else Debian's ``docker-compose``; skip (fail in CI) if neither."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    reason = "no compose tool (`docker compose` plugin, or Debian's docker-compose: apt-get install docker-compose)"
    if os.environ.get("CI"):
        pytest.fail(f"CI must check docker-compose.yml: {reason}")
    pytest.skip(reason)


def _clean_env() -> dict[str, str]:
    """The environment without our variables: compose must take them from the env file alone."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SOTAGRAPH_", "COMPOSE_"))}


def _config(env_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_compose(), "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config"],
                          capture_output=True, text=True, env=_clean_env(), cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    proc = _config(ENV_EXAMPLE)
    assert proc.returncode == 0, proc.stderr
    return yaml.safe_load(proc.stdout)


def _env_example() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in ENV_EXAMPLE.read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#"))
    return {k.strip(): v.strip() for k, v in pairs}


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def _ports(service: dict[str, Any]) -> list[str]:
    """``HOST_IP:PUBLISHED:TARGET`` whichever shape the tool printed (v1 strings, v2 mappings)."""
    out = []
    for p in service.get("ports") or []:
        out.append(f"{p.get('host_ip', '')}:{p.get('published')}:{p.get('target')}" if isinstance(p, dict) else str(p))
    return out


def _mounts(service: dict[str, Any]) -> list[str]:
    return [f"{v.get('source')}:{v.get('target')}" if isinstance(v, dict) else str(v)
            for v in service.get("volumes") or []]


def test_compose_file_is_valid_and_has_the_three_services(config: dict[str, Any]) -> None:
    assert set(config["services"]) == {"neo4j", "dashboard", "ingest"}
    assert {"neo4j-data", "neo4j-logs", "sotagraph-home"} <= set(config["volumes"])


def test_neo4j_service_is_5_26_community_with_volumes_auth_from_env_and_a_bolt_healthcheck(
        config: dict[str, Any]) -> None:
    neo4j = config["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5\.26(\.\d+)?-community", neo4j["image"])
    password = _env_example()["NEO4J_PASSWORD"]
    env = _environment(neo4j)
    assert env["NEO4J_AUTH"] == f"neo4j/{password}"
    assert env["NEO4J_server_memory_heap_max__size"] == _env_example()["NEO4J_HEAP"]
    mounts = " ".join(_mounts(neo4j))
    assert "neo4j-data:/data" in mounts and "neo4j-logs:/logs" in mounts
    test = " ".join(neo4j["healthcheck"]["test"])
    assert "cypher-shell" in test and "RETURN 1" in test
    assert all(p.startswith("127.0.0.1:") for p in _ports(neo4j)), "published on loopback only"


def test_dashboard_and_ingest_wait_for_a_healthy_neo4j_and_use_the_same_password(config: dict[str, Any]) -> None:
    password = _env_example()["NEO4J_PASSWORD"]
    for name in ("dashboard", "ingest"):
        service = config["services"][name]
        assert service["depends_on"]["neo4j"]["condition"] == "service_healthy"
        env = _environment(service)
        assert env["SOTAGRAPH_GRAPH"] == "neo4j" and env["NEO4J_URI"] == "bolt://neo4j:7687"
        assert env["NEO4J_PASSWORD"] == password


def test_the_images_commands_are_real_cli_invocations(config: dict[str, Any]) -> None:
    dashboard = config["services"]["dashboard"]["command"]
    assert dashboard[0] == "sotagraph"
    args = build_parser().parse_args(dashboard[1:])
    assert (args.command, args.address, args.port) == ("dashboard", "0.0.0.0", 8501)
    assert any(p.startswith("127.0.0.1:8501:8501") for p in _ports(config["services"]["dashboard"]))
    ingest = " ".join(config["services"]["ingest"]["command"])
    script = re.search(r"python (\S+\.py)", ingest)
    assert script and (ROOT / script.group(1)).is_file(), ingest
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY scripts ./scripts" in dockerfile and "pip install ." in dockerfile


def test_a_missing_password_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("")
    proc = _config(empty)
    assert proc.returncode != 0
    assert "set NEO4J_PASSWORD in .env" in proc.stderr


def _readme_compose_lines() -> list[list[str]]:
    """The words after ``docker compose`` of every such line inside a fenced code block of the README."""
    lines, fenced = [], False
    for raw in (ROOT / "README.md").read_text().splitlines():
        if raw.lstrip().startswith("```"):
            fenced = not fenced
            continue
        line = raw.split(" # ")[0].strip()
        if fenced and line.startswith("docker compose "):
            lines.append(shlex.split(line)[2:])
    return lines


def test_the_readme_commands_match_the_compose_file(config: dict[str, Any]) -> None:
    readme = (ROOT / "README.md").read_text()
    lines = _readme_compose_lines()
    assert any(words[:2] == ["up", "-d"] for words in lines), "the README shows `docker compose up -d`"
    assert config["services"]["neo4j"]["image"] in readme, "the README names the Neo4j image the file runs"
    services = set(config["services"])
    parser = build_parser()
    for words in lines:
        sub, rest = words[0], [w for w in words[1:] if not w.startswith("-")]
        if sub in ("run", "exec", "logs"):
            assert rest and rest[0] in services, f"README: docker compose {' '.join(words)}"
            cli = rest[1:]
            if sub in ("run", "exec") and cli and cli[0] == "sotagraph":
                tail = words[words.index("sotagraph") + 1:]
                parser.parse_args(tail)  # a real subcommand with real flags (SystemExit otherwise)
