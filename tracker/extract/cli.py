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


def _json_dump(extraction) -> str:  # noqa: ANN001 - PaperExtraction
    return json.dumps(extraction.model_dump(mode="json"), ensure_ascii=False)


def _despace_caps(text: str) -> str:
    """Small capitals come out of PDFs as "K IMI K3: O PEN F RONTIER"; join each lone capital to its word."""
    import re

    lone = re.compile(r"\b([A-Z]) (?=[A-Z]{2,}\b)")
    if len(lone.findall(text)) < 2:  # "A LLM for ...": one lone capital is a word, not small capitals
        return text
    text = lone.sub(r"\1", text)
    return re.sub(r"(?<=[A-Z]) -(?=[A-Z])", "-", text)


def _title_of(page) -> str:  # noqa: ANN001 - PdfPage
    """The run of lines in the largest font among the page's first lines (arXiv's side stamp left out)."""
    lines = [ln for ln in page.lines[:25] if not ((ln.y1 - ln.y0) > 3 * max(ln.size, 1.0))
             and not ln.text.lstrip().startswith("arXiv:")]
    if not lines:
        return ""
    top = max(ln.size for ln in lines[:15])
    picked = [ln for ln in lines[:15] if ln.size >= top - 0.6]
    first_y = min(ln.y0 for ln in picked)
    block = [ln for ln in sorted(picked, key=lambda ln: (ln.y0, ln.x0)) if ln.y0 - first_y < 6 * top]
    return _despace_caps(" ".join(ln.text.strip() for ln in block)).strip()


def _pdf_record(pdf_path: Path, doc) -> PaperRecord:  # noqa: ANN001 - PdfDocument
    """A record for a bare PDF: the id from a name like ``deepseek-v3_2412.19437.pdf`` when present,
    the title from the first page's largest line, the abstract from the text after "Abstract"."""
    import re

    m = re.search(r"(\d{4}\.\d{4,5})(v\d+)?", pdf_path.name)
    arxiv_id = m.group(1) if m else "0000.00000"
    first = doc.pages[0] if doc.pages else None
    title, abstract = pdf_path.stem, ""
    if first and first.lines:
        title = _title_of(first) or pdf_path.stem  # a record's title may not be empty
        text = first.text
        am = re.search(r"\bAbstract\b[.:\s]*(.{50,3000}?)(?:\n\s*1\.?\s+Introduction|\Z)", text, re.S | re.I)
        abstract = am.group(1) if am else text[:2000]
    return PaperRecord(arxiv_id=arxiv_id, title=title, abstract=abstract)


def fulltext_explain(extraction) -> str:  # noqa: ANN001 - PaperExtraction
    """The full-text facts with the rule and evidence behind each: organisations (and the authors printed with
    them), countries, and each introduced model's sizes, parameters, openness and developer."""
    lines = ["", "## organisations"]
    for o in extraction.organizations:
        who = f" authors {o.authors}" if o.authors else ""
        lines.append(f"+ org    {(o.key or '?') + ' (' + o.name + ')':<40} {o.country or '--'} [{o.source}]{who}"
                     f"  because {o.why or 'source ' + o.source}")
    lines.append(f"= countries {', '.join(extraction.countries) or '(none)'}: from the organisations above")
    lines.append("## introduced models (full text)")
    for m in extraction.models:
        if m.role != "introduced":
            continue
        size = "" if m.params_b is None else f" {m.params_b:g}B" + (
            "" if m.active_params_b is None else f" ({m.active_params_b:g}B active)")
        dev = f" developer={m.developer}" + (f" [{m.developer_source}]" if m.developer_source else "")
        lines.append(f"+ model  {m.name + ' [' + m.key + ']':<40}{size} {m.accessibility}{dev}")
        for why in m.why or ([m.reason] if m.reason else []):
            lines.append(f"           because {why}")
    return "\n".join(lines)


def run_extract(lines: Iterable[str], out: TextIO, pdf_path: Path | None = None, explain: bool = False) -> int:
    """Write one JSON object per paper to ``out`` (with ``explain``: each rule's verdict on each candidate, as
    text); return 0, or 1 when nothing could be read."""
    if explain:
        from tracker.extract.paper import explain_text

        def _dump(extraction) -> str:  # noqa: ANN001 - PaperExtraction
            return explain_text(extraction) + fulltext_explain(extraction)
    else:
        _dump = _json_dump
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
