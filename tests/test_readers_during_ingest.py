"""Readers never see a half-written store: while ``sotagraph backfill`` writes in another process
(several committed batches), every read of a paper known to exist finds it, nothing raises, counts
never go down, fresh read-only opens work, and the dashboard renders in a real browser throughout.

The probe is ``benchmarks/readers_during_ingest.py`` at CI size (the benchmark runs 20,000 papers
and >= 5,000 reads); both backends run the same probe.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, _neo4j_or_skip

CHROMIUM = "/usr/bin/chromium"


def _probe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readers_during_ingest", ROOT / "benchmarks" / "readers_during_ingest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, backend: str) -> None:
    """The probe points SOTAGRAPH_HOME/GRAPH at its work dir: restore them after the test."""
    for name, value in (("SOTAGRAPH_HOME", str(tmp_path / "home")), ("SOTAGRAPH_GRAPH", backend),
                        ("SOTAGRAPH_EMBED", "0")):
        monkeypatch.setenv(name, value)


def _args(snapshot: Path, work: Path, backend: str, *, browser: bool = False, ingest: int = 1200) -> argparse.Namespace:
    """Graph-only batches of 300 (each one committed transaction) keep the CI run short."""
    return argparse.Namespace(backend=backend, snapshot=snapshot, preload=300, ingest=ingest, reads=300,
                              batch_size=300, fresh_every=10, extract=False, browser=browser, work=str(work))


def _assert_clean(fig: object) -> None:
    assert fig.ingest_rc == 0
    assert fig.errors == 0, fig.first_errors
    assert fig.missing == 0, fig.first_errors
    assert fig.count_went_down == 0, fig.first_errors
    assert fig.reads_during_ingest >= 100 and fig.fresh_opens >= 10
    assert fig.final_papers == fig.preload + fig.ingest


@pytest.mark.parametrize("backend", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_reads_during_an_ingest_in_another_process_all_find_their_paper(
        backend: str, snapshot_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend == "neo4j":
        _neo4j_or_skip()
    _isolate(monkeypatch, tmp_path, backend)
    fig = _probe().run(_args(snapshot_path, tmp_path, backend))
    _assert_clean(fig)
    if backend == "embedded":  # the long-lived handle moved on to the generation the ingest published
        assert fig.generations_seen >= 2


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is absent: apt-get install chromium")
def test_dashboard_renders_throughout_an_ingest(snapshot_path: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("playwright.sync_api")
    _isolate(monkeypatch, tmp_path, "embedded")
    fig = _probe().run(_args(snapshot_path, tmp_path, "embedded", browser=True, ingest=2400))
    _assert_clean(fig)
    assert fig.render_failures == 0, fig.first_render_failures
    assert fig.renders_during_ingest >= 2 and fig.renders >= 4


# ---- the generation layout itself -------------------------------------------------------------
SNAPSHOT = ROOT.parent / "shared" / "data" / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"


@functools.lru_cache(maxsize=1)
def _first_records() -> tuple:
    from itertools import islice

    from tracker.sources.snapshot import SnapshotSource

    if not SNAPSHOT.exists():
        pytest.skip(f"real data folder absent: {SNAPSHOT}")
    return tuple(islice(SnapshotSource(SNAPSHOT), 200))


def _records(n: int, start: int = 0) -> list:
    """Real snapshot papers ``start`` .. ``start + n``."""
    return list(_first_records()[start:start + n])


def test_old_single_file_store_is_read_in_place_and_migrated_on_first_write(tmp_path: Path) -> None:
    import shutil

    from graph.embedded import EmbeddedStore
    from graph.generations import published

    seed = tmp_path / "seed.lbug"
    with EmbeddedStore(seed) as w:
        w.upsert_papers(_records(60))
    legacy = tmp_path / "home" / "graph" / "sotagraph.lbug"
    legacy.parent.mkdir(parents=True)
    shutil.copyfile(published(seed), legacy)  # a plain file: the layout before generations
    old_reader = EmbeddedStore(legacy, read_only=True)
    assert old_reader.generation == "legacy" and old_reader.count_papers() == 60
    with EmbeddedStore(legacy) as w:
        assert w.count_papers() == 60
        w.upsert_papers(_records(40, start=60))
    assert legacy.is_symlink() and published(legacy).name == "g000001.lbug"
    assert old_reader.count_papers() == 60  # the replaced file stays readable for whoever holds it
    assert old_reader.refresh() and old_reader.generation == "g000001" and old_reader.count_papers() == 100
    old_reader.close()


def test_one_writer_at_a_time_and_readers_see_only_published_generations(tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore
    from graph.store import StoreUnavailable

    path = tmp_path / "g.lbug"
    with EmbeddedStore(path) as w:
        w.upsert_papers(_records(50))
    reader = EmbeddedStore(path, read_only=True)
    writer = EmbeddedStore(path)
    with pytest.raises(StoreUnavailable, match="in use by another writer"):
        EmbeddedStore(path)
    writer.upsert_papers(_records(50, start=50))
    assert reader.count_papers() == 50 and not reader.is_stale()
    assert EmbeddedStore(path, read_only=True).count_papers() == 50  # fresh opens too: the published one
    writer.close()
    assert reader.is_stale() and reader.refresh() and reader.count_papers() == 100
    reader.close()


def test_old_generations_are_collected_while_a_reader_keeps_its_own(tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore
    from graph.generations import gens_dir

    path = tmp_path / "g.lbug"
    with EmbeddedStore(path) as w:
        w.upsert_papers(_records(30))
    reader = EmbeddedStore(path, read_only=True)
    for i in range(1, 4):
        with EmbeddedStore(path) as w:
            w.upsert_papers(_records(30, start=30 * i))
    files = sorted(p.name for p in gens_dir(path).iterdir() if p.suffix == ".lbug")
    assert files == ["g000003.lbug", "g000004.lbug"]  # the published one and the one before
    assert not (gens_dir(path) / reader.path.name).exists()
    assert reader.count_papers() == 30 and len(reader.papers_by_ids([r.arxiv_id for r in _records(30)])) == 30
    assert reader.refresh() and reader.count_papers() == 120
    reader.close()


def test_a_writer_killed_mid_copy_or_on_an_old_base_leaves_nothing_behind(tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore
    from graph.generations import gens_dir

    path = tmp_path / "g.lbug"
    with EmbeddedStore(path) as w:
        w.upsert_papers(_records(30))
    gens = gens_dir(path)
    (gens / "g000002.lbug.tmp").write_bytes(b"half a copy")  # killed while copying
    (gens / "g000005.lbug").write_bytes(b"not a database")  # unfinished, based on a generation long gone
    (gens / "g000005.base").write_text("g000000.lbug\n")
    with EmbeddedStore(path) as w:
        assert w.count_papers() == 30
        w.upsert_papers(_records(10, start=30))
    names = sorted(p.name for p in gens.iterdir())
    assert names == ["g000001.lbug", "g000006.lbug", "writer.lock"]
    with EmbeddedStore(path, read_only=True) as r:
        assert r.count_papers() == 40


_KILLED_WRITER = """
import os, signal, sys
from itertools import islice
from pathlib import Path
from graph.embedded import EmbeddedStore
from tracker.sources.snapshot import SnapshotSource
w = EmbeddedStore(sys.argv[1])
w.upsert_papers(list(islice(SnapshotSource(Path(sys.argv[2])), 30, 70)))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_kill_9_keeps_the_published_generation_and_the_rerun_resumes_the_unfinished_one(tmp_path: Path) -> None:
    import subprocess

    from graph.embedded import EmbeddedStore

    path = tmp_path / "g.lbug"
    with EmbeddedStore(path) as w:
        w.upsert_papers(_records(30))
    proc = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(path), str(SNAPSHOT)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr[-2000:]
    with EmbeddedStore(path, read_only=True) as r:
        assert r.generation == "g000001" and r.count_papers() == 30
    with EmbeddedStore(path) as w:  # resumes g000002 with the committed batch in it
        assert w.generation == "g000002" and w.count_papers() == 70
        assert w.upsert_papers(_records(70)).papers_new == 0
    with EmbeddedStore(path, read_only=True) as r:
        assert r.generation == "g000002" and r.count_papers() == 70
