"""Filling the full-text cache from arXiv's bulk PDF tars instead of the polite per-paper path.

arXiv publishes every PDF in ~500 MB tar chunks in a requester-pays S3 bucket
(``s3://arxiv/pdf/arXiv_pdf_YYMM_NNN.tar``, listed in ``pdf/arXiv_pdf_manifest.xml``); members are
named ``YYMM/<id>v<n>.pdf`` (old-style ids without their slash: ``hep-th9901001v1.pdf``). Importing
a chunk puts each good PDF into the cache under its (id, version), so the next full-text run reads
it from disk and makes no request for it (see docs/fulltext.md for the arithmetic).
"""

from __future__ import annotations

import logging
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from tracker.fulltext.fetch import FileCache, FullTextFailure, PdfSource

log = logging.getLogger(__name__)

_NEW = re.compile(r"^(\d{4}\.\d{4,5})v(\d+)$")
_OLD = re.compile(r"^([a-z][a-z\-]*(?:\.[A-Z]{2})?)(\d{7})v(\d+)$")


@dataclass
class ImportCounts:
    imported: int = 0
    already: int = 0
    skipped: int = 0
    """Members that are not a versioned arXiv PDF, or fail the PDF check (cut, error page)."""


def member_id(name: str) -> tuple[str, int] | None:
    """``'2401/2401.01234v2.pdf'`` -> ``('2401.01234', 2)``; ``'hep-th9901001v1.pdf'`` -> ``('hep-th/9901001', 1)``."""
    stem = Path(name).name.removesuffix(".pdf")
    if m := _NEW.match(stem):
        return m[1], int(m[2])
    if m := _OLD.match(stem):
        return f"{m[1]}/{m[2]}", int(m[3])
    return None


def import_tar(cache: FileCache, path: Path, source: PdfSource | None = None) -> ImportCounts:
    """Put every good PDF of one tar chunk into ``cache``; files already cached are left alone."""
    source = source or PdfSource()
    counts = ImportCounts()
    with tarfile.open(path) as tar:
        for member in tar:
            ident = member_id(member.name) if member.isfile() and member.name.endswith(".pdf") else None
            if ident is None:
                counts.skipped += member.isfile()
                continue
            if cache.get(ident[0], ident[1], source.suffix) is not None:
                counts.already += 1
                continue
            fh = tar.extractfile(member)
            data = fh.read() if fh is not None else b""
            try:
                source.check(data, "application/pdf")
            except FullTextFailure as exc:
                log.info("%s in %s: %s", member.name, path.name, exc)
                counts.skipped += 1
                continue
            cache.put(ident[0], ident[1], source.suffix, data)
            counts.imported += 1
    return counts
