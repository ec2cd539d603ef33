"""The pipeline end to end on a real embedded store: versions, idempotency, watermark, bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from graph.embedded import EmbeddedStore
from tests.conftest import ReplayServer, load_recording, run_cli
from tracker.pipeline import API_SOURCE, run_ingest
from tracker.sources.arxiv_api import ArxivApiSource
from tracker.sources.errors import FetchError
from tracker.sources.http import PoliteClient
from tracker.sources.snapshot import SnapshotSource


def _client() -> PoliteClient:
    return PoliteClient(interval_s=0, timeout_s=5, retries=1, backoff_s=0.01)


def test_new_version_updates_in_place(replay: ReplayServer, tmp_path: Path) -> None:
    rec = load_recording("id_2104.12255v1_")
    # Derived from the recorded response: the same entry as arXiv would serve it after a v2.
    head, entry = rec["body"].split("<entry>", 1)
    v2 = head + "<entry>" + entry.replace("2104.12255v1", "2104.12255v2").replace("<title>", "<title>Revised: ", 1)
    replay.add(id_list="2104.12255", answers=[(200, rec["body"], {}), (200, v2, {})])
    store = EmbeddedStore(tmp_path / "g.lbug")
    src = ArxivApiSource(replay.url, _client(), page_size=100)
    run_ingest(store, src.by_ids(["2104.12255"]), source="test", progress=False)
    first = store.papers_by_ids(["2104.12255"])[0]
    authors_before = store.paper_authors("2104.12255")
    run_ingest(store, src.by_ids(["2104.12255"]), source="test", progress=False)
    after = store.papers_by_ids(["2104.12255"])
    assert len(after) == 1 and after[0]["version"] == 2 and first["version"] == 1
    assert after[0]["title"].startswith("Revised: ")
    assert store.count_papers() == 1
    assert store.paper_authors("2104.12255") == authors_before  # edges replaced, not doubled
    store.close()


def test_watermark_moves_only_after_success(replay: ReplayServer, tmp_path: Path) -> None:
    from datetime import datetime

    store = EmbeddedStore(tmp_path / "g.lbug")
    good = load_recording("id_1605.08386_")
    replay.add(search_query="*", id_list="", start=0, max_results=100, answers=[(good["status_code"], good["body"], {})])
    src = ArxivApiSource(replay.url, _client(), page_size=100)
    t1 = datetime(2026, 1, 2)
    res = run_ingest(store, src.window(["cs.LG"], datetime(2026, 1, 1), t1), source=API_SOURCE,
                     window_from=datetime(2026, 1, 1), window_to=t1, progress=False)
    assert res.ok and store.watermark(API_SOURCE) == t1
    replay.add(search_query="*", id_list="", start=0, max_results=100, answers=[(500, "oops", {})] * 2)
    res = run_ingest(store, src.window(["cs.LG"], t1, datetime(2026, 1, 3)), source=API_SOURCE,
                     window_from=t1, window_to=datetime(2026, 1, 3), progress=False)
    assert res.status == "failed" and "HTTP 500" in (res.message or "")
    assert store.watermark(API_SOURCE) == t1
    assert store.count_papers() == 1
    store.close()


def _subset(src: Path, dst: Path, n: int, *, gz: bool = True) -> list[str]:
    lines = []
    with gzip.open(src, "rt") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                break
            lines.append(line)
    opener = gzip.open if gz else open
    with opener(dst, "wt") as out:
        out.writelines(lines)
    return lines


def test_bad_lines_are_counted_and_the_rest_ingested(snapshot_path: Path, tmp_path: Path, home: Path) -> None:
    lines = _subset(snapshot_path, tmp_path / "x.jsonl", 300, gz=False)
    lines.insert(10, '{"id": "2503.99999", "title": "cut\n')
    lines.insert(20, json.dumps({"title": "no id here", "summary": "x"}) + "\n")
    (tmp_path / "bad.jsonl").write_text("".join(lines))
    proc = run_cli("backfill", "--from", str(tmp_path / "bad.jsonl"), "--no-embed", "--no-extract")
    assert proc.returncode == 1, proc.stderr
    assert "bad records 2" in proc.stdout
    assert "bad.jsonl:11: malformed JSON" in proc.stderr
    assert "bad.jsonl:21: record has no id" in proc.stderr
    stats = json.loads(run_cli("stats", "--json").stdout)
    assert stats["nodes"]["Paper"] == 300


def test_truncated_gzip_fails_clearly_keeps_what_was_stored(snapshot_path: Path, tmp_path: Path, home: Path,
                                                            monkeypatch) -> None:
    full = tmp_path / "full.jsonl.gz"
    _subset(snapshot_path, full, 3000)
    data = full.read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    env = {"SOTAGRAPH_BATCH_SIZE": "500"}
    proc = run_cli("backfill", "--from", str(cut), "--no-embed", "--no-extract", env=env)
    assert proc.returncode == 1
    assert "cut.jsonl.gz: unreadable after line" in proc.stderr
    stored = json.loads(run_cli("stats", "--json").stdout)["nodes"]["Paper"]
    assert 0 < stored < 3000
    proc = run_cli("backfill", "--from", str(full), "--no-embed", "--no-extract", env=env)
    assert proc.returncode == 0, proc.stderr
    stats = json.loads(run_cli("stats", "--json").stdout)
    assert stats["nodes"]["Paper"] == 3000
    assert "new " + str(3000 - stored) in proc.stdout


def test_snapshot_source_reads_both_shapes(tmp_path: Path) -> None:
    kaggle = {
        "id": "0704.0001", "submitter": "Pavel Nadolsky", "authors": "C. Bal\\'azs, E. L. Berger and P. M. Nadolsky",
        "title": "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
        "comments": "37 pages, 15 figures", "journal-ref": "Phys.Rev.D76:013009,2007",
        "doi": "10.1103/PhysRevD.76.013009", "categories": "hep-ph", "abstract": "  A fully differential calculation",
        "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
                     {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"}],
        "update_date": "2008-11-13",
        "authors_parsed": [["Balázs", "C.", ""], ["Berger", "E. L.", ""], ["Nadolsky", "P. M.", ""]],
    }
    path = tmp_path / "meta.jsonl"
    path.write_text(json.dumps(kaggle) + "\n")
    (rec,) = list(SnapshotSource(path))
    assert rec.arxiv_id == "0704.0001" and rec.version == 2
    assert rec.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky"]
    assert rec.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert str(rec.published) == "2007-04-02" and str(rec.updated) == "2007-07-24"
    assert rec.journal_ref == "Phys.Rev.D76:013009,2007" and rec.comment == "37 pages, 15 figures"


def test_raw_day_file_with_hard_wrapped_abstracts(shared_data: Path) -> None:
    recs = list(SnapshotSource(shared_data / "arxiv-daily" / "raw-days" / "2025-03-19.jsonl"))
    assert recs and all("\n" not in r.abstract for r in recs)
    assert recs[0].arxiv_id == "2503.13531" and recs[0].categories[0] == "cs.CV"


def test_fetch_error_when_unreachable(tmp_path: Path) -> None:
    src = ArxivApiSource("http://127.0.0.1:9/api/query", _client())
    try:
        list(src.by_ids(["1605.08386"]))
    except FetchError as exc:
        assert "ConnectionError" in str(exc)
    else:
        raise AssertionError("expected FetchError")
