"""The arXiv query API client: date windows over categories, paging, retries, dedup.

The client owns paging and politeness; parsing lives in :mod:`tracker.sources.atom`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tracker.records import PaperRecord
from tracker.sources.atom import FeedPage, parse_feed
from tracker.sources.errors import FetchError, skip_record
from tracker.sources.http import PoliteClient

log = logging.getLogger(__name__)


def window_query(categories: Sequence[str], since: datetime, until: datetime) -> str:
    """``(cat:cs.AI OR ...) AND lastUpdatedDate:[since TO until]`` in arXiv's minute format."""
    cats = " OR ".join(f"cat:{c}" for c in categories)
    fmt = "%Y%m%d%H%M"
    return f"({cats}) AND lastUpdatedDate:[{since.strftime(fmt)} TO {until.strftime(fmt)}]"


@dataclass
class ArxivApiSource:
    base_url: str
    client: PoliteClient
    page_size: int = 200
    empty_page_retries: int = 3
    bad_records: list[str] = field(default_factory=list)
    pages_fetched: int = 0

    def _page(self, params: dict[str, str]) -> FeedPage:
        resp = self.client.get(self.base_url, params=params, ok_statuses=(200, 400))
        self.pages_fetched += 1
        return parse_feed(resp.content, resp.url)

    def query(self, search_query: str = "", id_list: Sequence[str] = (), *, sort_by: str = "lastUpdatedDate",
              sort_order: str = "ascending", max_results: int | None = None) -> Iterator[PaperRecord]:
        """All records of a query, page by page, each id once (the highest version seen wins later)."""
        seen: set[str] = set()
        start = 0
        empty_tries = 0
        total: int | None = None
        while total is None or start < total:
            size = self.page_size if max_results is None else min(self.page_size, max_results - start)
            if size <= 0:
                break
            params = {"search_query": search_query, "id_list": ",".join(id_list), "sortBy": sort_by,
                      "sortOrder": sort_order, "start": str(start), "max_results": str(size)}
            page = self._page(params)
            for message in page.bad:
                skip_record(self.bad_records, message)
            total = page.total_results if total is None else total
            got = len(page.records) + len(page.bad)
            if got == 0:
                if start >= page.total_results:
                    break
                empty_tries += 1
                if empty_tries > self.empty_page_retries:
                    raise FetchError(f"arXiv kept returning empty pages at start={start} of {total}")
                log.warning("empty page at start=%d of %d, retrying", start, total)
                continue
            empty_tries = 0
            for record in page.records:
                if record.arxiv_id not in seen:
                    seen.add(record.arxiv_id)
                    yield record
            start += got

    def window(self, categories: Sequence[str], since: datetime, until: datetime) -> Iterator[PaperRecord]:
        return self.query(window_query(categories, since, until))

    def by_ids(self, ids: Sequence[str]) -> Iterator[PaperRecord]:
        return self.query(id_list=ids, sort_by="relevance", sort_order="descending")
