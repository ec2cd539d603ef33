"""A run whose process dies stays "running" no more: the next run marks it ``interrupted``. A run of a
live writer (Neo4j allows several) is left alone."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graph.store import IngestRunInfo, _owner_gone, open_store
from tests.conftest import ROOT, make_store, run_cli
from tracker.config import load_settings

# a writer that records a running run, then dies without finishing it (SIGKILL: no cleanup at all)
_KILLED = """
import os, signal, sys
sys.path.insert(0, {root!r})
from graph.store import IngestRunInfo, open_store
from tracker.config import load_settings
store = open_store(load_settings())
store.start_run(IngestRunInfo(source="killed-run"))
{after}
"""


def _writer(after: str, env: dict[str, str], **popen: object) -> subprocess.Popen:
    code = _KILLED.format(root=str(ROOT), after=after)
    return subprocess.Popen([sys.executable, "-c", code], env={**os.environ, **env}, cwd=ROOT, **popen)


def _runs(store) -> dict[str, dict]:  # noqa: ANN001 - any store
    return {r["source"]: r for r in store.last_runs(20)}


def test_killed_run_is_marked_interrupted_by_the_next_cli_run(tmp_path: Path, home: Path) -> None:
    killed = _writer("os.kill(os.getpid(), signal.SIGKILL)", {})
    assert killed.wait(timeout=120) == -9
    snap = tmp_path / "one.jsonl"
    snap.write_text(json.dumps({"id": "2602.00001", "title": "A paper", "_listing_date": "2026-02-01"}) + "\n")
    proc = run_cli("backfill", "--from", str(snap), "--no-embed", "--no-extract")
    assert proc.returncode == 0, proc.stderr
    with open_store(load_settings(home=home), read_only=True) as store:
        runs = _runs(store)
    assert runs["killed-run"]["status"] == "interrupted"
    assert f"pid {killed.pid}" in runs["killed-run"]["message"] and runs["killed-run"]["finished"] is not None
    assert runs["snapshot:one.jsonl"]["status"] == "ok"


def test_owner_check() -> None:
    host = socket.gethostname()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert not _owner_gone(f"running in pid {sleeper.pid} on {host}")  # alive
        assert not _owner_gone("running in pid 1 on some-other-host")  # cannot tell: left alone
    finally:
        sleeper.kill()
        sleeper.wait()
    assert _owner_gone(f"running in pid {sleeper.pid} on {host}")  # gone
    assert _owner_gone(None)  # written before owners were recorded


@pytest.mark.neo4j
def test_neo4j_marks_dead_writers_and_spares_live_ones(tmp_path: Path) -> None:
    store = make_store("neo4j", tmp_path)
    try:
        killed = _writer("os.kill(os.getpid(), signal.SIGKILL)", {"SOTAGRAPH_GRAPH": "neo4j"})
        assert killed.wait(timeout=120) == -9
        live = _writer("print('started', flush=True); sys.stdin.read()", {"SOTAGRAPH_GRAPH": "neo4j"},
                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert live.stdout.readline().strip() == "started"
            store.start_run(IngestRunInfo(source="next-run"))
            # both writers record source "killed-run" within the same second: tell them apart by pid
            dead = [r for r in store.last_runs(20) if f"pid {killed.pid} on" in (r["message"] or "")]
            assert len(dead) == 1 and dead[0]["status"] == "interrupted"
            assert [r for r in store.last_runs(20) if r["status"] == "running"
                    and f"pid {live.pid} " in (r["message"] or "")], "the live writer's run was touched"
        finally:
            live.stdin.close()
            live.wait(timeout=60)
    finally:
        store.close()


def test_a_run_stopped_by_an_exception_records_why(tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore
    from tracker.pipeline import run_ingest
    from tracker.records import PaperRecord

    def records():
        yield PaperRecord(arxiv_id="2602.00001", title="A paper")
        raise KeyboardInterrupt

    store = EmbeddedStore(tmp_path / "g.lbug")
    try:
        with pytest.raises(KeyboardInterrupt):
            run_ingest(store, records(), source="stopped", batch_size=1, progress=False)
        run = _runs(store)["stopped"]
        assert run["status"] == "interrupted" and run["finished"] is not None
    finally:
        store.close()
