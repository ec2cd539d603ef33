"""The full-text queue on both backends, over loopback HTTP with real PDFs: statuses and counts,
failures with their reason and a bounded number of tries, priority order, the budget and the
per-run maximum, re-queueing on a new version, and the ``sotagraph fulltext`` command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from tests.conftest import run_cli
from tests.pdf_server import REAL_PAPERS, PdfServer, routes_for
from tracker.config import load_settings
from tracker.fulltext import queue
from tracker.fulltext.run import run_fulltext
from tracker.records import PaperRecord


def _record(ident: str, title: str, cats: list[str], abstract: str = "We study a problem.", version: int = 1
            ) -> PaperRecord:
    return PaperRecord(arxiv_id=ident, version=version, title=title, abstract=abstract,
                       authors=["Ada Lovelace", "Alan Turing"], categories=cats)


def _encrypted_copy(data: bytes) -> bytes:
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    finally:
        doc.close()


@pytest.fixture
def failing_server(shared_data: Path) -> Iterator[tuple[PdfServer, dict[str, str]]]:
    """Two good real PDFs and one of each failure, keyed by what each paper id stands for."""
    good = (shared_data / REAL_PAPERS["codex"][1]).read_bytes()
    small = (shared_data / REAL_PAPERS["scibert"][1]).read_bytes()
    ids = {"good": "2601.00001", "good2": "2601.00002", "missing": "2601.00003", "truncated": "2601.00004",
           "cut": "2601.00005", "html": "2601.00006", "encrypted": "2601.00007"}
    routes: dict[str, bytes | str] = {
        f"{ids['good']}v1": good, f"{ids['good2']}v1": small, f"{ids['missing']}v1": "404",
        f"{ids['truncated']}v1": good[: len(good) // 2],  # served whole, but the file itself stops half-way
        f"{ids['cut']}v1": "cut", f"{ids['cut']}v1.cut": good,  # the connection drops half-way
        f"{ids['html']}v1": b"<!DOCTYPE html><html><body>Rate exceeded.</body></html>",
        f"{ids['encrypted']}v1": _encrypted_copy(small),
    }
    server = PdfServer(routes)
    yield server, ids
    server.close()


def _settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_url: str, **env: str) -> Any:
    monkeypatch.setenv("SOTAGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SOTAGRAPH_PDF_URL", base_url)
    monkeypatch.setenv("SOTAGRAPH_REQUEST_INTERVAL", "0")
    monkeypatch.setenv("SOTAGRAPH_HTTP_RETRIES", "0")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return load_settings()


def test_failures_keep_their_reason_and_are_retried_at_most_max_tries(any_store, failing_server, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    server, ids = failing_server
    settings = _settings(tmp_path, monkeypatch, server.base_url, SOTAGRAPH_FULLTEXT_MAX_TRIES="3")
    store = any_store
    records = [_record(pid, f"Paper {name}", ["cs.CL"]) for name, pid in ids.items()]
    records.append(_record("2601.00099", "A physics paper", ["hep-th"]))  # not watched
    store.write_batch(records, [])
    assert store.fulltext_counts() == {"pending": 8, "fetched": 0, "failed": 0, "skipped": 0}

    first = run_fulltext(store, settings, progress=False)
    assert (first.fetched, first.failed, first.skipped, first.stop) == (2, 5, 1, "done")
    assert store.fulltext_counts() == {"pending": 0, "fetched": 2, "failed": 5, "skipped": 1}
    rows = {r["arxiv_id"]: r for r in store._read(
        "MATCH (p:Paper) RETURN p.arxiv_id AS arxiv_id, p.fulltext_status AS status, p.fulltext_error AS error, "
        "p.fulltext_tries AS tries, p.fulltext_source AS source")}
    kind = {name: (rows[pid]["error"] or "").split(":")[0] for name, pid in ids.items()}
    assert kind == {"good": "", "good2": "", "missing": "http-404", "truncated": "truncated", "cut": "truncated",
                    "html": "not-pdf", "encrypted": "encrypted"}
    assert rows[ids["good"]]["source"] == "pdf" and rows[ids["good"]]["tries"] == 1
    assert rows["2601.00099"]["status"] == "skipped" and rows["2601.00099"]["error"] == queue.SKIP_REASON

    for _ in range(3):  # later nights: transient kinds are retried until their tries run out
        run_fulltext(store, settings, progress=False)
    assert queue.count_due(store, 3) == 0
    served = {name: server.requests[f"{pid}v1"] for name, pid in ids.items()}
    assert served == {"good": 1, "good2": 1, "missing": 1, "truncated": 3, "cut": 3, "html": 3, "encrypted": 1}
    tries = {name: r["fulltext_tries"] for name, pid in ids.items()
             for r in store._read("MATCH (p:Paper {arxiv_id: $id}) RETURN p.fulltext_tries AS fulltext_tries",
                                  {"id": pid})}
    assert tries == {"good": 1, "good2": 1, "missing": 1, "truncated": 3, "cut": 3, "html": 3, "encrypted": 1}

    status = queue.status(store, 3)
    assert status["counts"] == {"pending": 0, "fetched": 2, "failed": 5, "skipped": 1}
    assert status["sources"] == {"pdf": 2}
    assert {r["reason"]: r["papers"] for r in status["failures"]}["truncated: the PDF ends before its %%EOF marker"] == 1
    assert store.fulltext_coverage() == [{"month": "unknown", "status": s, "papers": n}
                                         for s, n in (("failed", 5), ("fetched", 2), ("skipped", 1))]

    assert queue.retry_failed(store) == 5  # an operator can requeue them all
    assert store.fulltext_counts()["pending"] == 5 and queue.count_due(store, 3) == 5


def test_priority_order_budget_limit_and_new_versions(shared_data: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.embedded import EmbeddedStore

    keys = ["scibert", "codex", "gemini"]
    server = PdfServer(routes_for(shared_data, keys) | {"2601.00010v1": "404"})
    try:
        settings = _settings(tmp_path, monkeypatch, server.base_url)
        store = EmbeddedStore(settings.store_path)
        plain = _record("2601.00010", "On the convergence of a sampler", ["cs.LG"])
        scibert = _record("1903.10676", REAL_PAPERS["scibert"][2], ["cs.CL"],
                          "We release SciBERT, a pretrained language model; it outperforms BERT on benchmarks.")
        codex = _record("2699.00001", "Codex addendum", ["cs.AI"], "We introduce codex-1.")
        gemini = _record("2699.00002", "Gemini 3 Flash", ["cs.AI"], "Scores on benchmarks.")
        store.write_batch([plain, scibert, codex, gemini], [])
        queue.enqueue_new(store, settings.categories)
        order = [d.arxiv_id for d in queue.next_due(store, 10, 3)]
        assert order[-1] == "2601.00010"  # no cue at all: last
        assert order[0] == "1903.10676"  # releases a model and reports on benchmarks: first

        ticks = iter(range(0, 10_000, 10))  # a fake clock: every reading is 10 s after the last
        report = run_fulltext(store, settings, budget_s=25, progress=False, clock=lambda: float(next(ticks)))
        assert (report.stop, report.attempted, report.fetched) == ("budget", 1, 1)
        assert store.fulltext_counts()["pending"] == 3

        report = run_fulltext(store, settings, limit=2, progress=False)
        assert (report.stop, report.attempted) == ("limit", 2)
        report = run_fulltext(store, settings, progress=False)
        assert report.stop == "done" and report.remaining == 0
        assert store.fulltext_counts() == {"pending": 0, "fetched": 3, "failed": 1, "skipped": 0}

        # a new version re-queues the paper; its file is fetched for that version
        store.write_batch([scibert.model_copy(update={"version": 2})], [])
        assert store.fulltext_counts()["pending"] == 1
        server.routes["1903.10676v2"] = server.routes["1903.10676v1"]
        report = run_fulltext(store, settings, progress=False)
        assert (report.fetched, report.downloads) == (1, 1)
        assert server.requests["1903.10676v2"] == 1 and server.requests["1903.10676v1"] == 1
        store.close()
    finally:
        server.close()


def test_fulltext_command_status_json_and_bad_flags(shared_data: Path, tmp_path: Path) -> None:
    server = PdfServer(routes_for(shared_data, ["scibert"]))
    home = tmp_path / "home"
    env = {"SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": "embedded", "SOTAGRAPH_PDF_URL": server.base_url,
           "SOTAGRAPH_REQUEST_INTERVAL": "0", "SOTAGRAPH_HTTP_RETRIES": "0"}
    try:
        none = run_cli("fulltext", env=env)
        assert none.returncode == 1 and "no graph store" in none.stderr and "Traceback" not in none.stderr
        from graph.embedded import EmbeddedStore

        store = EmbeddedStore(home / "graph" / "sotagraph.lbug")
        store.write_batch([_record("1903.10676", REAL_PAPERS["scibert"][2], ["cs.CL"]),
                           _record("2601.00010", "Gone", ["cs.CL"])], [])
        store.close()
        bad = run_cli("fulltext", "--run", "--budget", "-1", env=env)
        assert bad.returncode == 2 and bad.stderr.strip().startswith("error:") and "Traceback" not in bad.stderr
        done = run_cli("fulltext", "--run", "--json", env=env)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert out["run"]["fetched"] == 1 and out["run"]["failed"] == 1 and out["run"]["stop"] == "done"
        assert out["counts"] == {"pending": 0, "fetched": 1, "failed": 1, "skipped": 0}
        assert out["failures"] == [{"reason": "http-404: HTTP 404 Not Found", "papers": 1}]
        text = run_cli("fulltext", env=env)
        assert text.returncode == 0 and "fetched" in text.stdout and "http-404" in text.stdout
        assert server.requests["1903.10676v1"] == 1
    finally:
        server.close()


def test_bulk_tar_fills_the_cache_so_no_request_is_made(shared_data: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import tarfile

    from graph.embedded import EmbeddedStore
    from tracker.fulltext.bulk import import_tar, member_id
    from tracker.fulltext.fetch import FileCache

    assert member_id("2401/2401.01234v2.pdf") == ("2401.01234", 2)
    assert member_id("9901/hep-th9901001v1.pdf") == ("hep-th/9901001", 1)
    scibert = (shared_data / REAL_PAPERS["scibert"][1]).read_bytes()
    tar_path = tmp_path / "arXiv_pdf_1903_001.tar"
    with tarfile.open(tar_path, "w") as tar:
        for name, data in (("1903/1903.10676v1.pdf", scibert), ("1903/1903.99999v1.pdf", scibert[:5000]),
                           ("1903/README.txt", b"not a pdf")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    server = PdfServer(routes_for(shared_data, ["codex"]))
    try:
        settings = _settings(tmp_path, monkeypatch, server.base_url)
        counts = import_tar(FileCache(settings.pdf_dir), tar_path)
        assert (counts.imported, counts.skipped) == (1, 2)  # the cut PDF and the text file are refused
        assert import_tar(FileCache(settings.pdf_dir), tar_path).already == 1
        store = EmbeddedStore(settings.store_path)
        store.write_batch([_record("1903.10676", REAL_PAPERS["scibert"][2], ["cs.CL"]),
                           _record("2699.00001", REAL_PAPERS["codex"][2], ["cs.AI"])], [])
        report = run_fulltext(store, settings, progress=False)
        assert (report.fetched, report.from_cache, report.downloads) == (2, 1, 1)
        assert "1903.10676v1" not in server.requests
        store.close()
    finally:
        server.close()


def test_a_run_stops_when_the_server_is_unreachable_and_the_rest_keep_their_tries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No network (a closed loopback port): a few papers fail as unavailable, then the run stops
    instead of burning every queued paper's tries."""
    from graph.embedded import EmbeddedStore
    from tests.neo4j_server import free_port
    from tracker.fulltext.run import UNREACHABLE_STREAK

    settings = _settings(tmp_path, monkeypatch, f"http://127.0.0.1:{free_port()}/pdf/")
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.write_batch([_record(f"2601.001{i:02d}", f"Paper {i}", ["cs.CL"]) for i in range(10)], [])
        report = run_fulltext(store, settings, progress=False)
        assert report.stop == "unreachable"
        assert report.failed == UNREACHABLE_STREAK
        assert report.failures == {"unavailable": UNREACHABLE_STREAK}
        assert store.fulltext_counts()["pending"] == 10 - UNREACHABLE_STREAK
        tries = store.rows("MATCH (p:Paper) WHERE p.fulltext_status = 'failed' "
                           "RETURN p.fulltext_tries AS tries, p.fulltext_error AS error")
        assert len(tries) == UNREACHABLE_STREAK
        assert all(r["tries"] == 0 and r["error"].startswith("unavailable") for r in tries)  # an outage costs no try
        again = run_fulltext(store, settings, progress=False)  # the next night tries them again
        assert again.stop == "unreachable" and again.failed == UNREACHABLE_STREAK


def test_a_stored_record_that_fails_validation_fails_that_paper_not_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.embedded import EmbeddedStore
    from tracker.fulltext.queue import records

    settings = _settings(tmp_path, monkeypatch, "http://127.0.0.1:9/pdf/")
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.write_batch([_record("2601.00201", "Good", ["cs.CL"]), _record("2601.00202", "Bad", ["cs.CL"])], [])
        store.run_write("MATCH (p:Paper {arxiv_id: '2601.00202'}) SET p.version = 0")  # invalid today
        got = records(store, ["2601.00201", "2601.00202"])
        assert list(got) == ["2601.00201"]
        bad = store.rows("MATCH (p:Paper {arxiv_id: '2601.00202'}) RETURN p.fulltext_status AS s, "
                         "p.fulltext_error AS e")[0]
        assert bad["s"] == "failed" and bad["e"].startswith("invalid-record")
        assert settings.fulltext_max_tries >= 1
