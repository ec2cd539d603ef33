"""kill -9 of a backfill at random points, then a rerun: the graph equals an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from graph.embedded import EmbeddedStore
from tests.conftest import ROOT, write_subset


def _backfill(home: Path, snapshot: Path) -> subprocess.Popen:
    env = {**os.environ, "SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": "embedded", "SOTAGRAPH_BATCH_SIZE": "400"}
    return subprocess.Popen([sys.executable, "-m", "tracker.cli", "--no-progress", "backfill", "--from", str(snapshot),
                             "--no-embed"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _dump(home: Path) -> dict:
    store = EmbeddedStore(home / "graph" / "sotagraph.lbug", read_only=True)
    try:
        return store.dump()
    finally:
        store.close()


def test_kill_9_at_random_points_then_rerun_equals_clean_run(snapshot_path: Path, tmp_path: Path) -> None:
    snap = tmp_path / "subset.jsonl.gz"
    write_subset(snapshot_path, snap, 4000)
    clean = tmp_path / "clean"
    assert _backfill(clean, snap).wait(timeout=600) == 0
    expected = _dump(clean)
    assert len(expected["Paper"]) == 4000

    crashed = tmp_path / "crashed"
    rng = random.Random(20261125)
    for _ in range(4):
        proc = _backfill(crashed, snap)
        time.sleep(rng.uniform(1.5, 6.0))  # startup takes ~1.5 s; the batches land after it
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert _backfill(crashed, snap).wait(timeout=600) == 0
    got = _dump(crashed)
    for table, rows in expected.items():
        assert got[table] == rows, f"{table} differs after kill -9 and rerun"
