"""One full-text pass: queue what is new, then fetch, parse, extract and write papers in priority
order until the queue is empty, the wall-time budget is spent or the per-run maximum is reached.

Each paper is its own unit of work: its try is counted, its file cached, its extraction written
(``write_batch`` replaces the paper's abstract-only facts), then its status set. A kill at any
point loses at most the paper in hand, and the rerun takes its file from the cache.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from tqdm import tqdm

from graph.store import GraphStore, IngestRunInfo
from tracker.fulltext import queue
from tracker.fulltext.fetch import Downloader, FileCache, FullTextFailure, FullTextSource, PdfSource, fetch_document
from tracker.sources.http import PoliteClient

log = logging.getLogger(__name__)

RUN_SOURCE = "fulltext"
PAGE = 25
Extract = Callable[[Any, Any], Any]


@dataclass
class FullTextReport:
    run_id: str = ""
    queued: int = 0
    """Papers the queue saw for the first time in this run."""
    skipped: int = 0
    attempted: int = 0
    fetched: int = 0
    failed: int = 0
    downloads: int = 0
    """HTTP requests made (retries included)."""
    from_cache: int = 0
    stop: str = "done"
    """Why the run ended: ``done`` (queue empty), ``budget``, ``limit`` or ``disabled``."""
    elapsed_s: float = 0.0
    remaining: int = 0
    failures: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        fails = ", ".join(f"{k} {v}" for k, v in sorted(self.failures.items()))
        return (f"full text: {self.fetched} fetched, {self.failed} failed{f' ({fails})' if fails else ''}, "
                f"{self.from_cache} from cache, {self.downloads} requests in {self.elapsed_s:.0f} s; "
                f"{self.remaining} still due (stopped: {self.stop})")


def default_extract() -> Extract:
    from tracker.extract.paper import extract_paper

    return extract_paper


UNREACHABLE_STREAK = 3
"""Papers in a row that fail as ``unavailable`` (after the client's retries) before a run stops: with
the server or network down, the rest of the queue would only burn its tries."""


def run_fulltext(store: GraphStore, settings: Any, *, budget_s: float | None = None, limit: int | None = None,
                 progress: bool = True, sources: list[FullTextSource] | None = None, extract: Extract | None = None,
                 client: PoliteClient | None = None, clock: Callable[[], float] = time.monotonic) -> FullTextReport:
    """Drain the queue within ``budget_s`` seconds and ``limit`` papers (defaults from ``settings``)."""
    budget = settings.fulltext_budget_s if budget_s is None else budget_s
    cap = settings.fulltext_max_papers if limit is None else limit
    max_tries = settings.fulltext_max_tries
    sources = sources or [PdfSource(settings.pdf_base_url)]
    extract = extract or default_extract()
    client = client or PoliteClient(interval_s=settings.request_interval_s, timeout_s=settings.http_timeout_s,
                                    retries=settings.http_retries)
    downloader, cache = Downloader(client), FileCache(settings.pdf_dir)
    start = clock()
    info = IngestRunInfo(source=RUN_SOURCE)
    store.start_run(info)
    report = FullTextReport(run_id=info.run_id)
    requests_before = downloader.requests_made
    bar = tqdm(desc="full text", unit="paper", disable=not progress, leave=False)
    tried: list[str] = []
    spent: list[float] = []
    streak = 0
    status, message = "ok", None
    try:
        report.queued, report.skipped = queue.enqueue_new(store, settings.categories)
        bar.reset(total=min(queue.count_due(store, max_tries), cap))
        while True:
            if report.attempted >= cap:
                report.stop = "limit"
                break
            due = queue.next_due(store, min(PAGE, cap - report.attempted), max_tries, tried)
            if not due:
                break
            recs = queue.records(store, [d.arxiv_id for d in due])
            for item in due:
                mean = sum(spent) / len(spent) if spent else 0.0
                if report.attempted >= cap or clock() - start + mean > budget:
                    report.stop = "limit" if report.attempted >= cap else "budget"
                    break
                t0 = clock()
                tried.append(item.arxiv_id)
                kind = _one(store, item, recs.get(item.arxiv_id), sources, cache, downloader, extract, report)
                spent.append(clock() - t0)
                bar.update(1)
                streak = streak + 1 if kind == "unavailable" else 0
                if streak >= UNREACHABLE_STREAK:
                    report.stop = "unreachable"
                    log.warning("full text: %d papers in a row could not be fetched (server or network down); "
                                "stopping this run, the rest stay queued", streak)
                    break
            else:
                continue
            break
    except BaseException as exc:
        status, message = "failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise
    finally:
        bar.close()
        report.downloads = downloader.requests_made - requests_before
        report.elapsed_s = round(clock() - start, 3)
        try:
            report.remaining = queue.count_due(store, max_tries)
            if report.remaining == 0 and status == "ok":
                report.stop = "done"  # the limit was reached with the queue's last paper
            store.finish_run(info, status, {k: v for k, v in report.as_dict().items() if k != "run_id"}, message)
        except Exception:  # noqa: BLE001 - the store may be what failed; the run's own error wins
            log.debug("could not record the full-text run", exc_info=True)
    log.info("%s", report.line())
    return report


def _one(store: GraphStore, item: queue.Due, record: Any, sources: list[FullTextSource], cache: FileCache,
         downloader: Downloader, extract: Extract, report: FullTextReport) -> str | None:
    """Fetch, parse, extract and write one paper; record how it ended (store errors propagate).
    Returns the failure kind, or ``None`` when the paper was read (or is gone)."""
    from tracker.knowledge_lookup import resolve_orgs

    report.attempted += 1
    if record is None:
        return None  # gone from the store since it was picked
    queue.mark_attempt(store, item.arxiv_id, item.version)
    failure: FullTextFailure | None = None
    for source in sources:
        try:
            doc, cached = fetch_document(source, cache, downloader, item.arxiv_id, item.version)
        except FullTextFailure as exc:
            failure = failure or exc
            continue
        try:
            extraction = extract(record, doc)
        except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the queue
            log.warning("extraction failed for %s: %s", item.arxiv_id, exc)
            failure = FullTextFailure("extraction", f"the extractor raised {type(exc).__name__}")
            break
        store.write_batch([record], [extraction], orgs=resolve_orgs([extraction]))
        queue.mark_fetched(store, item.arxiv_id, item.version, source.name)
        report.fetched += 1
        report.from_cache += int(cached)
        return None
    assert failure is not None
    log.info("full text of %sv%d failed: %s", item.arxiv_id, item.version, failure)
    queue.mark_failed(store, item.arxiv_id, item.version, str(failure))
    if failure.kind == "unavailable":
        queue.refund_attempt(store, item.arxiv_id, item.version)  # an outage must not use up the paper's tries
    report.failed += 1
    report.failures[failure.kind] = report.failures.get(failure.kind, 0) + 1
    return failure.kind
