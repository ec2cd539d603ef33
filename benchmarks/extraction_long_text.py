"""Extraction time against abstract length: the curve from 10 KB to 10 MB.

The text is real: abstracts of the snapshot joined end to end until the wanted length (so the
extractor meets names, cues, numbers and benchmarks at the density of real abstracts). Each length
is timed once through ``extract_paper`` with the default cap on text length
(``tracker.extract.paper.MAX_TEXT_CHARS``: the work per paper is bounded), and once with the cap
lifted (``--uncapped-max``, default 1.28 MB), which shows the algorithms themselves grow linearly.

    python benchmarks/extraction_long_text.py [--snapshot PATH] [--uncapped-max BYTES]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from tracker.extract.paper import MAX_TEXT_CHARS, extract_paper  # noqa: E402
from tracker.records import PaperRecord  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"
LENGTHS = (10_000, 40_000, 160_000, 320_000, 640_000, 1_000_000, 1_280_000, 2_500_000, 5_000_000, 10_000_000)


def real_text(path: Path, n_chars: int) -> str:
    """Real abstracts joined until ``n_chars`` (repeated from the start when the file runs out)."""
    parts: list[str] = []
    size = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            abstract = " ".join((json.loads(line).get("summary") or "").split())
            parts.append(abstract)
            size += len(abstract) + 1
            if size >= min(n_chars, 4_000_000):
                break
    text = " ".join(parts)
    return (text * (n_chars // len(text) + 1))[:n_chars]


def timed(record: PaperRecord, max_chars: int) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    ext = extract_paper(record, max_chars=max_chars)
    return time.perf_counter() - t0, len(ext.models), len(ext.results)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--snapshot", type=Path, default=DEFAULT)
    ap.add_argument("--uncapped-max", type=int, default=1_280_000,
                    help="longest length also timed with the cap lifted (0: none)")
    args = ap.parse_args(argv)
    if not args.snapshot.exists():
        print(f"skip: {args.snapshot} not found")
        return 0
    logging.basicConfig(level=logging.ERROR)  # the over-cap warning is expected here, once per length
    text = real_text(args.snapshot, max(LENGTHS))
    base = PaperRecord(arxiv_id="2601.00001", title="A long abstract", abstract="x")
    extract_paper(base)  # load the curated tables once, outside the timings
    print(f"load average {os.getloadavg()[0]:.2f}; cap {MAX_TEXT_CHARS:,} characters")
    print(f"{'length':>12} {'capped s':>9} {'models':>7} {'results':>8} {'uncapped s':>11} {'s per MB':>9}")
    for n in LENGTHS:
        record = base.model_copy(update={"abstract": text[:n]})
        capped, models, results = timed(record, MAX_TEXT_CHARS)
        uncapped = per_mb = ""
        if n <= args.uncapped_max:
            secs, _, _ = timed(record, 0)
            uncapped, per_mb = f"{secs:.3f}", f"{secs / (n / 1e6):.2f}"
        print(f"{n:>12,} {capped:>9.3f} {models:>7} {results:>8} {uncapped:>11} {per_mb:>9}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
