"""The whole 74,728-paper snapshot into Neo4j gives exactly the counts of the embedded store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_store, run_cli

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def _backfill_and_stats(env: dict[str, str], snapshot: Path) -> dict:
    proc = run_cli("backfill", "--from", str(snapshot), "--no-embed", "--no-extract", env=env, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "new 74728, updated 0, unchanged 0" in proc.stdout
    stats = run_cli("stats", "--json", env=env)
    assert stats.returncode == 0, stats.stderr[-2000:]
    return json.loads(stats.stdout)


def test_full_snapshot_counts_equal_on_both_backends(snapshot_path: Path, tmp_path: Path) -> None:
    make_store("neo4j", tmp_path).close()  # wiped
    base = {"SOTAGRAPH_HOME": str(tmp_path / "home"), "SOTAGRAPH_EMBED": "0"}
    neo4j = _backfill_and_stats({**base, "SOTAGRAPH_GRAPH": "neo4j"}, snapshot_path)
    embedded = _backfill_and_stats({**base, "SOTAGRAPH_GRAPH": "embedded"}, snapshot_path)
    assert neo4j["nodes"]["Paper"] == 74728
    assert neo4j["nodes"] == embedded["nodes"]
    assert neo4j["relationships"] == embedded["relationships"]
    assert neo4j["categories"] == embedded["categories"]
    assert neo4j["newest_paper"] == embedded["newest_paper"]
    again = run_cli("backfill", "--from", str(snapshot_path), "--no-embed", "--no-extract",
                    env={**base, "SOTAGRAPH_GRAPH": "neo4j"}, timeout=1800)
    assert again.returncode == 0 and "new 0, updated 0, unchanged 74728" in again.stdout
