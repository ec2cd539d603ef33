"""``sotagraph extract``: paper records as JSON lines in, one extraction JSON object per paper out.

No store is needed; it is how a person (or a script) checks what sotagraph reads out of a paper.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tracker.extract.paper import extract_paper
from tracker.pdf.reader import PdfUnreadable, read_pdf
from tracker.records import PaperRecord

log = logging.getLogger(__name__)


def _dump(extraction) -> str:  # noqa: ANN001 - PaperExtraction
    return json.dumps(extraction.model_dump(mode="json"), ensure_ascii=False)


def _pdf_record(pdf_path: Path, doc) -> PaperRecord:  # noqa: ANN001 - PdfDocument
    """A record for a bare PDF: the id from a name like ``deepseek-v3_2412.19437.pdf`` when present,
    the title from the first page's largest line, the abstract from the text after "Abstract"."""
    import re

    m = re.search(r"(\d{4}\.\d{4,5})(v\d+)?", pdf_path.name)
    arxiv_id = m.group(1) if m else "0000.00000"
    first = doc.pages[0] if doc.pages else None
    title, abstract = pdf_path.stem, ""
    if first and first.lines:
        title = max(first.lines[:15], key=lambda line: line.size).text
        text = first.text
        am = re.search(r"\bAbstract\b[.:\s]*(.{50,3000}?)(?:\n\s*1\.?\s+Introduction|\Z)", text, re.S | re.I)
        abstract = am.group(1) if am else text[:2000]
    return PaperRecord(arxiv_id=arxiv_id, title=title, abstract=abstract)


def run_extract(lines: Iterable[str], out: TextIO, pdf_path: Path | None = None) -> int:
    """Write one JSON object per paper to ``out``; return 0, or 1 when nothing could be read."""
    if pdf_path is not None:
        try:
            doc = read_pdf(Path(pdf_path).read_bytes())
        except (OSError, PdfUnreadable) as exc:
            log.error("cannot read %s: %s", pdf_path, getattr(exc, "reason", exc))
            return 1
        out.write(_dump(extract_paper(_pdf_record(Path(pdf_path), doc), doc)) + "\n")
        return 0
    from tracker.sources.snapshot import record_from_json

    good = bad = 0
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        try:
            record = record_from_json(json.loads(line))
        except Exception as exc:  # noqa: BLE001 - one bad line is skipped, the rest still run
            bad += 1
            log.warning("line %d skipped: %s", n, exc)
            continue
        out.write(_dump(extract_paper(record)) + "\n")
        good += 1
    return 0 if good or not bad else 1
