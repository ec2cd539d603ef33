"""Parse arXiv API Atom feeds: a pure function of bytes (no I/O), as arxiv.py does it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import ValidationError

from tracker.records import PaperRecord, invalid_reason, split_version
from tracker.sources.errors import ArxivApiError, BadRecord, FeedParseError

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}


@dataclass
class FeedPage:
    total_results: int
    start_index: int
    items_per_page: int
    records: list[PaperRecord] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)


def _text(el: ET.Element | None) -> str | None:
    return el.text if el is not None and el.text is not None else None


def _date(raw: str | None, what: str) -> date | None:
    if not raw or not raw.strip():
        return None
    try:
        return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date()
    except ValueError:
        raise BadRecord(f"unparseable date in {what}: {raw.strip()[:40]!r}") from None


def _int(root: ET.Element, tag: str) -> int:
    raw = _text(root.find(tag, NS))
    try:
        return int(raw) if raw is not None else 0
    except ValueError:
        return 0


def parse_entry(entry: ET.Element) -> PaperRecord:
    """One ``<entry>`` to a record; raises :class:`BadRecord` when it cannot be used."""
    raw_id = _text(entry.find("atom:id", NS)) or ""
    arxiv_id, version = split_version(raw_id)
    authors, affiliations = [], []
    for author in entry.findall("atom:author", NS):
        authors.append(_text(author.find("atom:name", NS)) or "")
        affiliations.append([a.text.strip() for a in author.findall("arxiv:affiliation", NS) if a.text])
    primary = entry.find("arxiv:primary_category", NS)
    categories = [primary.get("term", "")] if primary is not None else []
    categories += [c.get("term", "") for c in entry.findall("atom:category", NS)]
    pdf_url = None
    for link in entry.findall("atom:link", NS):
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            pdf_url = link.get("href")
    try:
        return PaperRecord(
            arxiv_id=arxiv_id,
            version=version or 1,
            title=_text(entry.find("atom:title", NS)) or "",
            abstract=_text(entry.find("atom:summary", NS)) or "",
            authors=authors,
            affiliations=affiliations if any(affiliations) else [],
            categories=categories,
            published=_date(_text(entry.find("atom:published", NS)), "published"),
            updated=_date(_text(entry.find("atom:updated", NS)), "updated"),
            comment=_text(entry.find("arxiv:comment", NS)),
            journal_ref=_text(entry.find("arxiv:journal_ref", NS)),
            doi=_text(entry.find("arxiv:doi", NS)),
            pdf_url=pdf_url,
        )
    except (ValidationError, ValueError, BadRecord) as exc:
        raise BadRecord(f"entry {raw_id.strip() or '(no id)'}: {invalid_reason(exc)}") from exc


def parse_feed(body: bytes | str, url: str = "(feed)") -> FeedPage:
    """Parse one API response. The error feed raises :class:`ArxivApiError`."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FeedParseError(f"malformed Atom feed from {url}: {exc}") from exc
    if root.tag != f"{{{NS['atom']}}}feed":
        raise FeedParseError(f"not an Atom feed from {url}: root element {root.tag!r}")
    entries = root.findall("atom:entry", NS)
    for entry in entries:
        entry_id = _text(entry.find("atom:id", NS)) or ""
        if "/api/errors" in entry_id:
            message = (_text(entry.find("atom:summary", NS)) or "unknown error").strip()
            raise ArxivApiError(f"arXiv API error: {message} ({url})")
    page = FeedPage(
        total_results=_int(root, "opensearch:totalResults"),
        start_index=_int(root, "opensearch:startIndex"),
        items_per_page=_int(root, "opensearch:itemsPerPage"),
    )
    for n, entry in enumerate(entries, start=1):
        try:
            page.records.append(parse_entry(entry))
        except BadRecord as exc:
            page.bad.append(str(exc))
        except (TypeError, AttributeError, IndexError, ValueError) as exc:  # one odd entry never sinks the page
            page.bad.append(f"entry #{n} of {url}: {type(exc).__name__}: {invalid_reason(exc)}")
    return page
