"""Reproduce the seeded random draw of snapshot abstracts that were labelled by hand.

The labels (tests/data/abstract_labels.yaml) are only meaningful for the exact papers drawn, so the
draw is a pure function of the snapshot file and the seed: read every line of the snapshot in file
order (all ``*.jsonl.gz`` files directly under the snapshot directory, sorted by name), then
``random.Random(seed).sample(range(n_lines), size)`` picks line indices; the ids of those lines, in
sample order, are the drawn papers.

A random sample holds few abstracts that state a developer, open weights or a parameter count, so a
second, smaller draw (the "stated-facts supplement") is taken only among abstracts matching
``STATED_CUE`` (a size in parameters, open weights, released weights / checkpoints / models):
``random.Random(supplement_seed).sample(cue_indices, 80)``, keeping the first ``size`` not already
in the main draw. It is biased towards such abstracts by design and is reported separately.

    python benchmarks/label_sample.py [--seed 2026] [--size 200] [--snapshot DIR] [--show]
    python benchmarks/label_sample.py --supplement [--supplement-seed 2027] [--size 60] [--show]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SNAPSHOT = ROOT.parent / "shared" / "data" / "arxiv-daily"
DEFAULT_SEED = 2026
DEFAULT_SIZE = 200
SUPPLEMENT_SEED = 2027
SUPPLEMENT_SIZE = 60
SUPPLEMENT_POOL = 80
STATED_CUE = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:B|billion|M|million)[- ]param|\bopen[- ]weights?\b"
    r"|\b(?:model )?weights\b.{0,40}\b(?:released|available|open)"
    r"|\b(?:release|open[- ]source)\w*\b.{0,60}\b(?:model|checkpoint)s?\b", re.IGNORECASE)


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


def supplement(lines: list[str], seed: int = DEFAULT_SEED, supplement_seed: int = SUPPLEMENT_SEED,
               size: int = SUPPLEMENT_SIZE, main_size: int = DEFAULT_SIZE) -> list[dict]:
    """The stated-facts supplement: a seeded draw among abstracts matching ``STATED_CUE``, minus the main draw."""
    main_draw = set(random.Random(seed).sample(range(len(lines)), main_size))
    cued = [i for i, line in enumerate(lines) if STATED_CUE.search(json.loads(line).get("summary") or "")]
    picked = [i for i in random.Random(supplement_seed).sample(cued, SUPPLEMENT_POOL) if i not in main_draw]
    return [json.loads(lines[i]) for i in picked[:size]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--size", type=int, default=DEFAULT_SIZE)
    ap.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    ap.add_argument("--show", action="store_true", help="print title and abstract too (for labelling)")
    ap.add_argument("--supplement", action="store_true", help="the stated-facts supplement instead of the main draw")
    ap.add_argument("--supplement-seed", type=int, default=SUPPLEMENT_SEED)
    args = ap.parse_args(argv)
    try:
        lines = snapshot_lines(args.snapshot)
        if args.supplement:
            size = SUPPLEMENT_SIZE if args.size == DEFAULT_SIZE else args.size
            papers = supplement(lines, args.seed, args.supplement_seed, size)
        else:
            papers = draw(lines, args.seed, args.size)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    which = f"supplement seed={args.supplement_seed} " if args.supplement else ""
    print(f"# {which}seed={args.seed} size={len(papers)} lines={len(lines)} snapshot={args.snapshot}")
    for n, obj in enumerate(papers, 1):
        print(obj["id"])
        if args.show:
            print(f"[{n}] TITLE: {' '.join(obj.get('title', '').split())}")
            print(f"ABSTRACT: {' '.join(obj.get('summary', '').split())}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
