"""Failure reasons reach the nightly log; secrets never reach any message (URIs included); a Neo4j
lockout after wrong passwords reads as a lockout."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tracker.redact import RedactingFilter, redact

SCRIPT = ROOT / "scripts" / "nightly_ingest.py"


def test_redact_masks_uri_passwords_and_secret_values(monkeypatch: pytest.MonkeyPatch) -> None:
    assert redact("cannot reach bolt://neo4j:secret@host:7687 now") == "cannot reach bolt://neo4j:***@host:7687 now"
    assert redact("'neo4j+s://u:p%40ss@db.example.org'") == "'neo4j+s://u:***@db.example.org'"
    assert redact("http://example.org/a@b and bolt://host:7687") == "http://example.org/a@b and bolt://host:7687"
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter22")
    monkeypatch.setenv("NEO4J_AUTH", "neo4j/other-secret")
    assert redact("password hunter22 and other-secret") == "password *** and ***"
    assert redact("a b", secrets=["a"]) == "a b"  # too short to search for: would mask ordinary words


def test_log_records_leave_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter22")
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "connect %s with %s", ("bolt://u:pw@h", "hunter22"),
                               None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "connect bolt://u:***@h with ***"


def _nightly(home: Path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "SOTAGRAPH_HOME": str(home), "SOTAGRAPH_EMBED": "0", "SOTAGRAPH_REQUEST_INTERVAL": "0",
            "SOTAGRAPH_HTTP_RETRIES": "0", **env}
    return subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, env=full, timeout=600)


def test_nightly_log_holds_the_failure_reason(tmp_path: Path) -> None:
    home = tmp_path / "h"
    proc = _nightly(home, SOTAGRAPH_GRAPH="embedded", SOTAGRAPH_ARXIV_API_URL="http://127.0.0.1:9/api/query")
    assert proc.returncode == 1
    log = (home / "logs" / "nightly.log").read_text()
    failed = [line for line in log.splitlines() if "nightly ingest failed with exit code 1" in line]
    assert failed and "cannot fetch from arXiv" in failed[0], log[-2000:]


def test_password_in_neo4j_uri_is_masked_everywhere(tmp_path: Path) -> None:
    home = tmp_path / "h"
    proc = _nightly(home, SOTAGRAPH_GRAPH="neo4j", NEO4J_URI="bolt://neo4j:Sup3rS3cret@127.0.0.1:9",
                    NEO4J_PASSWORD="")
    log = (home / "logs" / "nightly.log").read_text()
    assert proc.returncode == 1
    for text in (proc.stderr, proc.stdout, log):
        assert "Sup3rS3cret" not in text
    assert "bolt://neo4j:***@127.0.0.1:9" in proc.stderr and "Traceback" not in proc.stderr
    assert "NEO4J_USER and NEO4J_PASSWORD" in proc.stderr
    failed = [line for line in log.splitlines() if "nightly ingest failed" in line]
    assert failed and "bolt://neo4j:***@127.0.0.1:9" in failed[0]
    cli = run_cli("stats", env={"SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": "neo4j",
                                "NEO4J_URI": "neo4j://admin:Sup3rS3cret@127.0.0.1:9"})
    assert cli.returncode == 1 and "Sup3rS3cret" not in cli.stderr and "neo4j://admin:***@" in cli.stderr


@pytest.mark.neo4j
def test_neo4j_lockout_reads_as_a_lockout() -> None:
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("no Neo4j: run `scripts/neo4j_local.sh start` and export NEO4J_URI/NEO4J_PASSWORD")
    from neo4j import GraphDatabase

    from graph.neo4j_store import Neo4jStore
    from graph.store import StoreUnavailable

    uri, password = os.environ["NEO4J_URI"], os.environ.get("NEO4J_PASSWORD", "")
    user = "lockout_probe"  # a user of its own: locking out `neo4j` would fail the tests after this one
    with GraphDatabase.driver(uri, auth=(os.environ.get("NEO4J_USER", "neo4j"), password)) as admin:
        admin.execute_query(f"CREATE OR REPLACE USER {user} SET PASSWORD 'the-right-one' CHANGE NOT REQUIRED",
                            database_="system")
        try:
            messages = []
            for _ in range(6):  # Neo4j locks a user after dbms.security.auth_max_failed_attempts (3) failures
                with pytest.raises(StoreUnavailable) as err:
                    Neo4jStore(uri, user, "a-wrong-password", read_only=True)
                messages.append(str(err.value))
        finally:
            admin.execute_query(f"DROP USER {user} IF EXISTS", database_="system")
    assert "refused the credentials" in messages[0]
    locked = [m for m in messages if "locked out" in m]
    assert locked and "AuthenticationRateLimit" in locked[-1] and "refused a query" not in " ".join(messages)
    assert all("\n" not in m for m in messages)
