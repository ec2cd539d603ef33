"""The whole 74,728-paper snapshot: exact counts against an independent count, and idempotency."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from tests.conftest import run_cli


def _independent_counts(path: Path) -> tuple[int, int, int]:
    """Counted from the file with plain json, not with sotagraph's parser."""
    ids, authors, authorships = set(), set(), 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            ids.add(obj["id"])
            names = [re.sub(r"\s+", " ", a).strip() for a in obj["authors"]]
            names = [n for n in names if n]
            authorships += len(names)
            authors.update(n.casefold() for n in names)
    return len(ids), len(authors), authorships


def test_full_snapshot_counts_and_rerun_adds_nothing(snapshot_path: Path, home: Path) -> None:
    expected_papers, expected_authors, expected_authorships = _independent_counts(snapshot_path)
    assert expected_papers == 74728
    proc = run_cli("backfill", "--from", str(snapshot_path), "--no-embed", "--no-extract")
    assert proc.returncode == 0, proc.stderr[-2000:]
    first = json.loads(run_cli("stats", "--json").stdout)
    assert first["nodes"]["Paper"] == expected_papers
    assert first["nodes"]["Author"] == expected_authors
    assert first["relationships"]["AUTHORED"] == expected_authorships
    primary = {r["category"]: r["primary"] for r in first["categories"]}
    assert sum(primary.values()) == expected_papers  # exactly one primary category each
    proc = run_cli("backfill", "--from", str(snapshot_path), "--no-embed", "--no-extract")
    assert proc.returncode == 0
    assert "new 0, updated 0, unchanged 74728" in proc.stdout
    second = json.loads(run_cli("stats", "--json").stdout)
    assert second["nodes"] == first["nodes"] | {"IngestRun": first["nodes"]["IngestRun"] + 1}
    assert second["relationships"] == first["relationships"]
