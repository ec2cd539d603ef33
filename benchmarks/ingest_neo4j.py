"""Snapshot backfill into Neo4j, graph only: papers/s for the whole snapshot, then one day's batch.

The snapshot is parsed first (not timed), then written in ``--batch-size`` batches through
``Neo4jStore.write_batch`` (the pipeline's write path, one transaction per batch). All but the last
``--day`` papers are the backfill; the last ``--day`` papers then go in as one batch into the loaded
store, as a nightly ingest would. With ``--extract`` the extractions are computed up front on 2
processes (not timed; cached like ``query_latency.py`` does) and written with the papers.

Needs a running Neo4j (``scripts/neo4j_local.sh start``) and ``NEO4J_URI``/``NEO4J_USER``/
``NEO4J_PASSWORD``. ``--wipe`` empties the database first (required when it is not empty).

    python benchmarks/ingest_neo4j.py --wipe            # 74,728 papers, target < 120 s; day < 5 s
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from itertools import islice
from pathlib import Path

from graph.neo4j_store import Neo4jStore, neo4j_settings_from_env  # noqa: E402
from graph.store import StoreError, WriteCounts  # noqa: E402
from tracker.sources.snapshot import SnapshotSource  # noqa: E402

SNAPSHOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "arxiv-daily" / \
    "papers_2025-03_to_2026-07.dedup.jsonl.gz"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    ap.add_argument("--limit", type=int, help="only the first N papers")
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--day", type=int, default=2000, help="papers in the final one-batch 'day' (0: none)")
    ap.add_argument("--extract", action="store_true", help="write extractions too (computed before timing)")
    ap.add_argument("--wipe", action="store_true", help="delete everything in the database first")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if not args.snapshot.is_file():
        print(f"snapshot not found: {args.snapshot}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    records = list(islice(SnapshotSource(args.snapshot), args.limit))
    print(f"parsed {len(records):,} papers in {time.perf_counter() - t0:.1f} s (not timed below)")
    extractions = {}
    if args.extract:
        from query_latency import CACHE, extractions_for  # same folder: the cached 2-process extraction

        extractions = {e.arxiv_id: e for e in extractions_for(records, CACHE)}
        print(f"{len(extractions):,} extractions ready (computed or cached; not timed below)")

    try:
        store = Neo4jStore(**neo4j_settings_from_env())
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with store:
        if args.wipe:
            t0 = time.perf_counter()
            store.wipe()
            print(f"wiped the database in {time.perf_counter() - t0:.1f} s")
        elif store.count_papers():
            print("error: the database is not empty; pass --wipe to empty it first", file=sys.stderr)
            return 2
        day = records[len(records) - args.day:] if 0 < args.day < len(records) else []
        backfill = records[:len(records) - len(day)]
        total = WriteCounts()
        t0 = time.perf_counter()
        for i in range(0, len(backfill), args.batch_size):
            batch = backfill[i:i + args.batch_size]
            total.add(store.write_batch(batch, [extractions[r.arxiv_id] for r in batch if r.arxiv_id in extractions]))
        dt = time.perf_counter() - t0
        print(f"backfill: {len(backfill):,} papers ({total.authorships:,} authorships, {total.extractions:,} "
              f"extractions) in {dt:.1f} s = {len(backfill) / dt:,.0f} papers/s "
              f"(batch {args.batch_size}; target: 74,728 in < 120 s)")
        if day:
            t0 = time.perf_counter()
            counts = store.write_batch(day, [extractions[r.arxiv_id] for r in day if r.arxiv_id in extractions])
            dt = time.perf_counter() - t0
            print(f"day: {len(day):,} papers into the loaded store ({counts.papers_new:,} new) in {dt:.2f} s "
                  f"(target < 5 s)")
            t0 = time.perf_counter()
            counts = store.write_batch(day, [])
            print(f"day again (all unchanged, the idempotent rerun): {time.perf_counter() - t0:.2f} s, "
                  f"{counts.papers_unchanged:,} unchanged")
        print(f"papers in the store: {store.count_papers():,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
