"""Read a PDF into positioned words and lines with font size and bold/italic flags.

Extractors (first-page affiliations, result tables) need layout, not just text: which line is a
heading, which cell is bold, which words share a row. This module is the only place that touches
the PDF library (PyMuPDF), so extractors stay pure functions over :class:`PdfDocument`.
Bad input (not a PDF, empty, truncated, encrypted) raises :class:`PdfUnreadable` with a reason,
which callers log and skip.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field

if "pymupdf" not in sys.modules:
    # PyMuPDF imports its optional layout add-on (ONNX models, pulled in by pymupdf4llm) whenever it is
    # installed: ~0.5 s of CPU per process for nothing here, since this reader only needs raw text and boxes.
    sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
import pymupdf  # noqa: E402 - after the guard above

log = logging.getLogger(__name__)

_BOLD_FLAG = 16
_ITALIC_FLAG = 2
_SUPERSCRIPT_FLAG = 1


class PdfUnreadable(Exception):
    """The bytes are not a readable PDF (encrypted, empty, truncated, not a PDF)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PdfWord:
    """One whitespace-separated word with its box (points, origin top-left) and font."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    font: str = ""

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class PdfLine:
    """A line of text as the PDF lays it out (one baseline within one text block)."""

    words: list[PdfWord]
    block: int = 0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def size(self) -> float:
        """The dominant (most characters) font size of the line."""
        weights: dict[float, int] = {}
        for w in self.words:
            weights[round(w.size, 1)] = weights.get(round(w.size, 1), 0) + len(w.text)
        return max(weights, key=weights.__getitem__) if weights else 0.0

    @property
    def bold(self) -> bool:
        return bool(self.words) and all(w.bold for w in self.words)

    @property
    def italic(self) -> bool:
        return bool(self.words) and all(w.italic for w in self.words)


@dataclass(slots=True)
class PdfPage:
    number: int
    """0-based page index."""
    width: float
    height: float
    lines: list[PdfLine] = field(default_factory=list)
    hrules: list[tuple[float, float, float]] = field(default_factory=list)
    """Horizontal rules drawn on the page as ``(y, x0, x1)`` (table borders, booktabs lines)."""

    @property
    def words(self) -> list[PdfWord]:
        return [w for line in self.lines for w in line.words]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(slots=True)
class PdfDocument:
    pages: list[PdfPage]
    page_count: int
    """Pages in the file (``pages`` may hold fewer when ``max_pages`` was given)."""
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)


def _font_flags(span: dict) -> tuple[bool, bool, bool]:
    flags = int(span.get("flags", 0))
    font = str(span.get("font", "")).lower()
    bold = bool(flags & _BOLD_FLAG) or "bold" in font or "black" in font or "heavy" in font
    italic = bool(flags & _ITALIC_FLAG) or "italic" in font or "oblique" in font
    return bold, italic, bool(flags & _SUPERSCRIPT_FLAG)


def _span_words(span: dict) -> list[PdfWord]:
    """Split a rawdict span into words using per-character boxes."""
    size = float(span.get("size", 0.0))
    bold, italic, sup = _font_flags(span)
    font = str(span.get("font", ""))
    words: list[PdfWord] = []
    chars: list[dict] = []

    def flush() -> None:
        if not chars:
            return
        text = "".join(c["c"] for c in chars)
        x0 = min(c["bbox"][0] for c in chars)
        y0 = min(c["bbox"][1] for c in chars)
        x1 = max(c["bbox"][2] for c in chars)
        y1 = max(c["bbox"][3] for c in chars)
        words.append(PdfWord(text, x0, y0, x1, y1, size, bold, italic, sup, font))
        chars.clear()

    for ch in span.get("chars", []):
        if ch["c"].isspace():
            flush()
        else:
            chars.append(ch)
    flush()
    return words


def _merge_touching(words: list[PdfWord]) -> list[PdfWord]:
    """Join words that abut with no gap (a span break mid-word, e.g. bold digits in '8**7**.5')."""
    merged: list[PdfWord] = []
    for w in words:
        if merged:
            prev = merged[-1]
            gap = w.x0 - prev.x1
            if -0.5 < gap < 0.4 and abs(w.yc - prev.yc) < max(prev.size, w.size) * 0.6:
                merged[-1] = PdfWord(prev.text + w.text, prev.x0, min(prev.y0, w.y0), w.x1,
                                     max(prev.y1, w.y1), prev.size, prev.bold and w.bold,
                                     prev.italic and w.italic, prev.superscript and w.superscript, prev.font)
                continue
        merged.append(w)
    return merged


def _page_rules(page: pymupdf.Page) -> list[tuple[float, float, float]]:
    """Horizontal rules, read through PyMuPDF's C-level path list (``get_cdrawings``: plain tuples, about twice
    as fast as ``get_drawings``, which builds Point/Rect objects per path item)."""
    getter = getattr(page, "get_cdrawings", None)
    if getter is None:
        return _page_rules_slow(page)
    rules: list[tuple[float, float, float]] = []
    try:
        drawings = getter()
    except Exception:  # noqa: BLE001 - drawings are a hint; a page without them still reads
        return rules
    for d in drawings:
        for item in d.get("items", ()):
            kind = item[0]
            if kind == "l":
                (x1, y1), (x2, y2) = item[1], item[2]
                if abs(y1 - y2) < 1.0 and abs(x2 - x1) > 20:
                    rules.append((round((y1 + y2) / 2, 1), min(x1, x2), max(x1, x2)))
            elif kind == "re":
                x0, y0, x1, y1 = item[1]
                if abs(y1 - y0) < 2.0 and abs(x1 - x0) > 20:
                    rules.append((round((y0 + y1) / 2, 1), min(x0, x1), max(x0, x1)))
    rules.sort()
    return rules


def _page_rules_slow(page: pymupdf.Page) -> list[tuple[float, float, float]]:
    rules: list[tuple[float, float, float]] = []
    try:
        drawings = page.get_drawings()
    except Exception:  # noqa: BLE001 - drawings are a hint; a page without them still reads
        return rules
    for d in drawings:
        for item in d.get("items", []):
            if item[0] == "l":
                p1, p2 = item[1], item[2]
                if abs(p1.y - p2.y) < 1.0 and abs(p2.x - p1.x) > 20:
                    rules.append((round((p1.y + p2.y) / 2, 1), min(p1.x, p2.x), max(p1.x, p2.x)))
            elif item[0] == "re":
                r = item[1]
                if r.height < 2.0 and r.width > 20:
                    rules.append((round((r.y0 + r.y1) / 2, 1), r.x0, r.x1))
    rules.sort()
    return rules


def _read_page(page: pymupdf.Page, index: int) -> PdfPage:
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    out = PdfPage(number=index, width=float(page.rect.width), height=float(page.rect.height))
    for b_index, block in enumerate(raw.get("blocks", [])):
        if block.get("type", 0) != 0:
            continue
        for line in block.get("lines", []):
            words: list[PdfWord] = []
            for span in line.get("spans", []):
                words.extend(_span_words(span))
            words = _merge_touching(sorted(words, key=lambda w: w.x0))
            if words:
                out.lines.append(PdfLine(words=words, block=b_index))
    out.hrules = _page_rules(page)
    return out


def read_pdf(data: bytes, *, max_pages: int | None = None) -> PdfDocument:
    """Parse PDF bytes into pages of positioned lines and words.

    ``max_pages`` reads only the first pages (the affiliation extractor needs page one only).
    Raises :class:`PdfUnreadable` for input that is not a readable PDF.
    """
    if not data:
        raise PdfUnreadable("empty file")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise PdfUnreadable("not a PDF (no %PDF header)")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001 - PyMuPDF raises several types for broken files
        raise PdfUnreadable(f"cannot open PDF: {exc}") from exc
    try:
        if doc.needs_pass or doc.is_encrypted:
            raise PdfUnreadable("encrypted PDF (password required)")
        count = doc.page_count
        if count == 0:
            raise PdfUnreadable("PDF has no pages (empty or truncated)")
        limit = count if max_pages is None else max(0, min(count, max_pages))
        pages: list[PdfPage] = []
        for i in range(limit):
            try:
                pages.append(_read_page(doc[i], i))
            except Exception as exc:  # noqa: BLE001 - one broken page should not lose the others
                log.warning("skipping unreadable PDF page %d: %s", i + 1, exc)
        if limit and not pages:
            raise PdfUnreadable("no readable pages (truncated or damaged PDF)")
        meta = {k: str(v) for k, v in (doc.metadata or {}).items() if v}
        return PdfDocument(pages=pages, page_count=count, metadata=meta)
    finally:
        doc.close()
