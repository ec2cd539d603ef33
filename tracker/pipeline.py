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
from tracker.knowledge_lookup import resolve_orgs
from tracker.records import PaperRecord
from tracker.redact import redact
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
    """Title-and-abstract extraction for the metadata pass. Full text goes through its own queue
    afterwards (:func:`fulltext_pass`), which re-extracts each paper from its PDF."""
    return default_extractor()


def fulltext_pass(store: GraphStore, settings: Any, *, progress: bool = True, budget_s: float | None = None,
                  limit: int | None = None) -> Any:
    """The nightly full-text pass after the metadata ingest (``SOTAGRAPH_FULLTEXT=0`` turns it off):
    queue new papers, then fetch, parse, extract and write within the wall-time budget."""
    from tracker.fulltext.run import FullTextReport, run_fulltext

    if not settings.fulltext_enabled:
        return FullTextReport(stop="disabled")
    return run_fulltext(store, settings, budget_s=budget_s, limit=limit, progress=progress)


def batched(items: Iterable[PaperRecord], size: int) -> Iterator[list[PaperRecord]]:
    """Lists of ``size`` records. When the source fails mid-batch (a cut file, a dead feed), the records
    it delivered before the failure come out as a last batch first, then the error is raised."""
    it = iter(items)
    while True:
        batch: list[PaperRecord] = []
        try:
            for record in islice(it, size):
                batch.append(record)
        except SourceError:
            if batch:
                yield batch
            raise
        if not batch:
            return
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
            # new papers and new versions are stamped with this run (the digest reads what a run brought)
            # inside the batch's own transaction: one commit per batch, not two
            totals.add(store.write_batch(batch, extractions, orgs=resolve_orgs(extractions), run_id=info.run_id))
            bar.update(len(batch))
        if post_write is not None:
            extra.update(post_write(store))
    except SourceError as exc:
        status, message = "failed", str(exc)
        log.error("%s", exc)
    except BaseException as exc:  # the store failed, a bug, Ctrl-C: record why when we still can, then go on up
        _record_abort(store, info, {**totals.__dict__, **extra}, exc)
        raise
    finally:
        bar.close()
    counts: dict[str, Any] = {**totals.__dict__, **extra}
    if bad_records is not None:
        bad = bad_records()  # each was logged in one line when the source met it
        counts["bad_records"] = len(bad)
        if bad:
            log.warning("%d bad records were skipped", len(bad))
    if status == "ok" and extra["fetched"] == 0 and window_to is None and source != API_SOURCE:
        message = "no records"
    store.finish_run(info, status, counts, message, window_to=window_to if status == "ok" else None)
    return IngestResult(info.run_id, status, counts, message)


def _record_abort(store: GraphStore, info: IngestRunInfo, counts: dict[str, Any], exc: BaseException) -> None:
    """Best effort: a run stopped by an exception is ``interrupted`` (Ctrl-C, SIGTERM) or ``failed``, not
    left ``running``; when even that write fails, the next run's start marks it (see ``start_run``)."""
    status = "interrupted" if isinstance(exc, (KeyboardInterrupt, SystemExit)) else "failed"
    message = redact((str(exc).strip().splitlines() or [""])[0] or type(exc).__name__)
    try:
        store.finish_run(info, status, counts, message)
    except Exception as write_exc:  # noqa: BLE001 - the original exception is the one to report
        log.debug("could not record the end of run %s: %s", info.run_id, write_exc)


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
