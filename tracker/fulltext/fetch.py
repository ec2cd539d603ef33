"""Getting a paper's full text: sources, a polite downloader and a content-addressed disk cache.

- A :class:`FullTextSource` says where a paper's file lives, how to tell a good download from an
  error page or a cut file, and how to parse it into what extraction reads. :class:`PdfSource`
  is the one implemented; arXiv's HTML (LaTeXML) would be a second source behind the same protocol.
- :class:`FileCache` keeps every accepted file once, under its SHA-256, with a small ref per
  (paper, version, source): a file is never fetched twice, even across a kill -9.
- Failures are :class:`FullTextFailure` with a kind (``http-404``, ``truncated``, ``not-pdf``,
  ``encrypted``, ...) and a fixed reason, so the queue can count them and decide on retries.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import requests

from tracker.sources.errors import FetchError
from tracker.sources.http import PoliteClient

log = logging.getLogger(__name__)

PERMANENT = ("http-404", "http-410", "encrypted")
"""Failure kinds that another try would not change: final after the first."""


class FullTextFailure(Exception):
    """Why a paper's full text could not be had; ``str()`` is what the queue stores."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


class FullTextSource(Protocol):
    """Where a paper's full text comes from and how it is read.

    ``name`` is stored as the paper's ``fulltext_source``. ``check`` runs on the downloaded bytes
    before they are cached (so an error page or a cut file is never kept); ``parse`` turns cached
    bytes into the document ``extract_paper`` takes.
    """

    name: str
    suffix: str

    def url(self, arxiv_id: str, version: int) -> str: ...

    def check(self, data: bytes, content_type: str) -> None: ...

    def parse(self, data: bytes) -> Any: ...


@dataclass
class PdfSource:
    """arXiv's PDF of one version (``https://arxiv.org/pdf/<id>v<n>``)."""

    base_url: str = "https://arxiv.org/pdf/"
    name: str = "pdf"
    suffix: str = "pdf"

    def url(self, arxiv_id: str, version: int) -> str:
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return f"{base}{arxiv_id}v{version}"

    def check(self, data: bytes, content_type: str) -> None:
        if not data:
            raise FullTextFailure("empty", "the server sent no bytes")
        if not data.lstrip()[:5].startswith(b"%PDF"):
            kind = "html page" if b"<html" in data[:2048].lower() or "html" in content_type else "no %PDF header"
            raise FullTextFailure("not-pdf", f"not a PDF ({kind})")
        if b"%%EOF" not in data[-2048:]:
            raise FullTextFailure("truncated", "the PDF ends before its %%EOF marker")

    def parse(self, data: bytes) -> Any:
        from tracker.pdf.reader import PdfUnreadable, read_pdf

        try:
            return read_pdf(data)
        except PdfUnreadable as exc:
            if "encrypted" in exc.reason:
                raise FullTextFailure("encrypted", "the PDF is encrypted (password required)") from exc
            log.info("unreadable PDF: %s", exc.reason)
            raise FullTextFailure("unreadable", "the PDF cannot be parsed (damaged or no pages)") from exc


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_bytes(data)  # no fsync: rename is atomic against a killed process, and a file torn by a
    tmp.replace(path)      # power cut fails its hash check on read and is fetched again


class FileCache:
    """Files by content hash (``objects/ab/<sha256>.pdf``) and one ref per (paper, version, source)
    (``refs/<id>v<n>.pdf`` holding the hash). The object is written before its ref, both by
    rename, so a kill leaves either no ref or a ref to a whole file."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _ref(self, arxiv_id: str, version: int, suffix: str) -> Path:
        return self.root / "refs" / f"{arxiv_id.replace('/', '_')}v{version}.{suffix}"

    def _object(self, digest: str, suffix: str) -> Path:
        return self.root / "objects" / digest[:2] / f"{digest}.{suffix}"

    def get(self, arxiv_id: str, version: int, suffix: str) -> bytes | None:
        """The cached file of this paper version, or ``None`` (a damaged object counts as absent)."""
        ref = self._ref(arxiv_id, version, suffix)
        legacy = self.root / f"{arxiv_id.replace('/', '_')}v{version}.{suffix}"  # the old fetcher's layout
        if not ref.is_file() and legacy.is_file():
            self.put(arxiv_id, version, suffix, legacy.read_bytes())
        try:
            digest = ref.read_text().strip()
            data = self._object(digest, suffix).read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            log.warning("cached %s of %sv%d does not match its hash; fetching it again", suffix, arxiv_id, version)
            return None
        return data

    def put(self, arxiv_id: str, version: int, suffix: str, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        obj = self._object(digest, suffix)
        if not obj.is_file():
            _atomic_write(obj, data)
        _atomic_write(self._ref(arxiv_id, version, suffix), digest.encode())
        return digest


class Downloader:
    """GETs through :class:`PoliteClient` (one request per interval, retries of 5xx, 429 and dropped
    connections) and turns every other outcome into a :class:`FullTextFailure`."""

    def __init__(self, client: PoliteClient) -> None:
        self.client = client

    @property
    def requests_made(self) -> int:
        return self.client.requests_made

    def get(self, url: str) -> tuple[bytes, str]:
        try:
            resp = self.client.get(url, ok_statuses=tuple(s for s in range(200, 500) if s != 429))
        except FetchError as exc:
            log.warning("full text unavailable: %s", exc)
            raise FullTextFailure("unavailable", "server error or network failure after retries") from exc
        except requests.RequestException as exc:  # the body was cut short (IncompleteRead)
            log.warning("full text download cut short: %s: %s", url, type(exc).__name__)
            raise FullTextFailure("truncated", "the download was cut short") from exc
        if resp.status_code != 200:
            raise FullTextFailure(f"http-{resp.status_code}", f"HTTP {resp.status_code} {resp.reason or ''}".strip())
        return resp.content, resp.headers.get("Content-Type", "")


def fetch_document(source: FullTextSource, cache: FileCache, downloader: Downloader, arxiv_id: str,
                   version: int) -> tuple[Any, bool]:
    """(parsed document, True when it came from the cache); raises :class:`FullTextFailure`."""
    data = cache.get(arxiv_id, version, source.suffix)
    cached = data is not None
    if data is None:
        data, content_type = downloader.get(source.url(arxiv_id, version))
        source.check(data, content_type)
        cache.put(arxiv_id, version, source.suffix, data)
    return source.parse(data), cached
