"""Snapshot files: JSON lines, plain or gzip, streamed line by line (never loaded whole).

Two shapes are read: the ``arxiv-daily`` listing shape (``summary``, author list,
``_listing_date``) and arXiv's public metadata snapshot (``abstract``, ``authors_parsed``,
``versions``, ``update_date``, space-separated ``categories``). Our own record dumps
(``arxiv_id`` ...) are accepted too, so ``sotagraph extract`` can read what it wrote.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from tracker.records import PaperRecord, invalid_reason, split_version
from tracker.sources.errors import BadRecord, SnapshotError, skip_record

log = logging.getLogger(__name__)


def _date_field(raw: Any, where: str) -> date | None:
    """ISO (``2025-03-19``) or RFC 2822 (``Mon, 2 Apr 2007 19:18:42 GMT``); unparseable is a bad record."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise BadRecord(f"{where} must be a date string, not {type(raw).__name__}")
    text = raw.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        raise BadRecord(f"unparseable date in {where}: {text[:40]!r}") from None


def _field(obj: dict[str, Any], names: tuple[str, ...], types: type | tuple[type, ...], what: str) -> Any:
    """The first of ``names`` that is present and not null/empty, type-checked; ``None`` when absent."""
    for name in names:
        value = obj.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, types):
            raise BadRecord(f"{name} must be {what}, not {type(value).__name__}")
        return value
    return None


def _str_list(value: Any, name: str) -> list[str]:
    if not all(isinstance(v, str) for v in value):
        raise BadRecord(f"{name} must be a list of strings")
    return list(value)


def _authors_from_parsed(parsed: list[Any]) -> list[str]:
    names = []
    for parts in parsed:
        if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
            raise BadRecord("authors_parsed must be a list of [last, first, suffix] string lists")
        last = parts[0] if parts else ""
        first = parts[1] if len(parts) > 1 else ""
        suffix = parts[2] if len(parts) > 2 else ""
        names.append(" ".join(p for p in (first, last, suffix) if p))
    return names


def _split_author_string(raw: str) -> list[str]:
    text = raw.replace("\n", " ").replace(" and ", ", ")
    return [a.strip() for a in text.split(",") if a.strip()]


def _version_of(entry: Any) -> int | None:
    raw = entry.get("version", "") if isinstance(entry, dict) else entry
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if not isinstance(raw, str):
        raise BadRecord(f"versions: a version must be a string like 'v2', not {type(raw).__name__}")
    digits = raw.strip().lstrip("v")
    if not digits:
        return None
    if not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        raise BadRecord(f"versions: not a version number: {raw[:30]!r}")
    return int(digits)


def _record_fields(obj: dict[str, Any]) -> dict[str, Any]:
    """The snapshot shapes' fields as :class:`PaperRecord` arguments, every field type-checked."""
    raw_id = _field(obj, ("id",), str, "a string")
    arxiv_id, version = split_version(raw_id)
    categories = _field(obj, ("categories",), (str, list), "a string or a list of strings")
    categories = categories.split() if isinstance(categories, str) else _str_list(categories or [], "categories")
    versions = _field(obj, ("versions",), list, "a list")
    published = updated = None
    if versions:  # metadata snapshot
        if not all(isinstance(v, (dict, str)) for v in versions):
            raise BadRecord("versions must be a list of objects like {\"version\": \"v1\", \"created\": ...}")
        first, last = versions[0], versions[-1]
        published = _date_field(first.get("created"), "versions[0].created") if isinstance(first, dict) else None
        updated = _date_field(last.get("created"), "versions[-1].created") if isinstance(last, dict) else None
        version = _version_of(last) or version
    listing = _date_field(obj.get("_listing_date"), "_listing_date")
    published = published or _date_field(obj.get("published"), "published") or listing
    updated = (updated or _date_field(obj.get("update_date"), "update_date")
               or _date_field(obj.get("updated"), "updated") or published)
    parsed = _field(obj, ("authors_parsed",), list, "a list")
    authors = _field(obj, ("authors",), (str, list), "a string or a list of strings")
    if parsed:
        authors = _authors_from_parsed(parsed)
    elif isinstance(authors, str):
        authors = _split_author_string(authors)
    else:
        authors = _str_list(authors or [], "authors")
    text = lambda *names: _field(obj, names, str, "a string")  # noqa: E731
    return {"arxiv_id": arxiv_id, "version": version or 1, "title": text("title") or "",
            "abstract": text("summary", "abstract") or "", "authors": authors, "categories": categories,
            "published": published, "updated": updated, "comment": text("comment", "comments"),
            "journal_ref": text("journal_ref", "journal-ref"), "doi": text("doi"),
            "pdf_url": text("pdf", "pdf_url") or f"https://arxiv.org/pdf/{arxiv_id}"}


def record_from_json(obj: Any) -> PaperRecord:
    """Map one JSON object of any supported shape to a record; :class:`BadRecord` if unusable.

    Every field is type-checked, so a badly typed record is refused with its reason instead of
    failing later in the pipeline (or in the store, for a version past 64 bits).
    """
    if not isinstance(obj, dict):
        raise BadRecord(f"not a JSON object ({type(obj).__name__})")
    raw_id = obj.get("arxiv_id") or obj.get("id")
    if not raw_id:
        raise BadRecord("record has no id")
    label = raw_id if isinstance(raw_id, str) else repr(raw_id)
    try:
        if "arxiv_id" in obj:  # our own dump (PaperRecord.model_dump)
            return PaperRecord.model_validate(obj)
        return PaperRecord(**_record_fields(obj))
    except ValidationError as exc:
        raise BadRecord(f"record {label[:40]}: {invalid_reason(exc)}") from exc
    except BadRecord as exc:
        raise BadRecord(f"record {label[:40]}: {exc}") from exc


CHUNK = 1 << 20


def _gzip_lines(fh: BinaryIO) -> Iterator[bytes]:
    """Lines of a gzip stream (every member). All complete lines before damage come out first; then a
    cut stream raises ``EOFError`` and a corrupt one ``zlib.error``."""
    pending = b""
    dec = zlib.decompressobj(wbits=31)
    in_member = False
    while chunk := fh.read(CHUNK):
        while chunk:
            data = dec.decompress(chunk)
            in_member, chunk = True, b""
            if dec.eof:  # a member ended; what follows starts the next one (concatenated gzip)
                chunk, in_member = dec.unused_data, False
                dec = zlib.decompressobj(wbits=31)
                if not chunk.strip(b"\0"):
                    chunk = b""  # zero padding after the last member
            if b"\n" in data:
                *lines, rest = (pending + data).split(b"\n")
                pending = rest
                yield from (line + b"\n" for line in lines)
            else:
                pending += data
    if in_member:
        raise EOFError("compressed data ends before the end of the gzip stream: the file is cut")
    if pending:
        yield pending


def _lines(path: Path) -> Iterator[bytes]:
    """Raw lines of a plain or gzip file (bytes: each line is decoded on its own, strictly)."""
    with open(path, "rb") as fh:
        magic = fh.read(2)
        fh.seek(0)
        if magic == b"\x1f\x8b":
            yield from _gzip_lines(fh)
        else:
            yield from fh


@dataclass
class SnapshotSource:
    """Streams records from a JSON-lines file; bad lines are logged, counted and skipped.

    Each line is decoded as strict UTF-8: a line with invalid bytes is a bad record (named by
    file:line), never silently "repaired". A file cut in the middle (truncated gzip) yields every
    complete line before the cut, then raises :class:`SnapshotError`.
    """

    path: Path
    bad_records: list[str] = field(default_factory=list)
    lines_read: int = 0
    records: int = 0

    def __iter__(self) -> Iterator[PaperRecord]:
        check_snapshot_path(self.path)
        lineno = 0
        try:
            for lineno, raw in enumerate(_lines(self.path), start=1):
                self.lines_read = lineno
                record = self._parse(raw, lineno)
                if record is not None:
                    self.records += 1
                    yield record
        except (EOFError, zlib.error, OSError) as exc:
            raise SnapshotError(f"{self.path}: unreadable after line {lineno} ({exc or type(exc).__name__}); "
                                f"every complete line before it was read") from exc

    def _parse(self, raw: bytes, lineno: int) -> PaperRecord | None:
        where = f"{self.path}:{lineno}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self._bad(f"{where}: invalid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
            return None
        if lineno == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            return None
        try:
            return record_from_json(json.loads(line))
        except json.JSONDecodeError as exc:
            self._bad(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})")
        except BadRecord as exc:
            self._bad(f"{where}: {exc}")
        except (ValueError, RecursionError) as exc:  # json: a number past the int-digit limit, deep nesting
            self._bad(f"{where}: unusable JSON ({type(exc).__name__}: {str(exc)[:80]})")
        return None

    def _bad(self, message: str) -> None:
        skip_record(self.bad_records, message)


def check_snapshot_path(path: Path) -> None:
    """A clear :class:`SnapshotError` for a path that cannot be a snapshot (missing, a directory, unreadable)."""
    if path.is_dir():
        raise SnapshotError(f"{path}: is a directory, not a snapshot file (give a .jsonl or .jsonl.gz file)")
    if not path.exists():
        raise SnapshotError(f"{path}: no such file")
    if not path.is_file():
        raise SnapshotError(f"{path}: not a regular file")
    if not os.access(path, os.R_OK):
        raise SnapshotError(f"{path}: permission denied")


def parse_when(raw: str) -> datetime:
    """Dates on the command line: ``YYYY-MM-DD`` or full ISO."""
    return datetime.fromisoformat(raw)
