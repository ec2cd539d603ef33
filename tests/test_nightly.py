"""scripts/nightly_ingest.py: exit codes cron relies on, and its log file."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "nightly_ingest.py"


def _run(home: Path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": "embedded", "SOTAGRAPH_EMBED": "0", **env}
    return subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, env=full, timeout=600)


def test_success_exit_0_and_log_file(snapshot_path: Path, tmp_path: Path) -> None:
    snap = tmp_path / "day.jsonl.gz"
    with gzip.open(snapshot_path, "rt") as fh, gzip.open(snap, "wt") as out:
        for i, line in enumerate(fh):
            if i >= 200:
                break
            out.write(line)
    home = tmp_path / "h"
    proc = _run(home, SOTAGRAPH_SNAPSHOT=str(snap))
    assert proc.returncode == 0, proc.stderr[-1500:]
    log = (home / "logs" / "nightly.log").read_text()
    assert "nightly ingest finished with exit code 0" in log
    assert "neo4j_password" in log and "s3cret" not in log


def test_unreachable_arxiv_exit_1(tmp_path: Path) -> None:
    proc = _run(tmp_path / "h", SOTAGRAPH_ARXIV_API_URL="http://127.0.0.1:9/api/query", SOTAGRAPH_HTTP_RETRIES="0",
                SOTAGRAPH_REQUEST_INTERVAL="0", NEO4J_PASSWORD="s3cret")
    assert proc.returncode == 1
    assert "cannot fetch from arXiv" in proc.stderr
    assert "s3cret" not in proc.stderr
    assert "s3cret" not in (tmp_path / "h" / "logs" / "nightly.log").read_text()


def test_bad_configuration_exit_2(tmp_path: Path) -> None:
    proc = _run(tmp_path / "h", SOTAGRAPH_GRAPH="sqlite")
    assert proc.returncode == 2 and "SOTAGRAPH_GRAPH must be" in proc.stderr
