"""Reproduce the seeded random draw of snapshot abstracts that were labelled by hand.

The labels (tests/data/abstract_labels.yaml) are only meaningful for the exact papers drawn, so the
draw is a pure function of the snapshot file and the seed: read every line of the snapshot in file
order (all ``*.jsonl.gz`` files directly under the snapshot directory, sorted by name), then
``random.Random(seed).sample(range(n_lines), size)`` picks line indices; the ids of those lines, in
sample order, are the drawn papers.

    python benchmarks/label_sample.py [--seed 2026] [--size 200] [--snapshot DIR] [--show]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SNAPSHOT = ROOT.parent / "shared" / "data" / "arxiv-daily"
DEFAULT_SEED = 2026
DEFAULT_SIZE = 200


def snapshot_lines(snapshot: Path) -> list[str]:
    """Every raw line of the snapshot, in file order (files sorted by name)."""
    files = sorted(snapshot.glob("*.jsonl.gz")) if snapshot.is_dir() else [snapshot]
    if not files:
        raise FileNotFoundError(f"no *.jsonl.gz files in {snapshot}")
    lines: list[str] = []
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            lines.extend(line for line in fh if line.strip())
    return lines


def draw(lines: list[str], seed: int = DEFAULT_SEED, size: int = DEFAULT_SIZE) -> list[dict]:
    """The drawn snapshot objects, in sample order."""
    indices = random.Random(seed).sample(range(len(lines)), size)
    return [json.loads(lines[i]) for i in indices]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--size", type=int, default=DEFAULT_SIZE)
    ap.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    ap.add_argument("--show", action="store_true", help="print title and abstract too (for labelling)")
    args = ap.parse_args(argv)
    try:
        lines = snapshot_lines(args.snapshot)
        papers = draw(lines, args.seed, args.size)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"# seed={args.seed} size={args.size} lines={len(lines)} snapshot={args.snapshot}")
    for n, obj in enumerate(papers, 1):
        print(obj["id"])
        if args.show:
            print(f"[{n}] TITLE: {' '.join(obj.get('title', '').split())}")
            print(f"ABSTRACT: {' '.join(obj.get('summary', '').split())}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
