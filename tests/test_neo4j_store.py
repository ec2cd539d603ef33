"""Neo4j-only behaviour on a real server (``NEO4J_URI``): schema, the CLI on Neo4j, clear failures
when Neo4j is down or refuses the password, and ``migrate`` from the embedded store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from graph.migrate import copy_store
from graph.neo4j_store import Neo4jStore
from graph.schema import NODES
from graph.store import ReadOnlyViolation, StoreError
from tests.conftest import make_store, run_cli, write_subset
from tests.neo4j_server import free_port

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo4j_store(tmp_path: Path) -> Iterator[Neo4jStore]:
    store = make_store("neo4j", tmp_path)
    yield store
    store.close()


@pytest.fixture
def neo4j_env(neo4j_store: Neo4jStore, tmp_path: Path) -> dict[str, str]:
    """Environment for the CLI on the (wiped) test Neo4j."""
    return {"SOTAGRAPH_HOME": str(tmp_path / "home"), "SOTAGRAPH_GRAPH": "neo4j", "SOTAGRAPH_EMBED": "0",
            "NEO4J_URI": neo4j_store.uri, "NEO4J_USER": neo4j_store.user, "NEO4J_DATABASE": neo4j_store.database}



def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def test_every_key_has_a_uniqueness_constraint_and_filtered_properties_an_index(neo4j_store: Neo4jStore) -> None:
    constraints = {(r["labelsOrTypes"][0], r["properties"][0]) for r in neo4j_store._read(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type WHERE type = 'UNIQUENESS' "
        "RETURN labelsOrTypes, properties")}
    assert constraints == {(n.label, n.key) for n in NODES}
    indexes = {(r["labelsOrTypes"][0], r["properties"][0]) for r in neo4j_store._read(
        "SHOW INDEXES YIELD labelsOrTypes, properties, type, state WHERE type = 'RANGE' AND state = 'ONLINE' "
        "RETURN labelsOrTypes, properties")}
    assert {(n.label, p) for n in NODES for p in n.indexed} <= indexes
    assert {("Paper", "published"), ("Paper", "primary_category"), ("Organization", "country")} <= indexes


def test_the_server_itself_rejects_a_duplicate_key(neo4j_store: Neo4jStore) -> None:
    from neo4j.exceptions import ConstraintError

    neo4j_store._driver.execute_query("CREATE (:Paper {arxiv_id: '2501.00001'})", database_=neo4j_store.database)
    with pytest.raises(ConstraintError):
        neo4j_store._driver.execute_query("CREATE (:Paper {arxiv_id: '2501.00001'})", database_=neo4j_store.database)


def test_a_read_only_store_refuses_writes(neo4j_store: Neo4jStore) -> None:
    ro = Neo4jStore(neo4j_store.uri, neo4j_store.user, _password(neo4j_store), neo4j_store.database, read_only=True)
    try:
        with pytest.raises(ReadOnlyViolation):
            ro.upsert_papers([])
        assert ro.count_papers() == 0
    finally:
        ro.close()


def _password(store: Neo4jStore) -> str:
    from tracker.config import load_settings

    return load_settings(graph="neo4j").neo4j_password


def test_cli_backfill_stats_and_cypher_on_neo4j(neo4j_env: dict[str, str], snapshot_path: Path,
                                               tmp_path: Path) -> None:
    snap = write_subset(snapshot_path, tmp_path / "subset.jsonl.gz", 300)
    proc = run_cli("backfill", "--from", str(snap), "--no-embed", env=neo4j_env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "new 300, updated 0, unchanged 0" in proc.stdout
    stats = json.loads(run_cli("stats", "--json", env=neo4j_env).stdout)
    assert stats["backend"] == "neo4j" and stats["nodes"]["Paper"] == 300
    rows = json.loads(run_cli("cypher", "--json", "MATCH (p:Paper) RETURN count(p) AS n", env=neo4j_env).stdout)
    assert rows == [{"n": 300}]
    refused = run_cli("cypher", "MATCH (p:Paper) DETACH DELETE p", env=neo4j_env)
    assert refused.returncode == 1
    assert _last_line(refused.stderr).startswith("error: refused: the console is read-only")
    bad = run_cli("cypher", "MATCH (p:Paper RETURN p", env=neo4j_env)
    assert bad.returncode == 1 and _last_line(bad.stderr).startswith("error: query error:")
    again = run_cli("backfill", "--from", str(snap), "--no-embed", env=neo4j_env)
    assert again.returncode == 0 and "new 0, updated 0, unchanged 300" in again.stdout
    assert json.loads(run_cli("stats", "--json", env=neo4j_env).stdout)["relationships"] == stats["relationships"]


def test_cli_with_neo4j_down_says_so_and_exits_non_zero(snapshot_path: Path, tmp_path: Path) -> None:
    env = {"SOTAGRAPH_HOME": str(tmp_path / "home"), "SOTAGRAPH_GRAPH": "neo4j", "SOTAGRAPH_EMBED": "0",
           "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "whatever"}
    snap = write_subset(snapshot_path, tmp_path / "subset.jsonl.gz", 20)
    for args in (("backfill", "--from", str(snap), "--no-embed"), ("stats",), ("cypher", "RETURN 1")):
        proc = run_cli(*args, env=env, timeout=120)
        assert proc.returncode == 1, (args, proc.stderr[-1000:])
        line = _last_line(proc.stderr)
        assert line.startswith(f"error: cannot reach Neo4j at {env['NEO4J_URI']} (connection refused)"), line
        assert "Traceback" not in proc.stderr


def test_cli_with_a_wrong_password_says_so_and_exits_non_zero(neo4j_env: dict[str, str]) -> None:
    proc = run_cli("stats", env={**neo4j_env, "NEO4J_PASSWORD": "not-the-password"}, timeout=120)
    assert proc.returncode == 1
    assert _last_line(proc.stderr) == (f"error: Neo4j at {neo4j_env['NEO4J_URI']} refused the credentials of user "
                                       "'neo4j' (check NEO4J_USER and NEO4J_PASSWORD)")
    assert "Traceback" not in proc.stderr


def test_a_bad_uri_or_database_is_a_clear_error(neo4j_store: Neo4jStore) -> None:
    with pytest.raises(StoreError, match="bad NEO4J_URI"):
        Neo4jStore("http://127.0.0.1:7474", "neo4j", "x")
    with pytest.raises(StoreError, match="has no database 'nosuchdb'"):
        Neo4jStore(neo4j_store.uri, neo4j_store.user, _password(neo4j_store), "nosuchdb")


def test_migrate_round_trips_embedded_neo4j_embedded_and_a_rerun_adds_nothing(
        neo4j_store: Neo4jStore, snapshot_path: Path, tmp_path: Path) -> None:
    from tests.test_store_contract import _extraction
    from tracker.pipeline import API_SOURCE, default_extractor, run_ingest
    from tracker.sources.snapshot import SnapshotSource

    records = list(SnapshotSource(write_subset(snapshot_path, tmp_path / "s.jsonl.gz", 400)))
    extractor = default_extractor()
    embedded = EmbeddedStore(tmp_path / "embedded.lbug")
    try:
        from datetime import datetime

        run_ingest(embedded, records, source=API_SOURCE, batch_size=150, extractor=extractor,
                   window_from=datetime(2025, 3, 1), window_to=datetime(2025, 3, 2), progress=False)
        embedded.write_batch([records[0]], [_extraction(records[0].arxiv_id)])
        embedded.upsert_similar([(records[0].arxiv_id, records[1].arxiv_id, 0.7, 1)])
        report = copy_store(embedded, neo4j_store, batch_size=128, progress=False)
        assert report["copied"]["nodes"]["Paper"] == 400
        expected = embedded.dump()
        got = neo4j_store.dump()
        for table, rows in expected.items():
            assert got[table] == rows, f"{table} differs after migrate"
        # the runs came along, so the watermark did too
        assert neo4j_store.watermark(API_SOURCE) == embedded.watermark(API_SOURCE) == datetime(2025, 3, 2)
        copy_store(embedded, neo4j_store, batch_size=1000, progress=False)
        assert neo4j_store.dump() == got
        assert neo4j_store.counts() == embedded.counts()
        # and back down: Neo4j -> a fresh embedded store gives the same dump, and a rerun adds nothing
        back = EmbeddedStore(tmp_path / "back.lbug")
        try:
            copy_store(neo4j_store, back, batch_size=100, progress=False)
            assert back.dump() == expected
            copy_store(neo4j_store, back, batch_size=1000, progress=False)
            assert back.dump() == expected and back.counts() == embedded.counts()
            assert back.watermark(API_SOURCE) == datetime(2025, 3, 2)
        finally:
            back.close()
    finally:
        embedded.close()


def _stats(proc: Any) -> dict[str, Any]:
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def test_cli_migrate_to_neo4j(neo4j_env: dict[str, str], snapshot_path: Path, tmp_path: Path) -> None:
    snap = write_subset(snapshot_path, tmp_path / "subset.jsonl.gz", 150)
    embedded_env = {**neo4j_env, "SOTAGRAPH_GRAPH": "embedded"}
    assert run_cli("backfill", "--from", str(snap), "--no-embed", env=embedded_env).returncode == 0
    proc = run_cli("migrate", "--to", "neo4j", env=neo4j_env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    want = _stats(run_cli("stats", "--json", env=embedded_env))
    got = _stats(run_cli("stats", "--json", env=neo4j_env))
    assert got["nodes"] == want["nodes"] and got["relationships"] == want["relationships"]
    down_env = {**neo4j_env, "SOTAGRAPH_HOME": str(tmp_path / "down")}
    proc = run_cli("migrate", "--to", "embedded", env=down_env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    down = _stats(run_cli("stats", "--json", env={**down_env, "SOTAGRAPH_GRAPH": "embedded"}))
    assert down["nodes"] == want["nodes"] and down["relationships"] == want["relationships"]
