"""Neo4j dies in the middle of an ingest: a clear error, a non-zero exit, the watermark unmoved; after
Neo4j comes back a rerun completes, with no duplicates (the same graph as one uninterrupted run).

Runs its own server (``scripts/neo4j_local.sh`` on a free port, data in the test's temp dir), since it
kills it: never the shared one.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import StoreUnavailable
from tests.conftest import run_cli
from tests.neo4j_server import LocalNeo4j, alive, require_local_neo4j
from tracker.pipeline import API_SOURCE, run_ingest
from tracker.records import PaperRecord
from tracker.sources.snapshot import SnapshotSource

pytestmark = pytest.mark.neo4j

W0, W1, W2 = datetime(2025, 3, 1), datetime(2025, 3, 2), datetime(2025, 3, 3)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalNeo4j]:
    require_local_neo4j()
    srv = LocalNeo4j(tmp_path / "neo4j")
    srv.start()
    yield srv
    pid = srv.pid()
    srv.stop()
    assert srv.status() == 3 and pid is not None and not alive(pid), "`stop` stops the server it started"


def _open(server: LocalNeo4j) -> Neo4jStore:
    # a short retry budget: the driver would otherwise retry a dead server for 30 s
    return Neo4jStore(server.uri, "neo4j", server.password, max_retry_s=2)


def _killing_after(records: list[PaperRecord], n: int, server: LocalNeo4j) -> Iterator[PaperRecord]:
    for i, rec in enumerate(records):
        if i == n:
            server.kill()
        yield rec


def test_neo4j_dying_mid_ingest_leaves_the_watermark_and_a_rerun_completes(
        server: LocalNeo4j, snapshot_path: Path, tmp_path: Path) -> None:
    records = list(islice(SnapshotSource(snapshot_path), 900))
    first, second = records[:150], records[150:]

    store = _open(server)
    assert run_ingest(store, first, source=API_SOURCE, batch_size=100, window_from=W0, window_to=W1,
                      progress=False).ok
    assert store.watermark(API_SOURCE) == W1
    with pytest.raises(StoreUnavailable) as err:
        run_ingest(store, _killing_after(second, 350, server), source=API_SOURCE, batch_size=100, window_from=W1,
                   window_to=W2, progress=False)
    assert str(err.value).startswith(f"cannot reach Neo4j at {server.uri}") and "\n" not in str(err.value)
    store.close()

    # While it is down, the CLI says so in one line and exits 1.
    snap = tmp_path / "day.jsonl.gz"
    with gzip.open(snapshot_path, "rt") as fh, gzip.open(snap, "wt") as out:
        out.writelines(islice(fh, 50))
    env = {"SOTAGRAPH_HOME": str(tmp_path / "home"), "SOTAGRAPH_GRAPH": "neo4j", "NEO4J_URI": server.uri,
           "NEO4J_PASSWORD": server.password, "SOTAGRAPH_EMBED": "0"}
    proc = run_cli("ingest", "--from", str(snap), "--no-embed", env=env, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith(f"error: cannot reach Neo4j at {server.uri}")

    server.start()  # recovery (the store recovers from its transaction log)
    store = _open(server)
    try:
        assert store.watermark(API_SOURCE) == W1, "the failed run must not move the watermark"
        landed = store.count_papers()
        assert landed == 150 + 300, "the three whole batches before the crash landed, nothing of the fourth"
        result = run_ingest(store, second, source=API_SOURCE, batch_size=100, window_from=W1, window_to=W2,
                            progress=False)
        assert result.ok and result.counts["papers_new"] == len(second) - (landed - 150)
        assert store.watermark(API_SOURCE) == W2
        got = store.dump()
    finally:
        store.close()

    clean = EmbeddedStore(tmp_path / "clean.lbug")
    try:
        run_ingest(clean, first, source=API_SOURCE, batch_size=100, progress=False)
        run_ingest(clean, second, source=API_SOURCE, batch_size=100, progress=False)
        expected = clean.dump()
    finally:
        clean.close()
    for table, rows in expected.items():
        assert got[table] == rows, f"{table} differs from an uninterrupted run"
