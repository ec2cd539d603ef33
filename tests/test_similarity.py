"""Similarity search kept true to the graph: real papers, the real embedded store, the real model.

Covers: embed only new/changed papers, check (missing/extra/stale/model), reindex reproducing the
same neighbours, corrupted index detected and rebuilt, dimension mismatch refused, empty queries,
graph filters, SIMILAR_TO edges, and a kill -9 between the graph write and the index save.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.vector_index import DimensionMismatchError, ModelMismatchError, VectorIndex
from tracker import similarity as sim
from tracker.embed import Embedder
from tracker.records import PaperRecord
from tracker.sources.snapshot import record_from_json

REPO = Path(__file__).parents[1]
DATA = REPO.parent / "shared" / "data"
PAPERS = DATA / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"


def real_rows(n: int, skip: int = 0) -> list[dict]:
    if not PAPERS.exists():
        pytest.skip(f"real data not found at {PAPERS}")
    with gzip.open(PAPERS, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, skip, skip + n)]


def home_store(home: Path) -> EmbeddedStore:
    return EmbeddedStore(home / "graph" / "sotagraph.lbug")


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(show_progress=False)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder):
    """60 real papers in a store, indexed by the pipeline step (the shared read-only world)."""
    home = tmp_path_factory.mktemp("world")
    records = [record_from_json(r) for r in real_rows(60)]
    store = home_store(home)
    store.write_batch(records)
    counts = sim.sync_index(store, home / "index", embedder, progress=False)
    yield store, home / "index", records, counts
    store.close()


@pytest.fixture()
def small(tmp_path: Path, embedder: Embedder):
    """8 real papers, indexed; a test may change it."""
    records = [record_from_json(r) for r in real_rows(8, skip=200)]
    store = home_store(tmp_path)
    store.write_batch(records)
    sim.sync_index(store, tmp_path / "index", embedder, progress=False)
    yield store, tmp_path / "index", records
    store.close()


def test_pipeline_step_indexes_every_paper_and_a_rerun_embeds_nothing(world, embedder: Embedder) -> None:
    store, index_dir, records, counts = world
    assert counts["embedded"] == 60 and counts["vectors"] == 60
    report = sim.check(store, index_dir, deep=True)
    assert report.consistent, report.summary()
    manifest = VectorIndex.read_manifest(index_dir)
    assert manifest.graph_paper_count == 60 and manifest.model == "all-MiniLM-L6-v2" and manifest.dimension == 384
    assert sim.sync_index(store, index_dir, embedder, progress=False)["embedded"] == 0


def test_similar_to_edges_are_written_for_new_papers(world) -> None:
    store, index_dir, records, _ = world
    rows = store.read_only_query("MATCH (a:Paper)-[r:SIMILAR_TO]->(b:Paper) RETURN a.arxiv_id AS a, b.arxiv_id AS b, "
                                 "r.score AS score, r.rank AS rank").records()
    assert len(rows) == 60 * 10
    assert all(r["a"] != r["b"] for r in rows)
    first = sorted((r for r in rows if r["a"] == records[0].arxiv_id), key=lambda r: r["rank"])
    assert [r["rank"] for r in first] == list(range(1, 11))
    assert all(x["score"] >= y["score"] for x, y in itertools.pairwise(first))
    index = VectorIndex.load(index_dir)
    assert [r["b"] for r in first] == [h.arxiv_id for h in sim.similar(store, index, records[0].arxiv_id, k=10)]


def test_search_by_title_finds_the_paper_and_filters_go_through_the_graph(world, embedder: Embedder) -> None:
    store, index_dir, records, _ = world
    index = sim.load_index(index_dir, embedder)
    found = 0
    for rec in records[:10]:
        hits = sim.search(store, index, embedder, rec.title, k=3)
        assert len(hits) == 3 and hits[0].score >= hits[1].score >= hits[2].score
        found += rec.arxiv_id in {h.arxiv_id for h in hits}
        assert hits[0].title and hits[0].published
    assert found >= 9
    by_id = {r.arxiv_id: r for r in records}
    cat = "cs.CL"
    hits = sim.search(store, index, embedder, "language models", category=cat, k=5)
    expected = sum(cat in r.categories for r in records)
    assert len(hits) == min(5, expected) and all(cat in by_id[h.arxiv_id].categories for h in hits)
    since, until = date(2025, 3, 18), date(2025, 3, 18)
    hits = sim.search(store, index, embedder, "neural networks", since=since, until=until, k=50)
    assert hits and len(hits) == sum(r.published == since for r in records)
    assert all(by_id[h.arxiv_id].published == since for h in hits)


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_and_whitespace_queries_give_a_clear_message(world, embedder: Embedder, query: str) -> None:
    store, index_dir, _, _ = world
    with pytest.raises(sim.EmptyQueryError, match="empty query"):
        sim.search(store, VectorIndex.load(index_dir), embedder, query)


def test_similar_excludes_the_paper_and_refuses_unknown_ids(world) -> None:
    store, index_dir, records, _ = world
    index = VectorIndex.load(index_dir)
    hits = sim.similar(store, index, records[3].arxiv_id + "v2", k=5)  # a versioned id is accepted
    assert len(hits) == 5 and records[3].arxiv_id not in {h.arxiv_id for h in hits}
    with pytest.raises(sim.PaperNotIndexedError, match="2999.99999 has no vector"):
        sim.similar(store, index, "2999.99999")


def test_reindex_reproduces_the_same_neighbours(world, embedder: Embedder, tmp_path: Path) -> None:
    store, index_dir, records, _ = world
    before = VectorIndex.load(index_dir)
    rebuilt = sim.reindex(store, embedder, tmp_path / "rebuilt", write_edges=False, progress=False)
    assert len(rebuilt) == len(before) == 60
    for rec in records:
        old = [h.arxiv_id for h in sim.similar(store, before, rec.arxiv_id, k=5)]
        new = [h.arxiv_id for h in sim.similar(store, rebuilt, rec.arxiv_id, k=5)]
        assert old == new, rec.arxiv_id


def test_new_version_makes_a_vector_stale_and_the_next_sync_replaces_only_it(small, embedder: Embedder) -> None:
    store, index_dir, records = small
    rec = records[2]
    old_vec = VectorIndex.load(index_dir).vector(rec.arxiv_id)
    newer = rec.model_copy(update={"version": rec.version + 1,
                                   "abstract": "We study protein folding with graph neural networks."})
    store.write_batch([newer])
    report = sim.check(store, index_dir)
    assert report.stale == [rec.arxiv_id] and not report.consistent
    counts = sim.sync_index(store, index_dir, embedder, progress=False)
    assert counts["embedded"] == 1
    index = VectorIndex.load(index_dir)
    assert index.entries[rec.arxiv_id].version == rec.version + 1
    assert float(index.vector(rec.arxiv_id) @ old_vec) < 0.9
    assert sim.check(store, index_dir, deep=True).consistent


def test_missing_and_extra_ids_are_reported_and_repaired(small, embedder: Embedder) -> None:
    store, index_dir, records = small
    extra = PaperRecord(arxiv_id="2503.99999", title="A new paper on retrieval", abstract="Dense retrieval.")
    store.write_batch([extra])
    index = VectorIndex.load(index_dir)
    index.upsert(["2401.00000"], index.vector(records[0].arxiv_id))  # a vector whose paper is not in the graph
    index.save(index_dir, graph_paper_count=8)
    report = sim.check(store, index_dir)
    assert report.missing == ["2503.99999"] and report.extra == ["2401.00000"]
    sim.sync_index(store, index_dir, embedder, progress=False)
    assert sim.check(store, index_dir).consistent


def test_corrupted_index_is_detected_and_rebuilt(small, embedder: Embedder) -> None:
    store, index_dir, records = small
    manifest = VectorIndex.read_manifest(index_dir)
    path = index_dir / manifest.index_file
    path.write_bytes(path.read_bytes()[:100])
    report = sim.check(store, index_dir)
    assert not report.consistent and "truncated" in (report.error or "") and "reindex" in report.error
    sim.reindex(store, embedder, index_dir, progress=False)
    assert sim.check(store, index_dir).consistent
    path = index_dir / VectorIndex.read_manifest(index_dir).index_file
    path.write_bytes(b"\0" * path.stat().st_size)  # same size, garbage: the checksum catches it
    counts = sim.sync_index(store, index_dir, embedder, progress=False)  # the pipeline rebuilds by itself
    assert counts.get("index_rebuilt") == 1 and counts["embedded"] == 8
    assert sim.check(store, index_dir).consistent


def test_index_of_another_dimension_or_model_is_refused(small, embedder: Embedder, tmp_path: Path) -> None:
    store, _, records = small
    other = VectorIndex(128, "all-MiniLM-L6-v2")
    other.save(tmp_path / "d128")
    with pytest.raises(DimensionMismatchError, match="384-d vectors but the index holds 128-d"):
        sim.load_index(tmp_path / "d128", embedder)
    with pytest.raises(DimensionMismatchError):
        sim.sync_index(store, tmp_path / "d128", embedder, progress=False)
    VectorIndex(384, "e5-small").save(tmp_path / "e5")
    report = sim.check(store, tmp_path / "e5")
    assert report.model_mismatch and "e5-small" in report.model_mismatch
    with pytest.raises(ModelMismatchError, match="built with model e5-small"):
        sim.search(store, VectorIndex.load(tmp_path / "e5"), embedder, "graphs")


def _cli(home: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOTAGRAPH_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "tracker.cli", "--no-progress", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_kill_9_between_graph_write_and_index_save_then_rerun_is_consistent(tmp_path: Path) -> None:
    rows = real_rows(30, skip=500)
    snapshot = tmp_path / "snap.jsonl"
    snapshot.write_text("".join(json.dumps(r) + "\n" for r in rows))
    home = tmp_path / "home"
    env = {**os.environ, "SOTAGRAPH_HOME": str(home), "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "tracker.cli", "--no-progress", "backfill", "--from", str(snapshot), "--no-extract"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    seen = []
    deadline = time.monotonic() + 600
    assert proc.stderr is not None
    for line in proc.stderr:  # the embed step logs this after the graph write committed, before any save
        seen.append(line)
        if "new or changed papers" in line or time.monotonic() > deadline:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert any("new or changed papers" in line for line in seen), "".join(seen[-20:])
    assert not (home / "index" / "manifest.json").exists()
    done = _cli(home, "check")  # the killed first run published no graph generation yet: readers see no store
    assert done.returncode == 1 and "no graph store" in done.stderr, done.stdout + done.stderr
    rerun = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    done = _cli(home, "check", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["consistent"] and report["graph_count"] == report["index_count"] == 30
    blank = _cli(home, "search", "   ")
    assert blank.returncode == 2 and "empty query" in blank.stderr
    found = _cli(home, "search", rows[0]["title"], "-k", "3", "--json")
    assert found.returncode == 0, found.stderr
    assert rows[0]["id"] in {h["arxiv_id"] for h in json.loads(found.stdout)}
    near = _cli(home, "similar", rows[1]["id"], "-k", "4", "--json")
    assert near.returncode == 0, near.stderr
    hits = json.loads(near.stdout)
    assert len(hits) == 4 and rows[1]["id"] not in {h["arxiv_id"] for h in hits}
    assert {"arxiv_id", "title", "published", "score"} <= set(hits[0])
    unknown = _cli(home, "similar", "2999.99999")
    assert unknown.returncode == 1 and "has no vector" in unknown.stderr
