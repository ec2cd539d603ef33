"""The nightly path end to end, over loopback HTTP with real PDFs: the ingest (and the cron script)
run the full-text pass after the metadata ingest, within budget; a kill -9 mid-queue and a rerun
fetch nothing twice and leave the same graph as a clean run."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from graph.embedded import EmbeddedStore
from tests.conftest import ROOT
from tests.pdf_server import REAL_PAPERS, PdfServer, routes_for, snapshot_line

KEYS = ["scibert", "codex", "gemini", "vibevoice", "granite-emb", "coder-v2", "physics"]
def _snapshot(tmp_path: Path, keys: list[str]) -> Path:
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps(snapshot_line(k)) + "\n" for k in keys))
    return path


def _env(home: Path, server: PdfServer, **extra: str) -> dict[str, str]:
    return {**os.environ, "SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": "embedded", "SOTAGRAPH_FULLTEXT": "1",
            "SOTAGRAPH_PDF_URL": server.base_url, "SOTAGRAPH_REQUEST_INTERVAL": "0.05",
            "SOTAGRAPH_HTTP_RETRIES": "0", "SOTAGRAPH_EMBED": "0", **extra}


def _ingest(home: Path, server: PdfServer, snap: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tracker.cli", "--no-progress", "ingest", "--from", str(snap),
                             *extra], env=_env(home, server), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _dump(home: Path) -> dict:
    """The store's dump: it leaves out when and how often a try ran (a killed try is counted, by design)
    and which run wrote a paper (run ids differ between two homes): ``graph.schema.RUN_PROPERTIES``."""
    store = EmbeddedStore(home / "graph" / "sotagraph.lbug", read_only=True)
    try:
        return store.dump()
    finally:
        store.close()


def test_cron_script_fetches_parses_and_writes_within_budget(shared_data: Path, tmp_path: Path) -> None:
    server = PdfServer(routes_for(shared_data, ["v3", "scibert"]))
    home = tmp_path / "home"
    try:
        snap = _snapshot(tmp_path, ["v3", "scibert"])
        proc = subprocess.run([sys.executable, "scripts/nightly_ingest.py", "--from", str(snap)], cwd=ROOT,
                              env=_env(home, server, SOTAGRAPH_FULLTEXT_BUDGET_S="600"), capture_output=True,
                              text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "full text: 2 fetched, 0 failed" in proc.stdout
        assert "(stopped: done)" in proc.stdout
        assert "full text: 2 fetched" in (home / "logs" / "nightly.log").read_text()
        assert dict(server.served) == {"2412.19437v1": 1, "1903.10676v1": 1}

        store = EmbeddedStore(home / "graph" / "sotagraph.lbug", read_only=True)
        try:
            assert store.fulltext_counts() == {"pending": 0, "fetched": 2, "failed": 0, "skipped": 0}
            tables = store._read("MATCH (p:Paper {arxiv_id: '2412.19437'})-[:REPORTS]->(r:Result) "
                                 "WHERE r.source = 'table' RETURN count(r) AS n")
            assert tables[0]["n"] >= 50  # the PDF's result tables replaced the abstract-only facts
            orgs = store._read("MATCH (p:Paper {arxiv_id: '2412.19437'})-[a:AFFILIATED_WITH]->(o:Organization) "
                               "RETURN o.key AS key, o.country AS country, a.source AS source")
            assert {"key": "deepseek", "country": "CN", "source": "pdf"} in orgs
            runs = [r for r in store.last_runs(5) if r["source"] == "fulltext"]
            assert runs and runs[0]["status"] == "ok" and json.loads(runs[0]["counts"])["fetched"] == 2
        finally:
            store.close()
        # a second night: nothing new to fetch, and the cached files are not requested again
        again = subprocess.run([sys.executable, "-m", "tracker.cli", "--no-progress", "ingest", "--from", str(snap)],
                               cwd=ROOT, env=_env(home, server), capture_output=True, text=True, timeout=600)
        assert again.returncode == 0 and "full text: 0 fetched" in again.stdout
        assert sum(server.requests.values()) == 2
    finally:
        server.close()


def test_kill_9_mid_queue_then_rerun_fetches_nothing_twice(shared_data: Path, tmp_path: Path) -> None:
    server = PdfServer(routes_for(shared_data, KEYS))
    snap = _snapshot(tmp_path, KEYS)
    try:
        clean = tmp_path / "clean"
        proc = _ingest(clean, server, snap)
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
        assert f"full text: {len(KEYS) - 1} fetched" in out  # the physics paper is not in a watched category
        expected = _dump(clean)
        assert len(expected["Paper"]) == len(KEYS)

        server.served.clear()
        server.requests.clear()
        crashed = tmp_path / "crashed"
        if (clean / "cache").is_dir():  # the organisation matcher's derived index only, to save its build
            shutil.copytree(clean / "cache", crashed / "cache")
        rng = random.Random(20261130)
        kills = 0
        for _ in range(4):
            proc = _ingest(crashed, server, snap)
            # at least 0.3 s after a file was sent whole, so the client has it (what it never received
            # it may fetch again); a request arriving meanwhile gets no answer (see PdfServer)
            server.kill_after(proc.pid, sum(server.served.values()) + 1, rng.uniform(0.3, 1.0))
            proc.communicate(timeout=600)
            if proc.returncode != -9:
                break  # the queue was drained before this kill point
            kills += 1
        assert kills >= 2, "the kills should land mid-queue"
        proc = _ingest(crashed, server, snap)
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]

        assert max(server.served.values()) == 1, f"a file was fetched twice: {dict(server.served)}"
        assert sorted(server.served) == sorted(REAL_PAPERS[k][0] for k in KEYS if k != "physics")
        got = _dump(crashed)
        for table, rows in expected.items():
            assert got[table] == rows, f"{table} differs after kill -9 and rerun"
    finally:
        server.close()
