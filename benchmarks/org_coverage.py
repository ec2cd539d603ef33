"""Share of snapshot papers (no PDFs) that get a country from hub links and model developers.

Reads ../shared/data/arxiv-daily (74,728 papers), runs model extraction (for developers of introduced
models) and organisation extraction per paper, prints coverage by source and country, throughput, and a
seeded random sample of 50 papers with a country for checking by hand.
Run: python benchmarks/org_coverage.py [--limit N] [--seed 5] [--sample 50]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import random
import time
from collections import Counter
from pathlib import Path

from tracker.extract.affiliations import countries_of, extract_organizations  # noqa: E402
from tracker.orgs.matcher import default_matcher  # noqa: E402
from tracker.records import PaperRecord  # noqa: E402

SNAPSHOT = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "arxiv-daily"
            / "papers_2025-03_to_2026-07.dedup.jsonl.gz")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--sample", type=int, default=50)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if not SNAPSHOT.exists():
        print(f"snapshot not found at {SNAPSHOT}")
        return 0
    try:
        from tracker.extract.paper import extract_paper
    except ImportError:
        extract_paper = None  # type: ignore[assignment]
    m = default_matcher()
    n = with_country = bad = 0
    by_source: Counter = Counter()
    by_country: Counter = Counter()
    hits: list[tuple[PaperRecord, list]] = []
    t0 = time.perf_counter()
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as fh:
        for line in fh:
            if args.limit and n >= args.limit:
                break
            try:
                raw = json.loads(line)
                record = PaperRecord(arxiv_id=raw["id"], title=raw.get("title") or "-",
                                     abstract=raw.get("summary") or "", authors=raw.get("authors") or [],
                                     categories=raw.get("categories") or [], comment=raw.get("comment"))
            except (ValueError, KeyError, TypeError):
                bad += 1
                continue
            n += 1
            models = extract_paper(record).models if extract_paper else []
            orgs = extract_organizations(record, None, models, m)
            countries = countries_of(orgs)
            if countries:
                with_country += 1
                by_source.update({o.source for o in orgs if o.country})
                by_country.update(countries)
                hits.append((record, orgs))
    dt = time.perf_counter() - t0
    print(f"papers: {n} (unreadable lines skipped: {bad}); with a country: {with_country} = "
          f"{with_country / max(n, 1):.3%}; {n / dt:.0f} papers/s ({dt:.0f} s, incl. model extraction)")
    print("papers with a country, by source:", dict(by_source.most_common()))
    print("papers per country (full counting):", dict(by_country.most_common(15)))
    rng = random.Random(args.seed)
    print(f"\nseeded sample (seed={args.seed}) of {min(args.sample, len(hits))} papers with a country:")
    for record, orgs in rng.sample(hits, min(args.sample, len(hits))):
        desc = "; ".join(f"{o.key}/{o.country}/{o.source}" for o in orgs if o.country)
        print(f"- {record.arxiv_id} {record.title[:70]!r} -> {desc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
