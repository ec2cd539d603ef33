"""Score table extraction against a hand-written expectation file (tests/data/deepseek_v3_tables.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml

from tracker.entities import ExtractedResult


def expected_cells(path: Path) -> list[tuple[int, str, str, float]]:
    """(table, model key, benchmark key, value) for every non-empty expected cell."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    cells = []
    for table in doc["tables"]:
        for bench, _metric, _setting, values in table["rows"]:
            for model, value in zip(table["models"], values, strict=True):
                if value is not None:
                    cells.append((table["table"], model, bench, float(value)))
    return cells


def score(results: list[ExtractedResult], path: Path) -> tuple[float, float, list[str]]:
    """(precision of extracted triples on the expected tables' models, cell recall, problems)."""
    cells = expected_cells(path)
    expected = {(m, b, v) for _, m, b, v in cells}
    models = {m for _, m, _, _ in cells}
    got = [(r.model, r.benchmark, r.value) for r in results if r.source == "table" and r.model in models]
    right = [g for g in got if g in expected]
    found = {g for g in got if g in expected}
    problems = [f"wrong: {g}" for g in got if g not in expected]
    problems += [f"missed: {e}" for e in sorted(expected - found)]
    precision = len(right) / len(got) if got else 0.0
    recall = len(found) / len(expected) if expected else 0.0
    return precision, recall, problems
