"""kill -9 of an ingest into Neo4j at random points, then a rerun: the graph equals an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.neo4j_store import Neo4jStore
from tests.conftest import ROOT, make_store, write_subset

pytestmark = pytest.mark.neo4j



def _backfill(home: Path, snapshot: Path) -> subprocess.Popen:
    env = {**os.environ, "SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": "neo4j", "SOTAGRAPH_BATCH_SIZE": "150"}
    return subprocess.Popen([sys.executable, "-m", "tracker.cli", "--no-progress", "backfill", "--from", str(snapshot),
                             "--no-embed"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_of_a_neo4j_ingest_then_rerun_equals_a_clean_run(snapshot_path: Path, tmp_path: Path) -> None:
    snap = tmp_path / "subset.jsonl.gz"
    write_subset(snapshot_path, snap, 1500)
    store: Neo4jStore = make_store("neo4j", tmp_path)  # wiped
    try:
        clean = _backfill(tmp_path / "clean", snap)
        assert clean.wait(timeout=600) == 0, clean.stderr.read().decode()[-2000:]
        expected = store.dump()
        assert len(expected["Paper"]) == 1500

        store.wipe()
        rng = random.Random(20261125)
        kills = 0
        for _ in range(3):
            before = store.count_papers()
            proc = _backfill(tmp_path / "crashed", snap)
            deadline = time.monotonic() + 120
            while proc.poll() is None and store.count_papers() == before and time.monotonic() < deadline:
                time.sleep(0.05)  # until this run's first batch landed
            time.sleep(rng.uniform(0.0, 1.5))  # then a random point further in
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            else:
                assert proc.returncode == 0, proc.stderr.read().decode()[-2000:]
            proc.wait(timeout=60)
            assert store.count_papers() % 150 == 0 or store.count_papers() == 1500, "whole batches only"
        assert kills >= 2, "the kills should land while the ingest runs"
        rerun = _backfill(tmp_path / "crashed", snap)
        assert rerun.wait(timeout=600) == 0, rerun.stderr.read().decode()[-2000:]
        got = store.dump()
        for table, rows in expected.items():
            assert got[table] == rows, f"{table} differs after kill -9 and rerun"
    finally:
        store.close()
