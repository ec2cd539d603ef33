"""arXiv OAI-PMH bulk harvests: ``ListRecords`` with ``arXivRaw`` or ``arXiv`` metadata.

Resumption tokens are followed until exhausted; 503 ``Retry-After`` is honoured by the
polite client. Records outside the configured categories are dropped (an OAI set such as
``cs`` is broader than the categories we track).
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from email.utils import parsedate_to_datetime

from pydantic import ValidationError

from tracker.records import PaperRecord, invalid_reason
from tracker.sources.errors import BadRecord, FeedParseError, SourceError, skip_record
from tracker.sources.http import PoliteClient

log = logging.getLogger(__name__)
OAI = "http://www.openarchives.org/OAI/2.0/"
RAW = "http://arxiv.org/OAI/arXivRaw/"
ARXIV = "http://arxiv.org/OAI/arXiv/"


def _t(el: ET.Element | None, path: str, ns: str) -> str | None:
    if el is None:
        return None
    found = el.find(path.replace("x:", f"{{{ns}}}"))
    return found.text if found is not None and found.text else None


def _split_authors(raw: str) -> list[str]:
    return [a.strip() for a in re.split(r",|\band\b", raw.replace("\n", " ")) if a.strip()]


def _raw_record(meta: ET.Element) -> PaperRecord:
    versions = meta.findall(f"{{{RAW}}}version")
    dates = []
    for v in versions:
        raw_date = _t(v, "x:date", RAW)
        if raw_date:
            try:
                dates.append(parsedate_to_datetime(raw_date).date())
            except (TypeError, ValueError, IndexError, OverflowError):
                raise BadRecord(f"unparseable version date {raw_date.strip()[:40]!r}") from None
    last_version = (versions[-1].get("version", "v1") if versions else "v1").strip()
    digits = last_version.lstrip("v") or "1"
    if not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        raise BadRecord(f"not a version number: {last_version[:30]!r}")
    return PaperRecord(
        arxiv_id=_t(meta, "x:id", RAW) or "",
        version=int(digits),
        title=_t(meta, "x:title", RAW) or "",
        abstract=_t(meta, "x:abstract", RAW) or "",
        authors=_split_authors(_t(meta, "x:authors", RAW) or ""),
        categories=(_t(meta, "x:categories", RAW) or "").split(),
        published=dates[0] if dates else None,
        updated=dates[-1] if dates else None,
        comment=_t(meta, "x:comments", RAW),
        journal_ref=_t(meta, "x:journal-ref", RAW),
        doi=_t(meta, "x:doi", RAW),
    )


def _iso(raw: str | None, what: str) -> date | None:
    if not raw or not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise BadRecord(f"unparseable date in {what}: {raw.strip()[:40]!r}") from None


def _arxiv_record(meta: ET.Element) -> PaperRecord:
    authors, affiliations = [], []
    for a in meta.iterfind(f"{{{ARXIV}}}authors/{{{ARXIV}}}author"):
        parts = [_t(a, "x:forenames", ARXIV), _t(a, "x:keyname", ARXIV), _t(a, "x:suffix", ARXIV)]
        authors.append(" ".join(p for p in parts if p))
        affiliations.append([x.text.strip() for x in a.findall(f"{{{ARXIV}}}affiliation") if x.text])
    created = _iso(_t(meta, "x:created", ARXIV), "created")
    updated = _iso(_t(meta, "x:updated", ARXIV), "updated")
    return PaperRecord(
        arxiv_id=_t(meta, "x:id", ARXIV) or "",
        title=_t(meta, "x:title", ARXIV) or "",
        abstract=_t(meta, "x:abstract", ARXIV) or "",
        authors=authors,
        affiliations=affiliations if any(affiliations) else [],
        categories=(_t(meta, "x:categories", ARXIV) or "").split(),
        published=created,
        updated=updated or created,
        comment=_t(meta, "x:comments", ARXIV),
        journal_ref=_t(meta, "x:journal-ref", ARXIV),
        doi=_t(meta, "x:doi", ARXIV),
    )


@dataclass
class OaiPage:
    records: list[PaperRecord]
    bad: list[str]
    token: str | None


def parse_list_records(body: bytes, url: str = "(oai)") -> OaiPage:
    """Pure parse of one ``ListRecords`` response."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FeedParseError(f"malformed OAI-PMH response from {url}: {exc}") from exc
    error = root.find(f"{{{OAI}}}error")
    if error is not None:
        if error.get("code") == "noRecordsMatch":
            return OaiPage([], [], None)
        raise SourceError(f"OAI-PMH error {error.get('code')}: {(error.text or '').strip()} ({url})")
    records, bad = [], []
    for rec in root.iter(f"{{{OAI}}}record"):
        header = rec.find(f"{{{OAI}}}header")
        if header is not None and header.get("status") == "deleted":
            continue
        meta = rec.find(f"{{{OAI}}}metadata")
        try:
            if meta is None or len(meta) == 0:
                raise BadRecord("record without metadata")
            inner = meta[0]
            records.append(_raw_record(inner) if inner.tag.startswith(f"{{{RAW}}}") else _arxiv_record(inner))
        except (ValidationError, ValueError, TypeError, AttributeError, IndexError, BadRecord) as exc:
            ident = _t(header, "x:identifier", OAI) if header is not None else None
            bad.append(f"{url}: record {ident or '(no identifier)'}: {invalid_reason(exc)}")
    token_el = root.find(f"{{{OAI}}}ListRecords/{{{OAI}}}resumptionToken")
    token = token_el.text.strip() if token_el is not None and token_el.text and token_el.text.strip() else None
    return OaiPage(records, bad, token)


@dataclass
class OaiSource:
    base_url: str
    client: PoliteClient
    set_spec: str | None = "cs"
    metadata_prefix: str = "arXivRaw"
    since: date | None = None
    until: date | None = None
    categories: Sequence[str] = ()
    bad_records: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[PaperRecord]:
        params: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": self.metadata_prefix}
        if self.set_spec:
            params["set"] = self.set_spec
        if self.since:
            params["from"] = self.since.isoformat()
        if self.until:
            params["until"] = self.until.isoformat()
        wanted = set(self.categories)
        while True:
            resp = self.client.get(self.base_url, params=params)
            page = parse_list_records(resp.content, resp.url)
            for message in page.bad:
                skip_record(self.bad_records, message)
            for record in page.records:
                if not wanted or wanted.intersection(record.categories):
                    yield record
            if not page.token:
                return
            params = {"verb": "ListRecords", "resumptionToken": page.token}
