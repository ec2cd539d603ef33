"""Score table extraction against hand-written expectation files.

Two formats (see tests/data/deepseek_v3_tables.yaml and tests/data/tables/*.yaml):

- ``models`` + ``rows: [[benchmark, metric, setting, [value per model]]]``: benchmarks in rows.
  ``models`` are model keys (the DeepSeek-V3 file) or, when the file has a ``file:`` entry, the model
  names as printed; "Name|DER" names a column under a spanning model header.
- ``layout: models-in-rows`` + ``benchmarks: [[benchmark, metric, setting], ...]`` +
  ``rows: [[printed model name, [value per benchmark]]]``.

Printed names are turned into keys by the same model-identity code the extractor uses
(:func:`tracker.extract.tables.model_key`), so these files measure reading the table, not naming.
Values are compared as printed (a result's ``value_raw``), so 0.903 stays 0.903.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tracker.entities import ExtractedResult


@dataclass(frozen=True, slots=True)
class Cell:
    table: int
    model: str
    """Model key."""
    benchmark: str
    metric: str | None
    setting: str | None
    value: float
    role: str
    """own | closed | open (as the expectation file marks the model)."""


@dataclass(slots=True)
class Score:
    precision: float
    recall: float
    n_expected: int
    n_given: int
    recall_by_role: dict[str, tuple[int, int]] = field(default_factory=dict)
    """role -> (found, expected)."""
    problems: list[str] = field(default_factory=list)


def _key(name: str, printed: bool) -> str:
    if not printed:
        return name
    from tracker.extract.tables import model_key

    m = model_key(name)
    if m is None:
        from tracker.knowledge import slug

        return slug(name)
    return m[0]


def load(path: Path) -> tuple[dict, list[Cell]]:
    """(the file's top-level entries, every non-empty expected cell)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    printed = "file" in doc
    cells: list[Cell] = []
    for table in doc["tables"]:
        own = {_key(n, printed) for n in table.get("own", [])}
        closed = {_key(n, printed) for n in table.get("closed", [])}

        def role(key: str, own: set[str] = own, closed: set[str] = closed) -> str:
            return "own" if key in own else "closed" if key in closed else "open"

        if table.get("layout") == "models-in-rows":
            benches = table["benchmarks"]
            for name, values in table["rows"]:
                key = _key(name, printed)
                for (bench, metric, setting), value in zip(benches, values, strict=True):
                    if value is not None:
                        cells.append(Cell(table["table"], key, bench, metric, setting, float(value), role(key)))
            continue
        for bench, metric, setting, values in table["rows"]:
            for name, value in zip(table["models"], values, strict=True):
                if value is None:
                    continue
                model_name, _, qual = str(name).partition("|")
                key = _key(model_name, printed)
                cells.append(Cell(table["table"], key, bench, qual or metric, setting, float(value), role(key)))
    return doc, cells


def expected_cells(path: Path) -> list[tuple[int, str, str, float]]:
    """(table, model key, benchmark key, value) for every non-empty expected cell."""
    return [(c.table, c.model, c.benchmark, c.value) for c in load(path)[1]]


def printed_value(r: ExtractedResult) -> float:
    """The number as printed in the paper (before any 0-1 -> 0-100 normalisation)."""
    raw = r.value_raw or r.printed
    if raw:
        m = re.search(r"\d+(?:\.\d+)?", raw)
        if m:
            return float(m.group(0))
    return r.value


def score_cells(results: list[ExtractedResult], cells: list[Cell], pages: set[int] | None = None) -> Score:
    """Precision over the results given for the expected (model, benchmark) pairs on the expected tables'
    pages (1-based; all pages when None); recall of cells."""
    if pages is not None:
        results = [r for r in results if r.page is None or r.page in pages]
    pairs = {(c.model, c.benchmark) for c in cells}
    expected = {(c.model, c.benchmark, c.value) for c in cells}
    got = [(r.model, r.benchmark, printed_value(r)) for r in results
           if r.source == "table" and (r.model, r.benchmark) in pairs]
    right = [g for g in got if g in expected]
    found = set(right)
    problems = [f"wrong: {g}" for g in got if g not in expected]
    problems += [f"missed: {e}" for e in sorted(expected - found)]
    by_role: dict[str, tuple[int, int]] = {}
    for c in cells:
        f, n = by_role.get(c.role, (0, 0))
        by_role[c.role] = (f + ((c.model, c.benchmark, c.value) in found), n + 1)
    return Score(precision=len(right) / len(got) if got else 0.0, recall=len(found) / len(expected) if expected else 0.0,
                 n_expected=len(expected), n_given=len(got), recall_by_role=by_role, problems=problems)


def score(results: list[ExtractedResult], path: Path) -> tuple[float, float, list[str]]:
    """(precision of extracted triples on the expected (model, benchmark) pairs, cell recall, problems)."""
    doc, cells = load(path)
    s = score_cells(results, cells, {t["page"] for t in doc["tables"]})
    return s.precision, s.recall, s.problems
