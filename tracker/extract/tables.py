"""Result tables in a PDF: rows = benchmarks and columns = models, or the transpose.

Works on :class:`tracker.pdf.reader.PdfDocument` words: rows by baseline, cells by horizontal gaps,
columns anchored on the numeric cells; up to three header rows above the first numeric row are
joined per column ("DeepSeek" + "V2-0506"). Headers and row labels are mapped to models and
benchmarks through the curated tables; a cell's metric and shots come from the label
("MMLU (5-shot EM)") or a "# Shots" column. Bold marks are kept as a hint, "-" cells skipped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from tracker.entities import ExtractedModel, ExtractedResult
from tracker.extract.models import find_mentions, name_like
from tracker.extract.results import find_benchmarks
from tracker.extract.text import tokens
from tracker.knowledge import BenchmarkInfo, slug
from tracker.pdf.reader import PdfDocument, PdfPage, PdfWord

log = logging.getLogger(__name__)

_NUM = re.compile(r"^[-+]?\(?(\d{1,5}(?:\.\d+)?)\)?%?[*†‡§¶]*$")
_DASH = {"-", "–", "—", "/", "N/A", "n/a", "NA", "–-"}
_SHOT = re.compile(r"^(\d+)[- ]?shot$", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]*)\)\s*$")


@dataclass(slots=True)
class Cell:
    words: list[PdfWord]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass(slots=True)
class Row:
    y: float
    size: float
    cells: list[Cell] = field(default_factory=list)

    def numeric_cells(self) -> list[Cell]:
        return [c for c in self.cells if _NUM.match(c.text) or c.text in _DASH]


@dataclass(slots=True)
class Table:
    page: int
    header: list[str]
    """Joined header text per value column."""
    rows: list[tuple[str, list[str | None], list[bool]]]
    """(row label, cell text per value column, bold flags)."""
    shots: list[str | None] = field(default_factory=list)
    """Per row, the '# Shots' column value when the table has one."""


def _rows(page: PdfPage) -> list[Row]:
    words = sorted(page.words, key=lambda w: (round(w.yc, 0), w.x0))
    rows: list[Row] = []
    for w in sorted(words, key=lambda w: w.yc):
        if rows and abs(rows[-1].y - w.yc) <= max(2.0, 0.45 * w.size):
            rows[-1].cells.append(Cell([w]))
        else:
            rows.append(Row(w.yc, w.size, [Cell([w])]))
    for row in rows:
        ws = sorted((c.words[0] for c in row.cells), key=lambda w: w.x0)
        cells: list[Cell] = []
        for w in ws:
            if cells and w.x0 - cells[-1].x1 < 0.55 * w.size and not (
                    (_NUM.match(w.text) or w.text in _DASH) and (_NUM.match(cells[-1].text) or cells[-1].text in _DASH)):
                cells[-1].words.append(w)
            else:
                cells.append(Cell([w]))
        row.cells = cells
    return rows


def _is_numeric_row(row: Row) -> bool:
    return len(row.numeric_cells()) >= 2 and len(row.numeric_cells()) >= len(row.cells) / 2


def find_tables(page: PdfPage) -> list[Table]:
    """Numeric grids on a page with their header rows."""
    rows = _rows(page)
    tables: list[Table] = []
    i = 0
    while i < len(rows):
        if not _is_numeric_row(rows[i]):
            i += 1
            continue
        start = i
        j = i
        gap_rows = 0
        while j + 1 < len(rows) and rows[j + 1].y - rows[j].y < 4.0 * rows[j].size:
            if _is_numeric_row(rows[j + 1]):
                gap_rows = 0
            else:
                gap_rows += 1
                if gap_rows > 2 or len(rows[j + 1].cells) > 6 and not rows[j + 1].numeric_cells():
                    break
            j += 1
        end = max(start, j - gap_rows)
        body = [r for r in rows[start:end + 1] if _is_numeric_row(r)]
        if len(body) >= 2:
            header_rows = []
            k = start - 1
            while k >= 0 and len(header_rows) < 7 and rows[k + 1].y - rows[k].y < 4.0 * rows[k].size:
                if _is_numeric_row(rows[k]) or sum(len(c.text) for c in rows[k].cells) > 160:
                    break
                if re.match(r"(?:Table|Figure|Fig\.)\s*\d", rows[k].cells[0].text):
                    break
                header_rows.insert(0, rows[k])
                k -= 1
            table = _build(page.number, header_rows, rows[start:end + 1])
            if table is not None:
                tables.append(table)
        i = end + 1
    return tables


def _build(page_no: int, header_rows: list[Row], body_rows: list[Row]) -> Table | None:
    numeric = [r for r in body_rows if _is_numeric_row(r)]
    # column anchors: x-centres of numeric cells, clustered
    xs = sorted(c.xc for r in numeric for c in r.numeric_cells())
    cols: list[list[float]] = []
    for x in xs:
        if cols and x - cols[-1][-1] < 12:
            cols[-1].append(x)
        else:
            cols.append([x])
    min_support = max(2, len(numeric) // 3)
    anchors = [sum(c) / len(c) for c in cols if len(c) >= min_support]
    if len(anchors) < 2:
        return None
    left_edge = min(anchors) - 25

    def col_of(x: float) -> int | None:
        best = min(range(len(anchors)), key=lambda k: abs(anchors[k] - x))
        spacing = min((b - a for a, b in zip(anchors, anchors[1:], strict=False)), default=60)
        return best if abs(anchors[best] - x) <= max(12.0, spacing * 0.6) else None

    header = [""] * len(anchors)
    shots_col: int | None = None
    for hr in header_rows:
        label = " ".join(c.text for c in hr.cells if c.x1 < left_edge)
        if label and not re.match(r"(?:benchmark|model|method|dataset|task|metric|#\s*shots?|\(metric\))", label, re.I):
            continue  # an attribute row ("Architecture", "# Total Params"), not part of the column names
        per_col: dict[int, list[str]] = {}
        for c in hr.cells:
            if c.x1 < left_edge:
                continue
            whole = col_of(c.xc)
            # a cell spanning several columns ("DeepSeek DeepSeek Qwen2.5") is split word by word
            spans_many = len(c.words) > 1 and col_of(c.x0 + 3) != col_of(c.x1 - 3)
            for w in c.words if spans_many else [None]:
                k = col_of(w.xc) if w is not None else whole
                if k is not None:
                    per_col.setdefault(k, []).append(w.text if w is not None else c.text)
        for k, parts in per_col.items():
            text = " ".join(parts)
            sep = "" if header[k].endswith("-") else " "
            header[k] = (header[k] + sep + text).strip()
    rows: list[tuple[str, list[str | None], list[bool]]] = []
    shots: list[str | None] = []
    # a "# Shots" column holds "5-shot" cells where a value column would be
    for r in body_rows:
        label_parts = [c.text for c in r.cells if c.x1 < left_edge or (col_of(c.xc) is None and c.xc < anchors[0])]
        values: list[str | None] = [None] * len(anchors)
        bold = [False] * len(anchors)
        shot = None
        for c in r.cells:
            if _SHOT.match(c.text.replace(" ", "")):
                shot = c.text.replace(" ", "").lower()
                continue
            if c.x1 < left_edge:
                continue
            k = col_of(c.xc)
            if k is None:
                continue
            if _NUM.match(c.text) or c.text in _DASH:
                values[k] = c.text
                bold[k] = c.bold
        if not any(v is not None for v in values):
            continue
        label = " ".join(p for p in label_parts if not _SHOT.match(p.replace(" ", "")))
        rows.append((label, values, bold))
        shots.append(shot)
    # drop value columns that are really the shots column
    del shots_col
    return Table(page=page_no, header=header, rows=rows, shots=shots)


def _model_key(header: str) -> tuple[str, str | None] | None:
    """Header text -> (model key, family) when it names a model."""
    text = re.sub(r"\s+", " ", header).strip()
    if not text or _NUM.match(text):
        return None
    text = re.sub(r"\bInst\.?(?=\s|$)", "Instruct", text)
    mentions = find_mentions(text, allow_plain_unknown=False)
    if mentions and mentions[0].start == 0:
        m = mentions[0]
        rest = text[m.end:].strip()
        key = m.key if not rest else slug(f"{m.key}-{rest}")
        return key, m.family
    first = re.split(r"[\s]+", text)[0]
    if name_like(first.split("-")[0]) and not find_benchmarks(tokens(text)):
        return slug(text), None
    return None


def _bench_of(label: str) -> tuple[BenchmarkInfo, str | None, str | None] | None:
    """Row label -> (benchmark, metric, setting): "DROP (3-shot F1)" -> (drop, F1, 3-shot)."""
    metric = setting = None
    paren = _PAREN.search(label)
    core = label
    if paren:
        core = label[:paren.start()].strip()
        inner = paren.group(1).strip()
        sm = re.search(r"(\d+)[- ]?shot", inner, re.I)
        if sm:
            setting = f"{sm.group(1)}-shot"
            inner = (inner[:sm.start()] + inner[sm.end():]).strip()
        metric = inner or None
    toks = tokens(core)
    benches = find_benchmarks(toks)
    if not benches:
        return None
    # prefer the longest, right-most match (group labels like "English" sit left of the name)
    b = max(benches, key=lambda b: (b.tok_end - b.tok_start, b.tok_start))
    return b.info, metric, setting


def _to_float(text: str) -> float | None:
    m = _NUM.match(text)
    return float(m.group(1)) * (-1 if text.startswith("-") else 1) if m else None


def table_results(pdf: PdfDocument, introduced: list[str] | None = None) -> tuple[list[ExtractedResult], list[ExtractedModel]]:
    """All (model, benchmark) results in the PDF's result tables, and the models their headers name."""
    introduced = introduced or []
    results: list[ExtractedResult] = []
    models: dict[str, ExtractedModel] = {}
    seen: set[tuple] = set()
    for page in pdf.pages:
        try:
            tables = find_tables(page)
        except Exception:  # noqa: BLE001 - one odd page layout must not lose the others
            log.exception("table detection failed on page %d", page.number + 1)
            continue
        for table in tables:
            results.extend(_table_to_results(table, models, introduced, seen))
    return results, list(models.values())


def _table_to_results(table: Table, models: dict[str, ExtractedModel], introduced: list[str],
                      seen: set[tuple]) -> list[ExtractedResult]:
    col_models = [_model_key(h) for h in table.header]
    row_benches = [_bench_of(label) for label, _, _ in table.rows]
    out: list[ExtractedResult] = []
    n_model_cols = sum(1 for m in col_models if m)
    n_bench_rows = sum(1 for b in row_benches if b)
    if n_model_cols >= 2 and n_bench_rows >= 2:
        for (_label, values, _bold), bench, shot in zip(table.rows, row_benches, table.shots, strict=False):
            if bench is None:
                continue
            info, metric, setting = bench
            setting = setting or shot
            for k, val in enumerate(values):
                mk = col_models[k]
                if mk is None or val is None:
                    continue
                value = _to_float(val)
                if value is None:
                    continue
                out.extend(_emit(mk, info, metric, setting, value, models, introduced, seen, table.header[k]))
        return out
    # transpose: rows = models, columns = benchmarks
    col_benches = [_bench_of(h) for h in table.header]
    row_models = [_model_key(label) for label, _, _ in table.rows]
    if sum(1 for b in col_benches if b) >= 2 and sum(1 for m in row_models if m) >= 2:
        for (label, values, _bold), mk, shot in zip(table.rows, row_models, table.shots, strict=False):
            if mk is None:
                continue
            for k, val in enumerate(values):
                bench = col_benches[k]
                if bench is None or val is None:
                    continue
                value = _to_float(val)
                if value is None:
                    continue
                info, metric, setting = bench
                out.extend(_emit(mk, info, metric, setting or shot, value, models, introduced, seen, label))
    return out


def _emit(mk: tuple[str, str | None], info: BenchmarkInfo, metric: str | None, setting: str | None, value: float,
          models: dict[str, ExtractedModel], introduced: list[str], seen: set[tuple], name: str) -> list[ExtractedResult]:
    key, family = mk
    ident = (key, info.key, metric, setting)
    if ident in seen:
        return []
    seen.add(ident)
    if key not in models:
        from tracker.knowledge import model_table

        fam = model_table().families.get(family or "")
        acc = fam.access if fam else "unknown"
        models[key] = ExtractedModel(name=re.sub(r"\s+", " ", name).strip(), key=key, role="evaluated",
                                     family=family, accessibility=acc, is_open=acc == "open_weights",
                                     developer=fam.developer if fam else None, source="table", confidence=0.6)
    own = any(key == k or key.startswith(k + "-") for k in introduced)
    return [ExtractedResult(model=key, benchmark=info.key, metric=metric or info.metric, value=value, setting=setting,
                            source="table", self_reported=own, confidence=0.7)]
