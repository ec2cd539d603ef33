"""Load real data into a store for the dashboard's tests, benchmark and screenshots.

The snapshot (``../shared/data/arxiv-daily``) has no PDFs, so benchmark-table results are
sparse; the four DeepSeek PDFs in ``../shared/data/pdfs`` carry large comparison tables
(DeepSeek, Qwen, Llama, Mixtral, GPT-4o, Claude). Their records are built from the PDF's
first page plus the arXiv id and announcement date known for each file, and ingested through
the real pipeline with ``extract_paper(record, pdf)`` so the open-vs-closed frontier has data.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from tracker.records import PaperRecord

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = Path(os.environ.get("SOTAGRAPH_SHARED_DATA", ROOT.parent / "shared" / "data"))
SNAPSHOT = SHARED_DATA / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"

# file -> (arxiv id, version, first-listed date, categories, title): facts of the public arXiv listing.
PDF_PAPERS: dict[str, tuple[str, int, date, list[str], str]] = {
    "deepseek-v2_2405.04434.pdf": ("2405.04434", 5, date(2024, 5, 7), ["cs.CL", "cs.AI"],
                                   "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model"),
    "deepseek-coder-v2_2406.11931.pdf": ("2406.11931", 1, date(2024, 6, 17), ["cs.SE", "cs.AI", "cs.LG"],
                                         "DeepSeek-Coder-V2: Breaking the Barrier of Closed-Source Models in Code "
                                         "Intelligence"),
    "deepseek-v3_2412.19437.pdf": ("2412.19437", 2, date(2024, 12, 27), ["cs.CL", "cs.AI"],
                                   "DeepSeek-V3 Technical Report"),
    "deepseek-r1_2501.12948.pdf": ("2501.12948", 1, date(2025, 1, 22), ["cs.CL", "cs.AI", "cs.LG"],
                                   "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning"),
}
_NUMERIC = re.compile(r"^[\d.%\s]+$")


def record_from_pdf(arxiv_id: str, version: int, published: date, categories: list[str], title: str,
                    first_page: str) -> PaperRecord:
    """A paper record: the listing facts plus the abstract read from page one (after 'Abstract',
    up to the first short line, where the front-page chart labels begin)."""
    lines = [ln.strip() for ln in first_page.splitlines() if ln.strip()]
    abstract_lines: list[str] = []
    if "Abstract" in lines:
        for ln in lines[lines.index("Abstract") + 1:]:
            if _NUMERIC.match(ln) or len(ln) < 20:
                break
            abstract_lines.append(ln)
    return PaperRecord(arxiv_id=arxiv_id, version=version, title=title,
                       abstract=" ".join(abstract_lines).replace("- ", "-"), authors=["DeepSeek-AI"], categories=categories,
                       published=published, updated=published,
                       pdf_url=f"https://arxiv.org/pdf/{arxiv_id}v{version}")


def ingest_pdf_papers(store: Any, pdf_dir: Path = SHARED_DATA / "pdfs", *, source: str = "pdf-dev") -> int:
    """Ingest the DeepSeek PDFs with table extraction; returns how many were written."""
    from tracker.extract.paper import extract_paper
    from tracker.pdf.reader import PdfUnreadable, read_pdf
    from tracker.pipeline import run_ingest

    docs: dict[str, Any] = {}
    records: list[PaperRecord] = []
    for name, (aid, version, published, cats, title) in PDF_PAPERS.items():
        path = pdf_dir / name
        if not path.is_file():
            log.warning("skipping %s: not found", path)
            continue
        try:
            doc = read_pdf(path.read_bytes())
        except PdfUnreadable as exc:
            log.warning("skipping %s: %s", path, exc.reason)
            continue
        docs[aid] = doc
        records.append(record_from_pdf(aid, version, published, cats, title, doc.pages[0].text))
    if not records:
        return 0
    result = run_ingest(store, records, source=source, extractor=lambda rec: extract_paper(rec, docs.get(rec.arxiv_id)),
                        progress=False)
    return int(result.counts.get("papers_new", 0)) + int(result.counts.get("papers_updated", 0))


def snapshot_records(n: int | None = None, path: Path = SNAPSHOT, *, step: int = 1) -> Iterator[PaperRecord]:
    """The first ``n`` records of the snapshot (every ``step``-th, to spread them over the 16 months)."""
    from tracker.sources.snapshot import SnapshotSource

    records: Iterable[PaperRecord] = SnapshotSource(path)
    if step > 1:
        records = islice(records, 0, None, step)
    return islice(records, n) if n is not None else iter(records)


def ingest_snapshot(store: Any, n: int | None = None, *, step: int = 1, batch_size: int = 2000,
                    progress: bool = False) -> dict[str, Any]:
    """Ingest snapshot papers with the default (text) extraction through the real pipeline."""
    from tracker.pipeline import default_extractor, run_ingest

    result = run_ingest(store, snapshot_records(n, step=step), source="snapshot", batch_size=batch_size,
                        extractor=default_extractor(), progress=progress)
    return result.counts
