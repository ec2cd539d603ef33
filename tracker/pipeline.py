"""The ingest pipeline: fetch -> parse -> extract -> write graph -> embed/index -> watermark.

Each batch is written in one store transaction (papers with their extractions), so a crash
leaves whole batches only; the watermark (the newest successful ``IngestRun``'s window end)
moves last, after the graph write and the vector index sync both succeeded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from tqdm import tqdm

from graph.store import GraphStore, IngestRunInfo, WriteCounts, utcnow
from tracker.entities import PaperExtraction
from tracker.records import PaperRecord
from tracker.sources.errors import SourceError

log = logging.getLogger(__name__)

Extractor = Callable[[PaperRecord], PaperExtraction]
PostWrite = Callable[[GraphStore], dict[str, Any]]
API_SOURCE = "arxiv-api"


@dataclass
class IngestResult:
    run_id: str
    status: str
    counts: dict[str, Any] = field(default_factory=dict)
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def default_extractor() -> Extractor | None:
    """The extraction hook: ``tracker.extract.paper.extract_paper`` when it is installed."""
    try:
        from tracker.extract.paper import extract_paper
    except ImportError:
        return None
    return lambda rec: extract_paper(rec)


def build_extractor(settings: Any) -> Extractor | None:
    """Text extraction always; with ``SOTAGRAPH_PDF=1`` also the PDF (polite, capped, cached).

    A PDF that cannot be fetched or read is a logged skip: the paper is still extracted from its
    title and abstract, and the run never fails for it.
    """
    try:
        from tracker.extract.paper import extract_paper
    except ImportError:
        return None
    if not getattr(settings, "pdf_enabled", False):
        return lambda rec: extract_paper(rec)
    from tracker.pdf.fetch import PdfFetcher
    from tracker.pdf.reader import PdfUnreadable, read_pdf

    fetcher = PdfFetcher(settings.pdf_dir, base_url=settings.pdf_base_url, daily_cap=settings.pdf_daily_cap,
                         interval_s=settings.request_interval_s, timeout_s=settings.http_timeout_s)

    def extract(rec: PaperRecord) -> PaperExtraction:
        pdf = None
        data = fetcher.fetch(rec.arxiv_id, rec.version)
        if data is not None:
            try:
                pdf = read_pdf(data)
            except PdfUnreadable as exc:
                log.info("skipping the PDF of %s: %s", rec.arxiv_id, exc)
        return extract_paper(rec, pdf)

    return extract


def batched(items: Iterable[PaperRecord], size: int) -> Iterator[list[PaperRecord]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _extract_all(records: Sequence[PaperRecord], extractor: Extractor | None, counts: dict[str, int]
                 ) -> list[PaperExtraction]:
    if extractor is None:
        return []
    out = []
    for rec in records:
        try:
            out.append(extractor(rec))
        except Exception as exc:  # an extractor bug must never lose the paper itself
            counts["extraction_errors"] = counts.get("extraction_errors", 0) + 1
            log.warning("extraction failed for %s: %s", rec.arxiv_id, exc)
    return out


def run_ingest(store: GraphStore, records: Iterable[PaperRecord], *, source: str, batch_size: int = 2000,
               window_from: datetime | None = None, window_to: datetime | None = None,
               extractor: Extractor | None = None, post_write: PostWrite | None = None,
               bad_records: Callable[[], list[str]] | None = None, progress: bool = True) -> IngestResult:
    """Write everything ``records`` yields; return the run's outcome (never raises for source errors)."""
    info = IngestRunInfo(source=source, window_from=window_from)
    store.start_run(info)
    totals = WriteCounts()
    extra: dict[str, int] = {"fetched": 0}
    status, message = "ok", None
    bar = tqdm(desc=f"ingest {source}", unit="paper", disable=not progress, leave=False)
    try:
        for batch in batched(records, batch_size):
            extra["fetched"] += len(batch)
            have = store.paper_versions([r.arxiv_id for r in batch])
            todo = [r for r in batch if r.version > have.get(r.arxiv_id, 0)]
            extractions = _extract_all(todo, extractor, extra)
            totals.add(store.write_batch(batch, extractions))
            bar.update(len(batch))
        if post_write is not None:
            extra.update(post_write(store))
    except SourceError as exc:
        status, message = "failed", str(exc)
        log.error("%s", exc)
    finally:
        bar.close()
    counts: dict[str, Any] = {**totals.__dict__, **extra}
    if bad_records is not None:
        bad = bad_records()
        counts["bad_records"] = len(bad)
        for line in bad[:20]:
            log.warning("bad record: %s", line)
    if status == "ok" and extra["fetched"] == 0 and window_to is None and source != API_SOURCE:
        message = "no records"
    store.finish_run(info, status, counts, message, window_to=window_to if status == "ok" else None)
    return IngestResult(info.run_id, status, counts, message)


def next_window(store: GraphStore, *, overlap_days: int, first_run_days: int, now: datetime | None = None
                ) -> tuple[datetime, datetime]:
    """From the watermark (less an overlap: arXiv announces late submissions) to now."""
    until = now or utcnow()
    mark = store.watermark(API_SOURCE)
    since = (mark - timedelta(days=overlap_days)) if mark else (until - timedelta(days=first_run_days))
    return since, until


def day_windows(since: datetime, until: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Split a backfill range into one-day windows (the API pages badly past ~10k results)."""
    start = since
    while start < until:
        end = min(start + timedelta(days=1), until)
        yield start, end
        start = end
