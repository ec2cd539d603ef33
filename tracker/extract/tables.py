"""Result tables in a PDF: rows = benchmarks and columns = models, or the transpose.

Works on :class:`tracker.pdf.reader.PdfDocument` words: rows by baseline, cells by horizontal gaps,
columns anchored on the numeric cells. Up to seven header rows above the first numeric row are kept
per column as levels; a header cell that spans several columns ("Gemini-2.5-Pro" over DER / WER,
"SciBERT" over Frozen / Finetune) is a group level that every column under it inherits. Row labels
keep their group labels too: section rows ("Closed-Source Models"), left-hand group cells ("English",
"Code"), a dataset printed once beside its per-language rows, and a model family printed once beside
its sizes ("LLaMA" + "7B", "13B").

Headers and row labels are mapped to models (through the model-identity code) and benchmarks (the
curated table, variants kept distinct: "Beyond AIME" is not AIME, "MATH+Py" is not MATH). A cell's
metric and setting come from the label ("MMLU (5-shot EM)", "Codeforces avg@8") or the header level
under the model ("DER", "Finetune"). Each result keeps the cell as printed, the page, the table number
from the caption and the row and column header text. Deltas ("+6.5", "↑"), parenthesised figures,
parameter counts, costs, throughput, ranks and "-" are never scores.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from tracker.entities import ExtractedModel, ExtractedResult
from tracker.extract.models import find_mentions, name_like
from tracker.extract.results import METRIC_TOKEN, find_benchmarks
from tracker.extract.text import tokens
from tracker.knowledge import BenchmarkInfo, lookup_benchmark, slug
from tracker.pdf.reader import PdfDocument, PdfPage, PdfWord

log = logging.getLogger(__name__)

_NUM = re.compile(r"^(\d{1,5}(?:\.\d+)?)\s?%?[*†‡§¶⋆∗]*$")
_SIGNED = re.compile(r"^[-+−]\s?\d{1,5}(?:\.\d+)?\s?%?[*†‡§¶⋆∗]*$|^\(\s?[-+−]?\d{1,5}\.\d+\s?%?\)$"
                     r"|^\(\s?[-+−]\d{1,5}\s?%?\)$")  # deltas and bracketed figures; "(10)" is a count
_DASH = {"-", "–", "—", "/", "N/A", "n/a", "NA", "–-", "--", "×", "✗"}
_SHOT = re.compile(r"^(\d+)[- ]?shots?$", re.IGNORECASE)
_SHOT_ANY = re.compile(r"\b(\d+|zero|one|few)[- ]?shots?\b", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]*)\)")
_CITATION = re.compile(r"\([^()]*\bet al\.?[^()]*\)|\([^()]*\b(?:19|20)\d\d[a-z]?\)")
_CAPTION = re.compile(r"^(?:Table|TABLE|Tab\.)\s*(\d{1,3}|[IVX]{1,5})(?:\s*[:.|]|\s+[A-Z(]|\s*$)")
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s?([BMKT])$", re.IGNORECASE)
_NOT_SCORE_HEADER = re.compile(
    r"param|#\s*[TA]P\b|\bsize\b|tokens?\b|\bcost|price|\$|\brank|throughput|tok/s|/s\b|speed|latency|memory"
    r"|flops|gpu|hours|\bdate\b|\byear\b|\bΔ|delta|\bgain|improvement|\bdiff|\bvs\.?\b|relative|#\s*(?:layers|heads)"
    r"|context|length|\btime\b|architecture|license", re.IGNORECASE)
_LOWER_BETTER = re.compile(r"(?:^|[\s(/_-])(?:c?p?WER|tcpWER|cpWER|CER|DER|EER|FID|KID|PPL|perplexity|loss|error|"
                           r"latency|BPB|bits per byte|MAE|RMSE|MSE|FPR|mCE|TER)(?:$|[\s)/_-])|↓", re.IGNORECASE)
_PERCENT_METRICS = {"accuracy", "pass@1", "pass@k", "exact match", "em", "f1", "top-1 accuracy", "score", "win rate",
                    "resolved rate", "pass rate", "ndcg@10", "recall@5", "acc", "acc.", "correct"}
_EXTRA_METRIC = re.compile(r"^(?:avg@\d+|maj@\d+|cons@\d+|pass\^?\d+|Acc\.?|Accuracy|Correct|Resolved|Percentile|Rating|"
                           r"LAS|UAS|DER|c?p?WER|tcpWER|CER|Strict|Loose|Prompt|EM|ES|win[- ]?rate|LC|LC-winrate|"
                           r"judge|Recall@\d+|Match@\d+|nDCG@\d+|Pass@\d+-?COT|Pass@\d+|F1|BPB)$", re.IGNORECASE)
_SETTING_WORDS = re.compile(r"^(?:CoT|COT|w/o|w/|thinking|non-thinking|no-think|think|reasoning|greedy|sampling|"
                            r"frozen|finetune|fine-tune|fine-tuned|finetuned|zero-shot|few-shot|one-shot|base|chat|"
                            r"instruct|sft|rl|internal)$", re.IGNORECASE)
_GROUP_WORDS = re.compile(r"^(?:open|closed|proprietary|source|open-source|closed-source|open-weights?|weights?|models?|api|"
                          r"baselines?|ours|general|english|chinese|code|coding|math|mathematics|reasoning|knowledge|"
                          r"science|agent|agentic|alignment|multilingual|long|context|tool|use|and|others?|bio|cs|multi|"
                          r"instruction|logic|factuality|dense|moe|small|medium|large)$", re.IGNORECASE)


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
        return [c for c in self.cells if _is_value(c.text)]


@dataclass(slots=True)
class TableRow:
    label: str
    """The row's own label (right-most label cell, or all label cells joined)."""
    groups: list[str]
    """Group labels that apply to the row, outermost first (section rows, left-hand cells, families)."""
    values: list[str | None]
    bold: list[bool]
    shot: str | None = None
    y: float = 0.0


@dataclass(slots=True)
class Table:
    page: int
    header: list[str]
    """Joined header text per value column."""
    rows: list[tuple[str, list[str | None], list[bool]]]
    """(row label, cell text per value column, bold flags)."""
    shots: list[str | None] = field(default_factory=list)
    """Per row, the '# Shots' column value when the table has one."""
    levels: list[list[tuple[str, bool]]] = field(default_factory=list)
    """Per value column, its header levels top-down as (text, spans several columns)."""
    body: list[TableRow] = field(default_factory=list)
    sizes: dict[int, str] = field(default_factory=dict)
    """Per value column, the model size an attribute row gives ("# Parameter": "0.6B")."""
    number: str | None = None
    """The table number of the nearest caption ("Table 3: ..." above or below), when found."""


def _is_value(text: str) -> bool:
    return bool(_NUM.match(text) or _SIGNED.match(text) or text in _DASH)


def _rows(page: PdfPage) -> list[Row]:
    rows: list[Row] = []
    for w in sorted(page.words, key=lambda w: w.yc):
        if rows and abs(rows[-1].y - w.yc) <= max(2.0, 0.45 * w.size):
            rows[-1].cells.append(Cell([w]))
        else:
            rows.append(Row(w.yc, w.size, [Cell([w])]))
    for row in rows:
        ws = sorted((c.words[0] for c in row.cells), key=lambda w: w.x0)
        cells: list[Cell] = []
        for w in ws:
            if cells and -0.5 < w.x0 - cells[-1].x1 < min(1.0, 0.15 * w.size) and not _is_value(w.text):
                # a word broken by a font change ("S"+"CI"+"B"+"ERT" in small caps): one word
                last = cells[-1].words[-1]
                cells[-1].words[-1] = PdfWord(last.text + w.text, last.x0, min(last.y0, w.y0), w.x1, max(last.y1, w.y1),
                                              max(last.size, w.size), last.bold and w.bold)
                continue
            if cells and w.x0 - cells[-1].x1 < 0.55 * w.size and not (
                    _is_value(w.text) and _is_value(cells[-1].text)):
                cells[-1].words.append(w)
            else:
                cells.append(Cell([w]))
        row.cells = cells
    return rows


def _is_numeric_row(row: Row) -> bool:
    n = len(row.numeric_cells())
    sizes = sum(1 for c in row.cells if _SIZE.match(c.text))  # "#TP 22B": attribute cells, neutral
    return n >= 2 and n >= (len(row.cells) - sizes) / 2


def _captions(page: PdfPage) -> list[tuple[float, float, str]]:
    """(y0, y1, number) of every "Table N" caption line on the page."""
    out = []
    for line in page.lines:
        m = _CAPTION.match(line.text)
        if m:
            out.append((line.y0, line.y1, m.group(1)))
    return out


def _table_number(captions: list[tuple[float, float, str]], top: float, bottom: float) -> str | None:
    """The caption nearest the table: above its header or below its last row, within a few lines."""
    best: tuple[float, str] | None = None
    for y0, y1, num in captions:
        if y1 <= top + 2:
            d = top - y1
        elif y0 >= bottom - 2:
            d = (y0 - bottom) * 1.05  # captions above are the norm: prefer them on a tie
        else:
            continue
        if d < 160 and (best is None or d < best[0]):
            best = (d, num)
    return best[1] if best else None


def find_tables(page: PdfPage) -> list[Table]:
    """Numeric grids on a page with their header rows, group labels and caption number."""
    rows = _rows(page)
    captions = _captions(page)
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
            nxt = rows[j + 1]
            if _is_numeric_row(nxt):
                gap_rows = 0
            else:
                if _CAPTION.match(nxt.cells[0].text) or sum(len(c.text) for c in nxt.cells) > 110 \
                        or len(nxt.cells) == 1 and len(nxt.cells[0].words) > 8:
                    break  # a caption or running text below the table
                if gap_rows + 1 > 3 or len(nxt.cells) > 6 and not nxt.numeric_cells():
                    break
                gap_rows += 1
            j += 1
        end = max(start, j - gap_rows)
        body = [r for r in rows[start:end + 1] if _is_numeric_row(r)]
        if len(body) >= 2:
            header_rows = []
            k = start - 1
            while k >= 0 and len(header_rows) < 7 and rows[k + 1].y - rows[k].y < 4.0 * rows[k].size:
                if _is_numeric_row(rows[k]) or sum(len(c.text) for c in rows[k].cells) > 160:
                    break
                if _CAPTION.match(rows[k].cells[0].text) or any(len(c.words) > 6 for c in rows[k].cells):
                    break  # a caption or running text above the table
                if all(_GROUP_WORDS.match(w.text) for c in rows[k].cells for w in c.words):
                    k -= 1
                    continue  # "Closed-Source Models" between header and body: a section row, not a header
                header_rows.insert(0, rows[k])
                k -= 1
            table = _build(page.number, header_rows, rows[start:end + 1], page.hrules)
            if table is not None:
                top = header_rows[0].y if header_rows else rows[start].y
                table.number = _table_number(captions, top - 6, rows[end].y + 6)
                tables.append(table)
        i = end + 1
    return tables


def _build(page_no: int, header_rows: list[Row], body_rows: list[Row],
           hrules: list[tuple[float, float, float]] | None = None) -> Table | None:
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
    spacing = min((b - a for a, b in zip(anchors, anchors[1:], strict=False)), default=60)

    def col_of(x: float) -> int | None:
        best = min(range(len(anchors)), key=lambda k: abs(anchors[k] - x))
        return best if abs(anchors[best] - x) <= max(12.0, spacing * 0.6) else None

    levels: list[list[tuple[str, bool]]] = [[] for _ in anchors]
    sizes: dict[int, str] = {}  # a "# Parameters" / "Size" attribute row: the size of each column's model
    # columns with no header text above their last header row ("DER" under a centred "Gemini-3-Pro") may
    # be covered by a spanning group header wider than its text; columns with names of their own may not
    named_above: set[int] = set()
    for hr in header_rows[:-1]:
        named_above.update(k for k, _t, _s in _header_cells(hr, left_edge, anchors, spacing))
    bare = set(range(len(anchors))) - named_above
    for hr in header_rows:
        label = " ".join(c.text for c in hr.cells if c.x1 < left_edge)
        if label and not re.match(r"(?:benchmark|model|method|dataset|task|metric|#\s*shots?|\(metric\)|field|name)",
                                  label, re.I):
            if re.search(r"param|size", label, re.I) and not re.search(r"activ", label, re.I):
                for k, text, _spans in _header_cells(hr, left_edge, anchors, spacing):
                    if _SIZE.match(text):
                        sizes[k] = text
            continue  # an attribute row ("Architecture", "# Total Params"), not part of the column names
        for k, text, spans in _header_cells(hr, left_edge, anchors, spacing, bare):
            levels[k].append((text, spans))
    header = [_join_levels([t for t, _ in lv]) for lv in levels]
    body: list[TableRow] = []
    group_rows: list[tuple[float, float, str, float]] = []  # label-only rows (y, x1, text, x0)
    label_x0: list[float] = []
    for r in body_rows:
        label_cells = [c for c in r.cells if c.x1 < left_edge or (col_of(c.xc) is None and c.xc < anchors[0])]
        values: list[str | None] = [None] * len(anchors)
        bold = [False] * len(anchors)
        shot = None
        for c in r.cells:
            if _SHOT.match(c.text.replace(" ", "")):
                shot = c.text.replace(" ", "").lower()
                continue
            if c in label_cells:
                continue
            k = col_of(c.xc)
            if k is None or not _is_value(c.text):
                continue
            if values[k] is None:  # "85.3 (+2.1)": the first figure is the score
                values[k] = c.text
                bold[k] = c.bold
        cells = [c for c in label_cells if not _SHOT.match(c.text.replace(" ", "")) and c.text not in _DASH]
        texts = [c.text for c in cells]
        if not any(v is not None for v in values):
            if texts:
                group_rows.append((r.y, cells[-1].x1, " ".join(texts), cells[0].x0))
            continue
        if not texts:
            body.append(TableRow("", [], values, bold, shot, r.y))
            continue
        label_x0.append(cells[-1].x0)
        body.append(TableRow(texts[-1], texts[:-1], values, bold, shot, r.y))
    body = _merge_offset_cells(body)
    if label_x0:
        x0 = sorted(label_x0)[len(label_x0) // 2]
        _attach_groups(body, group_rows, x0, [(y, a) for y, a, b in (hrules or []) if b - a > 40])
    rows = [(" ".join([*tr.groups, tr.label]).strip(), tr.values, tr.bold) for tr in body]
    return Table(page=page_no, header=header, rows=rows, shots=[tr.shot for tr in body], levels=levels, body=body,
                 sizes=sizes)


def _merge_offset_cells(body: list[TableRow]) -> list[TableRow]:
    """A cell printed a little above or below its row (a bold best value, a cell centred over two
    lines) forms a row of its own with no label: put its values back into the nearest labelled row
    whose columns it fills."""
    labelled = [t for t in body if t.label]
    if len(labelled) < 2:
        return body
    gap = _row_gap(labelled)
    out = []
    for tr in body:
        if tr.label:
            out.append(tr)
            continue
        filled = [k for k, v in enumerate(tr.values) if v is not None]
        near = sorted((abs(t.y - tr.y), i) for i, t in enumerate(labelled)
                      if all(t.values[k] is None for k in filled))
        if near and near[0][0] < 0.8 * gap:
            target = labelled[near[0][1]]
            for k in filled:
                target.values[k] = tr.values[k]
                target.bold[k] = tr.bold[k]
            continue
        out.append(tr)
    return out


def _header_cells(hr: Row, left_edge: float, anchors: list[float], spacing: float,
                  extend_to: set[int] | frozenset[int] = frozenset()) -> list[tuple[int, str, bool]]:
    """(column, text, spans several columns) for one header row: each anchor takes the nearest cell that
    covers it; a cell covering several anchors is a group header, unless its words sit one per column
    ("DeepSeek DeepSeek Qwen2.5" printed close together)."""
    cells = [c for c in hr.cells if c.x1 >= left_edge]
    if not cells:
        return []
    owner: dict[int, Cell] = {}
    for k, a in enumerate(anchors):
        best = None
        for c in cells:
            half = (c.x1 - c.x0) / 2
            d = abs(c.xc - a)
            if d <= half + max(6.0, 0.45 * spacing) and (best is None or d < best[0]):
                best = (d, c)
        if best is not None:
            owner[k] = best[1]
    # a group header wider than its text: a column beside two columns of one spanning cell joins it
    counts: dict[int, int] = defaultdict(int)
    for c in owner.values():
        counts[id(c)] += 1
    for k, a in enumerate(anchors):
        if k in owner or k not in extend_to:
            continue
        near: list[tuple[float, Cell]] = []
        for nb in (k - 1, k + 1):
            c = owner.get(nb)
            if c is not None and counts[id(c)] >= 2:
                edge = min(abs(a - c.x0), abs(a - c.x1))
                if edge < 0.9 * abs(anchors[nb] - a):
                    near.append((edge, c))
        if near:
            owner[k] = min(near, key=lambda e: e[0])[1]
    out: list[tuple[int, str, bool]] = []
    by_cell: dict[int, list[int]] = defaultdict(list)
    for k, c in owner.items():
        by_cell[id(c)].append(k)
    cell_of = {id(c): c for c in cells}
    for cid, ks in by_cell.items():
        c = cell_of[cid]
        if len(ks) > 1 and len(c.words) > 1:
            pieces = _split_merged(c, anchors, spacing)
            if pieces:
                out.extend((k, text, False) for k, text in pieces)
                continue
        out.extend((k, c.text, len(ks) > 1) for k in ks)
    return sorted(out)


_PIECE_START = re.compile(r"^(?:[A-Z][\w.-]*|\d+(?:\.\d+)?(?:x\d+)?[BMKT]\b|[a-z][\w.-]*[A-Z\d][\w.-]*)")


def _split_merged(c: Cell, anchors: list[float], spacing: float) -> list[tuple[int, str]] | None:
    """Headers of neighbouring columns printed so close they read as one cell ("DeepSeek Qwen 1.5 LLaMA3"):
    words grouped by their nearest column, when every group starts like a name or a size. A name
    centred over its columns ("Gemini 2.5 Pro" over DER / WER) has pieces like "2.5" and stays whole."""
    whole = find_mentions(c.text)
    if len(whole) == 1 and whole[0].start == 0 and whole[0].end >= len(c.text.rstrip()):
        return None  # "Step 3.5 Flash" over Vanilla / PaCoRe: one name spanning its columns
    groups: list[tuple[int, list[PdfWord]]] = []
    for w in c.words:
        k = min(range(len(anchors)), key=lambda k: abs(anchors[k] - w.xc))
        if groups and groups[-1][0] == k:
            groups[-1][1].append(w)
        else:
            groups.append((k, [w]))
    if len(groups) < 2 or len({k for k, _ in groups}) != len(groups):
        return None
    out = []
    for k, ws in groups:
        text = " ".join(w.text for w in ws)
        centre = (ws[0].x0 + ws[-1].x1) / 2
        if not _PIECE_START.match(text) or abs(anchors[k] - centre) > 0.5 * spacing + 6:
            return None
        out.append((k, text))
    return out


def _join_levels(parts: list[str]) -> str:
    text = ""
    for p in parts:
        text = text + p if text.endswith("-") or p.startswith(".") else f"{text} {p}"
    return text.strip()


def _attach_groups(body: list[TableRow], group_rows: list[tuple[float, float, str, float]], label_x0: float,
                   rules: list[tuple[float, float]]) -> None:
    """Give rows the group labels printed on label-only rows. A label left of the row-label column is
    centred beside the block it names ("English" beside its benchmarks, "MLC-Challenge" beside its
    languages, "LLaMA" beside 7B / 13B / 33B); one in the row-label column or across the table is a
    section header for the rows below it ("Closed-Source Models", "Mathematics")."""
    # (y, text, x0): a rule bounds a centred label's block only if it runs under the label's own column
    centred = [(y, t, gx0) for y, x1, t, gx0 in group_rows if x1 < label_x0 - 2]
    sections = [(y, t) for y, x1, t, _gx0 in group_rows if x1 >= label_x0 - 2]
    gap = _row_gap(body)
    # a family and a size in one row ("QWEN", "7B") is also a centred label for the sizes around it
    for tr in body:
        if tr.groups and _SIZE.match(tr.label):
            centred.append((tr.y, tr.groups[-1], 0.0))
    sized = [tr for tr in body if _SIZE.match(tr.label) and not tr.groups]
    segments: list[list[TableRow]] = []
    prev_size = None
    for tr in sorted(sized, key=lambda t: t.y):
        size = _size_value(tr.label)
        if segments and prev_size is not None and size > prev_size and _adjacent(body, segments[-1][-1], tr):
            segments[-1].append(tr)
        else:
            segments.append([tr])
        prev_size = size
    done: set[int] = set()
    for seg in segments:
        lo, hi = seg[0].y - 0.7 * gap, seg[-1].y + 0.7 * gap
        inside = [(y, t) for y, t, _x in centred if lo <= y <= hi]
        if inside:
            fam = min(inside, key=lambda g: abs(g[0] - (seg[0].y + seg[-1].y) / 2))[1]
            for tr in seg:
                tr.groups.append(fam)
                done.add(id(tr))
    # centred labels: the block between the rules around the label, else halfway to the next label
    cys = sorted(centred)
    for tr in body:
        if id(tr) in done or not cys:
            continue
        best = None
        for i, (y, t, gx0) in enumerate(cys):
            above = max((r for r, rx0 in rules if r < y and rx0 <= gx0 + 2), default=None)
            below = min((r for r, rx0 in rules if r > y and rx0 <= gx0 + 2), default=None)
            lo = max(above if above is not None else -1e9, (cys[i - 1][0] + y) / 2 if i > 0 else -1e9)
            hi = min(below if below is not None else 1e9, (cys[i + 1][0] + y) / 2 if i + 1 < len(cys) else 1e9)
            if lo < tr.y < hi:
                best = t
                break
        if best is not None and best not in tr.groups:
            tr.groups.insert(0, best)
    for tr in body:
        above = [(y, t) for y, t in sections if y < tr.y]
        if above:
            tr.groups.insert(0, max(above)[1])


def _names_something(label: str) -> bool:
    return _bench_of(label) is not None or _model_key(label) is not None


def _adjacent(body: list[TableRow], a: TableRow, b: TableRow) -> bool:
    between = [t for t in body if a.y < t.y < b.y]
    return not between


def _row_gap(body: list[TableRow]) -> float:
    ys = sorted(t.y for t in body)
    gaps = sorted(b - a for a, b in zip(ys, ys[1:], strict=False) if b - a > 1)
    return gaps[len(gaps) // 2] if gaps else 12.0


def _size_value(text: str) -> float:
    m = _SIZE.match(text)
    if not m:
        return 0.0
    unit = {"k": 1e-6, "m": 1e-3, "b": 1.0, "t": 1e3}[m.group(2).lower()]
    return float(m.group(1)) * unit


def model_key(header: str) -> tuple[str, str | None] | None:
    """Header text -> (model key, family) when it names a model, through the model-identity code."""
    text = re.sub(r"\[\d+(?:\s*[,–-]\s*\d+)*\]|[*†‡§¶⋆∗]", " ", header)  # "TheoremLlama [49]", "GPT-4o†"
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<=-)\s+|\s+(?=\.[a-z])", "", text)  # "Claude-3.5- Sonnet", "dots.llm1 .inst": broken names
    if not text or _NUM.match(text) or _is_value(text):
        return None
    text = re.sub(r"\bInst\.?(?=\s|$)", "Instruct", text)
    if re.search(r"\s\+\s?\S|^\+|\bw/o\b|\bwithout\b", text):
        return None  # "DeepSeek-V2.5 + R1 Distill", "w/o MTP": an ablation arm, not a released model
    text, _ = split_with(text)
    text = re.sub(r"\s*\(?\bours\b\)?\s*$", "", text, flags=re.IGNORECASE).strip()  # "QuarkMed (Ours)"
    if re.search(r"\d(?:\.\d+)?[BM]\b", text):
        text = re.sub(r"[\s-]\(?\d+(?:\.\d+)?T\)?$", "", text)  # "Qwen3-8B 36T": training tokens, not the name
    if not text:
        return None
    mentions = find_mentions(text, allow_plain_unknown=False)
    if mentions and mentions[0].start == 0:
        m = mentions[0]
        rest = text[m.end:].strip()
        key = m.key if not rest else slug(f"{m.key}-{rest}")
        return key, m.family
    first = re.split(r"\s+", text)[0]
    if not _versioned_name(first) and not (len(text) <= 40 and _versioned_name(text.replace(" ", "-"))):
        return None  # "Short", "NSA", "FP16", "GPTQ": a method, a format or an ablation arm, not a model we can name
    if re.fullmatch(r"[a-z][a-z0-9]*\.[a-z]+\d[\w.+-]*", first) and not find_benchmarks(tokens(text)):
        return slug(text), None  # "dots.llm1.inst": a lower-case dotted name with a version digit
    if name_like(first.split("-")[0]) and not find_benchmarks(tokens(text)) and not _GROUP_WORDS.match(first) \
            and not _NOT_SCORE_HEADER.search(text) and not _EXTRA_METRIC.match(first) \
            and not _SETTING_WORDS.match(first) and first.casefold() not in {"average", "avg", "avg.", "overall", "sota"}:
        return slug(text), None
    return None


_model_key = model_key
_WITH = re.compile(r"\s*\(?\s*(?:w/|w\.|with)\s+([^()]+?)\)?\s*$", re.IGNORECASE)


_PAREN_SETTING = re.compile(r"\s*\(([^()]*[A-Za-z][^()]*)\)\s*$")


def split_with(text: str) -> tuple[str, str | None]:
    """"Step-3.5-Flash w. Python" -> ("Step-3.5-Flash", "w/ Python"), "Kimi K3 (max)" -> ("Kimi K3", "max"):
    a tool, an effort level or a mode in brackets is a setting of the model, not part of its name. Brackets
    holding a size or a date ("(72B)", "(2024-08-06)") stay in the name."""
    setting = None
    m = _PAREN_SETTING.search(text)
    if m and m.start() > 0 and not re.search(r"\d+(?:\.\d+)?\s?[BMK]\b|\d{4}", m.group(1)) \
            and not re.fullmatch(r"(?i)ours", m.group(1).strip()):
        setting = re.sub(r"\s+", " ", m.group(1)).strip()
        text = text[:m.start()].strip()
    w = _WITH.search(text)
    if w and w.start() > 0:
        text, extra = text[:w.start()].strip(), f"w/ {w.group(1).strip()}"
        setting = f"{setting}, {extra}" if setting else extra
    if setting and re.search(r"(?:^|,\s*)w/\s", setting) is None and re.match(r"(?:w/|w\.|with)\s", setting):
        setting = "w/ " + setting.split(None, 1)[1]
    return text, setting
_FORMAT = re.compile(r"^(?:FP|BF|INT|NF|UINT|MX|W\d+A|E\dM)\d+|^[LHIA]\d+(?:-[LHIA]\d+)+$", re.IGNORECASE)


def _versioned_name(word: str) -> bool:
    """An unknown name is taken as a model only with a version or size in it and a real word part
    ("Seed1.5-Thinking", "MiMo-7B-RL"), never a number format or an architecture code ("BF16", "L6-H384")."""
    return bool(re.search(r"\d", word)) and len(re.findall(r"[A-Za-z]", word)) >= 3 and not _FORMAT.match(word)


def _own_key(label: str, introduced: list[str]) -> tuple[str, str | None] | None:
    """A header naming one of the paper's own models that the identity code does not know yet."""
    text = re.sub(r"(?<=-)\s+|\s+(?=\.[a-z])", "", re.sub(r"\s+", " ", label)).strip()
    if re.search(r"\s\+\s?\S|\bw/o\b", text):
        return None
    text = re.sub(r"\s*\(?\bours\b\)?\s*$", "", split_with(text)[0], flags=re.IGNORECASE).strip()
    s = slug(text)
    for k in introduced:
        if s == k or s.startswith(k + "-"):
            return s, None
    return None
_REPO_ID = re.compile(r"^(?=[^\s]*-)[a-z0-9][\w.-]*(?:/[\w.-]+)?$")


def _repo_id_key(label: str) -> tuple[str, str | None] | None:
    """A lower-case hub id ("gte-modernbert-base", "nomic-ai/modernbert-embed-base") as a model, used only
    where the same table's other rows or columns already name models."""
    text = label.strip()
    if not _REPO_ID.match(text) or find_benchmarks(tokens(text)) or lookup_benchmark(text) \
            or _NOT_SCORE_HEADER.search(text) or _is_qualifier(text):
        return None
    return slug(text), None


def _clean_label(label: str) -> str:
    label = _CITATION.sub(" ", label)
    label = re.sub(r"\[\d+(?:\s*[,–-]\s*\d+)*\]", " ", label)
    return re.sub(r"\s+", " ", label).strip()


def _bench_of(label: str) -> tuple[BenchmarkInfo, str | None, str | None] | None:
    """Label -> (benchmark, metric, setting): "DROP (3-shot F1)" -> (drop, F1, 3-shot). A name with extra
    words we do not know ("Beyond AIME", "MATH+Py", "OSWorld-G") is another benchmark: None."""
    label = _clean_label(label)
    if not label or _NOT_SCORE_HEADER.search(label) and not lookup_benchmark(label):
        return None
    metric = setting = None
    core = label.replace("*", " ").replace("†", " ").replace("‡", " ").strip()
    parens = []
    for m in _PAREN.finditer(core):
        parens.append(m.group(1).strip())
    core = _PAREN.sub(" ", core)
    extra: list[str] = []
    for inner in parens:
        if re.fullmatch(r"\d+|En|[a-z]{2}", inner) or not inner:
            continue  # "(10)": a task count; "(En)": the language of the split
        info = lookup_benchmark(inner)
        if info is not None:  # "GPQA (Diamond)" handled by the alias table; "(MMLU)" naming the benchmark
            extra.append(inner)
            continue
        sm = _SHOT_ANY.search(inner)
        if sm:
            setting = f"{sm.group(1).lower()}-shot"
            inner = (inner[:sm.start()] + inner[sm.end():]).strip()
        if inner:
            metric = inner
    sm = _SHOT_ANY.search(core)
    if sm:
        setting = f"{sm.group(1).lower()}-shot"
        core = (core[:sm.start()] + core[sm.end():]).strip()
    core = re.sub(r"\s+-\s+", " ", core).strip()
    cot = re.search(r"[-\s](?:CoT|COT)$", core)
    if cot:  # "CruxEval-I-COT": chain-of-thought prompting is a setting of the benchmark
        setting = _join_setting(setting, "CoT")
        core = core[:cot.start()].strip()
    whole = lookup_benchmark(core) or (lookup_benchmark(f"{core} ({parens[0]})") if parens else None)
    if whole is not None:
        return whole, metric, setting
    words = core.split()
    # trailing metric / setting words: "Codeforces avg@8", "GENIA - LAS", "SWE-bench verified internal"
    while len(words) > 1 and (_EXTRA_METRIC.match(words[-1]) or METRIC_TOKEN.match(words[-1])
                              or _SETTING_WORDS.match(words[-1])):
        w = words.pop()
        if _SETTING_WORDS.match(w):
            setting = setting or w
        else:
            metric = metric or w
        info = lookup_benchmark(" ".join(words))
        if info is not None:
            return info, metric, setting
    toks = tokens(" ".join(words))
    benches = find_benchmarks(toks)
    if not benches:
        return None
    b = max(benches, key=lambda b: (b.tok_end - b.tok_start, b.tok_start))
    # anything else in the label must be a group word (left-hand group cells joined in) or a metric
    for i, t in enumerate(toks):
        if b.tok_start <= i < b.tok_end:
            continue
        if i == b.tok_end and t.sep in ("", "-", "+") or t.text in ("+",) or "+" in t.sep:
            return None  # "MATH+Py", "OSWorld-G": a variant
        if i < b.tok_start and b.tok_start - i == 1 and t.text[:1].isupper() and not _GROUP_WORDS.match(t.text):
            return None  # "Beyond AIME": a different benchmark named after one we know
        if i > b.tok_end - 1 and not (_EXTRA_METRIC.match(t.text) or METRIC_TOKEN.match(t.text)
                                      or _SETTING_WORDS.match(t.text)) and t.text[:1].isalnum():
            return None  # "MMLU Language", "Terminal-Bench 2.0": not the benchmark we know as it stands
    return b.info, metric, setting


def _to_float(text: str) -> float | None:
    m = _NUM.match(text)
    return float(m.group(1)) if m else None


def _lower_is_better(info: BenchmarkInfo, *labels: str | None) -> bool:
    return any(lab and _LOWER_BETTER.search(lab) for lab in labels) or not info.higher_is_better


def table_results(pdf: PdfDocument, introduced: list[str] | None = None) -> tuple[list[ExtractedResult], list[ExtractedModel]]:
    """All (model, benchmark) results in the PDF's result tables, and the models their headers name."""
    introduced = introduced or []
    results: list[ExtractedResult] = []
    models: dict[str, ExtractedModel] = {}
    seen: set[tuple] = set()
    for page in pdf.pages:
        if not _maybe_table_page(page):
            continue
        try:
            tables = find_tables(page)
        except Exception:  # noqa: BLE001 - one odd page layout must not lose the others
            log.exception("table detection failed on page %d", page.number + 1)
            continue
        for table in tables:
            results.extend(_table_to_results(table, models, introduced, seen))
    return results, list(models.values())


def _maybe_table_page(page: PdfPage) -> bool:
    """Cheap pre-check: a results table needs a good number of numeric words on the page."""
    hits = 0
    for line in page.lines:
        for w in line.words:
            if _NUM.match(w.text):
                hits += 1
                if hits >= 6:
                    return True
    return False


@dataclass(slots=True)
class _Cand:
    model: tuple[str, str | None]
    model_label: str
    bench: BenchmarkInfo
    metric: str | None
    setting: str | None
    raw: str
    row_label: str
    col_label: str
    group: str | None
    qualifier_labels: tuple[str | None, ...] = ()


def _column_model(levels: list[tuple[str, bool]]) -> tuple[tuple[str, str | None], str, str | None] | None:
    """(model, model text, qualifier) for a column: the model may be a spanning group with metric or setting
    columns under it ("Gemini-2.5-Pro" / "DER"), or the joined levels ("DeepSeek" / "V2-0506")."""
    levels = [(t, sp) for t, sp in levels if not _all_group_words(t)]  # "Proprietary", "Open Weight" over models
    if not levels:
        return None
    groups = [t for t, s in levels if s]
    leaves = [t for t, s in levels if not s]
    if groups and leaves:
        g = _join_levels(groups)
        leaf = _join_levels(leaves)
        mg = _model_key(g)
        if mg and not _model_key(leaf) or mg and _is_qualifier(leaf):
            return mg, g, leaf
        if not mg and _is_qualifier(leaf) is False and (ml := _model_key(leaf)) and not _model_key(g):
            return ml, leaf, g
    text = _join_levels([t for t, _ in levels])
    m = _model_key(text)
    return (m, text, split_with(text)[1]) if m else None


def _disambiguate(col_models: list, levels: list[list[tuple[str, bool]]], sizes: dict[int, str]) -> list:
    """Two columns that name the same model with the same qualifier ("Qwen3" over 0.6B and over 8B) are
    told apart by the size row when there is one; otherwise neither can be attributed, and both are dropped."""
    seen: dict[tuple, list[int]] = defaultdict(list)
    for k, cm in enumerate(col_models):
        if cm is not None:
            seen[(cm[0][0], cm[2])].append(k)
    out = list(col_models)
    for ks in seen.values():
        if len(ks) < 2:
            continue
        for k in ks:
            cm = col_models[k]
            size = sizes.get(k)
            fixed = _model_key(f"{cm[1]}-{size}") if size and not re.search(r"\d+(?:\.\d+)?[BM]\b", cm[1]) else None
            out[k] = (fixed, f"{cm[1]}-{size}", cm[2]) if fixed else None
        keys = [out[k][0][0] for k in ks if out[k] is not None]
        if len(set(keys)) < len(keys):
            for k in ks:
                out[k] = None
    return out


def _own_column(levels: list[tuple[str, bool]], introduced: list[str]) -> tuple[tuple[str, str | None], str, str | None] | None:
    groups = [t for t, sp in levels if sp]
    leaves = [t for t, sp in levels if not sp]
    if groups and leaves and _is_qualifier(_join_levels(leaves)):
        g = _join_levels(groups)
        k = _own_key(g, introduced)
        return (k, g, _join_levels(leaves)) if k else None
    text = _join_levels([t for t, _ in levels])
    k = _own_key(text, introduced)
    return (k, text, None) if k else None


def _all_group_words(text: str) -> bool:
    words = re.findall(r"[\w-]+", text)
    return bool(words) and all(_GROUP_WORDS.match(w) for w in words)


def _is_qualifier(text: str) -> bool:
    words = text.replace("(", " ").replace(")", " ").split()
    return bool(words) and all(_EXTRA_METRIC.match(w) or METRIC_TOKEN.match(w) or _SETTING_WORDS.match(w)
                               or _SHOT.match(w) for w in words)


def _split_qualifier(q: str | None) -> tuple[str | None, str | None]:
    """Qualifier under a model -> (metric, setting)."""
    if not q:
        return None, None
    if _SHOT_ANY.search(q):
        return None, _SHOT_ANY.search(q).group(0).lower().replace(" ", "-")  # type: ignore[union-attr]
    words = q.split()
    if all(_EXTRA_METRIC.match(w) or METRIC_TOKEN.match(w) for w in words):
        return q, None
    return None, q


def _table_to_results(table: Table, models: dict[str, ExtractedModel], introduced: list[str],
                      seen: set[tuple]) -> list[ExtractedResult]:
    levels = table.levels or [[(h, False)] for h in table.header]
    body = table.body or [TableRow(lab, [], v, b) for lab, v, b in table.rows]
    col_models = [_column_model(lv) for lv in levels]
    if introduced:
        col_models = [cm or _own_column(lv, introduced) for cm, lv in zip(col_models, levels, strict=True)]
    named_cols = sum(1 for m in col_models if m)  # the orientation is decided before ambiguous columns drop
    col_models = _disambiguate(col_models, levels, table.sizes)
    row_benches = [_row_bench(tr) for tr in body]
    cands: list[_Cand] = []
    if named_cols >= 2 and sum(1 for b in row_benches if b) >= 2:
        for tr, bench in zip(body, row_benches, strict=True):
            if bench is None:
                continue
            info, metric, setting, group = bench
            for k, val in enumerate(tr.values):
                cm = col_models[k]
                if cm is None or val is None:
                    continue
                q_metric, q_setting = _split_qualifier(cm[2])
                cands.append(_Cand(cm[0], cm[1], info, metric or q_metric, _join_setting(setting or tr.shot, q_setting),
                                   val, _row_text(tr), _join_levels([t for t, _ in levels[k]]), group,
                                   (tr.label, cm[2])))
    else:
        col_benches = [_bench_of(_join_levels([t for t, _ in lv])) if lv else None for lv in levels]
        row_models = [_row_model(tr) or ((k, tr.label) if introduced and (k := _own_key(tr.label, introduced))
                                         else None) for tr in body]
        if sum(1 for m in row_models if m) >= 2:  # hub ids beside names the identity code knows
            row_models = [m or ((k, tr.label) if (k := _repo_id_key(tr.label)) else None)
                          for m, tr in zip(row_models, body, strict=True)]
        if sum(1 for b in col_benches if b) >= 1 and sum(1 for m in row_models if m) >= 2:
            for tr, rm in zip(body, row_models, strict=True):
                if rm is None:
                    continue
                for k, val in enumerate(tr.values):
                    bench = col_benches[k]
                    if bench is None or val is None:
                        continue
                    info, metric, setting = bench
                    col_text = _join_levels([t for t, _ in levels[k]])
                    cands.append(_Cand(rm[0], rm[1], info, metric, setting or tr.shot, val, _row_text(tr), col_text,
                                       None, (col_text,)))
    return _emit_all(table, cands, models, introduced, seen)


def _join_setting(a: str | None, b: str | None) -> str | None:
    parts = [p for p in (a, b) if p]
    return ", ".join(parts) if parts else None


def _row_text(tr: TableRow) -> str:
    return " / ".join([*tr.groups, tr.label]) if tr.groups else tr.label


def _row_bench(tr: TableRow) -> tuple[BenchmarkInfo, str | None, str | None, str | None] | None:
    """The benchmark of a row: its own label, else a group label with the row label as its setting
    ("MLC-Challenge" / "English")."""
    if tr.label and not _is_qualifier(tr.label):
        own = _bench_of(tr.label)
        if own is not None:
            group = next((g for g in reversed(tr.groups) if not _bench_of(g) and not _GROUP_WORDS.match(g.split()[0])),
                         None)
            return own[0], own[1], own[2], group
    for g in reversed(tr.groups):
        gb = _bench_of(g)
        if gb is not None and tr.label:
            if _model_key(tr.label):
                return None
            metric, setting = gb[1], gb[2]
            if _is_qualifier(tr.label):
                q_metric, q_setting = _split_qualifier(tr.label)
                return gb[0], metric or q_metric, _join_setting(setting, q_setting), None
            return gb[0], metric, _join_setting(setting, tr.label), None
        if gb is not None and not tr.label:
            return gb[0], gb[1], gb[2], None
    return None


def _row_model(tr: TableRow) -> tuple[tuple[str, str | None], str] | None:
    """The model of a row: its label, or family + size ("LLaMA" + "13B")."""
    if _SIZE.match(tr.label) and tr.groups:
        text = f"{tr.groups[-1]} {tr.label}"
        m = _model_key(text)
        return (m, text) if m else None
    if not tr.label or _SIZE.match(tr.label):
        return None
    m = _model_key(tr.label)
    if m is not None and (extra := split_with(tr.label)[1]):
        tr.shot = _join_setting(tr.shot, extra)
    if m is None and tr.groups and not _GROUP_WORDS.match(tr.groups[-1].split()[0]):
        text = f"{tr.groups[-1]} {tr.label}"
        m2 = _model_key(text)
        return (m2, text) if m2 else None
    return (m, tr.label) if m else None


def _emit_all(table: Table, cands: list[_Cand], models: dict[str, ExtractedModel], introduced: list[str],
              seen: set[tuple]) -> list[ExtractedResult]:
    # percent metrics printed as fractions (0.903) are put on the 0-100 scale of the rest of the graph
    series: dict[tuple[str, str | None], list[float]] = defaultdict(list)
    for c in cands:
        v = _to_float(c.raw)
        if v is not None:
            series[(c.bench.key, c.metric)].append(v)
    # the same (model, benchmark, metric, setting) twice in one table: the row group tells them apart
    counts: dict[tuple, int] = defaultdict(int)
    for c in cands:
        counts[(c.model[0], c.bench.key, c.metric, c.setting)] += 1
    out: list[ExtractedResult] = []
    for c in cands:
        value = _to_float(c.raw)
        if value is None:
            continue  # "-", deltas, parenthesised figures
        setting = c.setting
        if counts[(c.model[0], c.bench.key, c.metric, c.setting)] > 1 and c.group:
            setting = _join_setting(setting, c.group)
        vals = series[(c.bench.key, c.metric)]
        metric_name = (c.metric or c.bench.metric or "").casefold()
        if vals and max(vals) <= 1.0 and "." in c.raw and "%" not in c.raw and (
                metric_name in _PERCENT_METRICS or metric_name.startswith(("pass@", "acc", "recall@", "ndcg@"))):
            value = round(value * 100, 6)
        ident = (table.page, table.number, c.model[0], c.bench.key, c.metric, setting, value)
        if ident in seen:
            continue
        seen.add(ident)
        key, family = c.model
        if key not in models:
            from tracker.extract.identity import facts_for_key

            acc, since, developer, rule, reason = facts_for_key(key, family)  # curated, dated facts first
            models[key] = ExtractedModel(name=re.sub(r"\s+", " ", c.model_label).strip(), key=key, role="evaluated",
                                         family=family, accessibility=acc, is_open=acc == "open_weights",
                                         developer=developer, source="table", confidence=0.6,
                                         access_since=since, rule=rule, reason=reason)
        own = any(key == k or key.startswith(k + "-") for k in introduced)
        hib = not _lower_is_better(c.bench, c.metric, c.col_label, c.row_label, *c.qualifier_labels)
        out.append(ExtractedResult(
            model=key, benchmark=c.bench.key, metric=c.metric or c.bench.metric, value=value, setting=setting,
            source="table", self_reported=own, confidence=0.7, value_raw=c.raw,
            higher_is_better=hib, page=table.page + 1, table=table.number, row_label=c.row_label,
            col_label=c.col_label, rule="table-cell",
            reason=f"table {table.number or '?'} p.{table.page + 1}: row '{c.row_label}', column '{c.col_label}'"))
    return out
