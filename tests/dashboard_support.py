"""Real data for the dashboard tests: 1,200 snapshot papers spread over the 16 months plus the four
DeepSeek PDFs (their result tables give the open-vs-closed frontier data), extracted once per
session by the real extractors and written through the real pipeline into any store."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from devsupport.devdata import PDF_PAPERS, SHARED_DATA, record_from_pdf, snapshot_records

from tracker.entities import PaperExtraction
from tracker.records import PaperRecord

SNAPSHOT_N = 1200
SNAPSHOT_STEP = 60
MATH_TITLE_ID = "2505.18092"  # "QwenLong-CPRS: Towards $\infty$-LLMs ..." (Markdown/LaTeX specials)


@functools.lru_cache(maxsize=1)
def corpus() -> tuple[list[PaperRecord], dict[str, PaperExtraction]]:
    """Records and their extractions (``extract_paper``; with the PDF for the DeepSeek papers)."""
    from tracker.extract.paper import extract_paper
    from tracker.pdf.reader import read_pdf

    records: list[PaperRecord] = []
    extractions: dict[str, PaperExtraction] = {}
    for name, (aid, version, published, cats, title) in PDF_PAPERS.items():
        doc = read_pdf((SHARED_DATA / "pdfs" / name).read_bytes())
        rec = record_from_pdf(aid, version, published, cats, title, doc.pages[0].text)
        records.append(rec)
        extractions[aid] = extract_paper(rec, doc)
    for rec in snapshot_records(SNAPSHOT_N, step=SNAPSHOT_STEP):
        records.append(rec)
        extractions[rec.arxiv_id] = extract_paper(rec)
    return records, extractions


def load(store: Any) -> dict[str, Any]:
    """Write the corpus into ``store`` with ``run_ingest`` (the extractions computed once)."""
    from tracker.pipeline import run_ingest

    records, extractions = corpus()
    result = run_ingest(store, records, source="test", batch_size=500, extractor=lambda rec: extractions[rec.arxiv_id],
                        progress=False)
    assert result.ok, result.message
    return result.counts


def expected_results(benchmark: str) -> list[dict[str, Any]]:
    """Results on ``benchmark`` straight from the extractions (what the graph must give back)."""
    records, extractions = corpus()
    published = {r.arxiv_id: r.published for r in records}
    models = {}
    for ext in extractions.values():
        for m in ext.models:
            models.setdefault(m.key, m)
    out = []
    for aid, ext in extractions.items():
        for r in ext.results:
            if r.benchmark == benchmark:
                out.append({"arxiv_id": aid, "model": r.model, "value": r.value, "metric": r.metric,
                            "published": published[aid], "is_open": models[r.model].is_open
                            if r.model in models and models[r.model].accessibility != "unknown" else None})
    return out


_HOME: Path | None = None


def app_home(tmp_path_factory: Any) -> Path:
    """A home with the real corpus in the embedded store and a small vector index (the DeepSeek papers and
    60 others: embedding all 1,204 would take minutes on 2 cores). Built once per test process."""
    global _HOME
    if _HOME is not None:
        return _HOME
    from graph.embedded import EmbeddedStore
    from tracker.config import load_settings
    from tracker.embed import Embedder
    from tracker.similarity import embed_new_papers, new_index

    home = tmp_path_factory.mktemp("dash") / "home"
    settings = load_settings(home=home, graph="embedded")
    store = EmbeddedStore(settings.store_path)
    load(store)
    records, _ = corpus()
    embedder = Embedder(show_progress=False)
    index = new_index(embedder)
    embed_new_papers(store, index, embedder, ids=[r.arxiv_id for r in records[:64]], progress=False)
    index.save(settings.index_dir, graph_paper_count=store.count_papers())
    store.close()
    _HOME = home
    return home


# ---- the full stores: the whole snapshot, and the shared PDFs and reports through the full-text path -----
_FULL: Path | None = None
_FULLTEXT: Path | None = None
FULL_HOME_ENV = "SOTAGRAPH_TEST_FULL_HOME"
FULLTEXT_HOME_ENV = "SOTAGRAPH_TEST_FULLTEXT_HOME"
"""Homes already built as :func:`full_home` and :func:`fulltext_home` build them, reused read-only instead
(development loops); unset in CI, where the session builds both."""


def full_home(tmp_path_factory: Any) -> Path:
    """The whole 74,728-paper snapshot loaded the way a user loads it (``backfill --from``, with extraction,
    no embeddings), once per test process."""
    global _FULL
    if _FULL is not None:
        return _FULL
    import os
    import subprocess
    import sys

    from devsupport.devdata import ROOT, SNAPSHOT

    given = os.environ.get(FULL_HOME_ENV)
    if given:
        _FULL = Path(given)
        return _FULL
    home = tmp_path_factory.mktemp("dash-full") / "home"
    proc = subprocess.run([sys.executable, "-m", "tracker.cli", "--no-progress", "backfill", "--from", str(SNAPSHOT),
                           "--no-embed"], cwd=ROOT, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": "embedded"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    _FULL = home
    return home


def fulltext_papers() -> list[tuple[PaperRecord, bytes]]:
    """Every shared PDF (10 arXiv papers, 37 technical reports and model cards) as a metadata record and its
    bytes: the records of ``benchmarks/fulltext_nightly.py``, dated by their arXiv id (YYMM) or, for a report
    without one, by the month in its source path."""
    import json
    import re
    from datetime import date

    from fulltext_nightly import papers

    months = {}
    for r in json.loads((SHARED_DATA / "reports" / "reports.json").read_text()):
        m = re.search(r"(20\d\d)-(\d\d)", r.get("path") or "")
        if m:
            months[r["title"]] = date(int(m.group(1)), int(m.group(2)), 1)
    out = []
    for rec, data in papers():
        yy, mm = int(rec.arxiv_id[:2]), int(rec.arxiv_id[2:4])
        day = date(2000 + yy, mm, 1) if 1 <= mm <= 12 else months.get(rec.title, date(2026, 1, 1))
        out.append((rec.model_copy(update={"published": day, "updated": day}), data))
    return out


def fulltext_home(tmp_path_factory: Any) -> Path:
    """A home whose papers are the shared PDFs and reports, ingested as metadata and then read through the
    full-text path (queue, fetch over loopback HTTP, parse, extract, write), once per test process."""
    global _FULLTEXT
    if _FULLTEXT is not None:
        return _FULLTEXT
    import os

    from graph.embedded import EmbeddedStore
    from tests.pdf_server import PdfServer
    from tracker.config import load_settings
    from tracker.fulltext.run import run_fulltext
    from tracker.pipeline import run_ingest

    if os.environ.get(FULLTEXT_HOME_ENV):
        _FULLTEXT = Path(os.environ[FULLTEXT_HOME_ENV])
        return _FULLTEXT
    items = fulltext_papers()
    home = tmp_path_factory.mktemp("dash-fulltext") / "home"
    server = PdfServer({f"{r.arxiv_id}v{r.version}": data for r, data in items})
    env = {"SOTAGRAPH_PDF_URL": server.base_url, "SOTAGRAPH_REQUEST_INTERVAL": "0", "SOTAGRAPH_HTTP_RETRIES": "0",
           "SOTAGRAPH_FULLTEXT": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        settings = load_settings(home=home, graph="embedded")
        store = EmbeddedStore(settings.store_path)
        try:
            result = run_ingest(store, [r for r, _ in items], source="test", batch_size=500, progress=False)
            assert result.ok, result.message
            report = run_fulltext(store, settings, budget_s=3600, limit=len(items), progress=False)
            assert report.fetched >= len(items) - 2, report.line()
        finally:
            store.close()
    finally:
        server.close()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    _FULLTEXT = home
    return home
