"""Snapshot files: JSON lines, plain or gzip, streamed line by line (never loaded whole).

Two shapes are read: the ``arxiv-daily`` listing shape (``summary``, author list,
``_listing_date``) and arXiv's public metadata snapshot (``abstract``, ``authors_parsed``,
``versions``, ``update_date``, space-separated ``categories``). Our own record dumps
(``arxiv_id`` ...) are accepted too, so ``sotagraph extract`` can read what it wrote.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tracker.records import PaperRecord, split_version
from tracker.sources.errors import BadRecord, SnapshotError

log = logging.getLogger(__name__)


def _iso_date(raw: Any) -> date | None:
    if not raw:
        return None
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError):
            return None


def _authors_from_parsed(parsed: list[list[str]]) -> list[str]:
    names = []
    for parts in parsed:
        last = parts[0] if parts else ""
        first = parts[1] if len(parts) > 1 else ""
        suffix = parts[2] if len(parts) > 2 else ""
        names.append(" ".join(p for p in (first, last, suffix) if p))
    return names


def _split_author_string(raw: str) -> list[str]:
    text = raw.replace("\n", " ").replace(" and ", ", ")
    return [a.strip() for a in text.split(",") if a.strip()]


def record_from_json(obj: dict[str, Any]) -> PaperRecord:
    """Map one JSON object of any supported shape to a record; :class:`BadRecord` if unusable."""
    if not isinstance(obj, dict):
        raise BadRecord("not a JSON object")
    raw_id = obj.get("arxiv_id") or obj.get("id")
    if not raw_id:
        raise BadRecord("record has no id")
    arxiv_id, version = split_version(str(raw_id))
    if "arxiv_id" in obj:  # our own dump (PaperRecord.model_dump)
        try:
            return PaperRecord.model_validate(obj)
        except ValidationError as exc:
            raise BadRecord(f"record {raw_id}: {exc.errors()[0]['msg']}") from exc
    categories = obj.get("categories") or []
    if isinstance(categories, str):
        categories = categories.split()
    versions = obj.get("versions") or []
    published = updated = None
    if versions:  # metadata snapshot
        first, last = versions[0], versions[-1]
        published = _iso_date(first.get("created")) if isinstance(first, dict) else None
        updated = _iso_date(last.get("created")) if isinstance(last, dict) else None
        last_v = last.get("version", "") if isinstance(last, dict) else str(last)
        if str(last_v).lstrip("v").isdigit():
            version = int(str(last_v).lstrip("v"))
    listing = _iso_date(obj.get("_listing_date"))
    published = published or _iso_date(obj.get("published")) or listing
    updated = updated or _iso_date(obj.get("update_date")) or _iso_date(obj.get("updated")) or published
    authors = obj.get("authors") or []
    if obj.get("authors_parsed"):
        authors = _authors_from_parsed(obj["authors_parsed"])
    elif isinstance(authors, str):
        authors = _split_author_string(authors)
    pdf = obj.get("pdf") or obj.get("pdf_url") or f"https://arxiv.org/pdf/{arxiv_id}"
    try:
        return PaperRecord(
            arxiv_id=arxiv_id,
            version=version or 1,
            title=obj.get("title") or "",
            abstract=obj.get("summary") or obj.get("abstract") or "",
            authors=[str(a) for a in authors],
            categories=[str(c) for c in categories],
            published=published,
            updated=updated,
            comment=obj.get("comment") or obj.get("comments"),
            journal_ref=obj.get("journal_ref") or obj.get("journal-ref"),
            doi=obj.get("doi"),
            pdf_url=pdf,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise BadRecord(f"record {raw_id}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from exc


def _open_text(path: Path) -> io.TextIOBase:
    with open(path, "rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


@dataclass
class SnapshotSource:
    """Streams records from a JSON-lines file; bad lines are logged, counted and skipped."""

    path: Path
    bad: list[str] = field(default_factory=list)
    lines_read: int = 0

    def __iter__(self) -> Iterator[PaperRecord]:
        if not self.path.is_file():
            raise SnapshotError(f"{self.path}: no such file")
        lineno = 0
        try:
            with _open_text(self.path) as fh:
                for lineno, line in enumerate(fh, start=1):
                    self.lines_read = lineno
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                        yield record_from_json(obj)
                    except json.JSONDecodeError as exc:
                        self._bad(f"{self.path}:{lineno}: malformed JSON ({exc.msg})")
                    except BadRecord as exc:
                        self._bad(f"{self.path}:{lineno}: {exc}")
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
            raise SnapshotError(f"{self.path}: unreadable after line {lineno} ({exc or type(exc).__name__})") from exc

    def _bad(self, message: str) -> None:
        self.bad.append(message)
        log.warning("skipped %s", message)


def parse_when(raw: str) -> datetime:
    """Dates on the command line: ``YYYY-MM-DD`` or full ISO."""
    return datetime.fromisoformat(raw)
