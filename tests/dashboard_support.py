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
