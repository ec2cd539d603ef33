"""The console's resource bounds: runaway queries stop within their limit, with bounded memory.

For each backend, loads the real snapshot's papers into a fresh store (graph only, not timed), then
runs through :func:`graph.console.run_console_query` — the CLI's and dashboard's path, one worker
process per query — the two queries from the security review:

- ``UNWIND range(1, 600000000) AS x RETURN sum(x)`` with a 2 s time limit;
- ``MATCH (p:Paper) RETURN collect(p.abstract)`` (one row of every abstract) with the default 10 s.

It prints, per query, the outcome (the one-line error), the elapsed wall time and the peak RSS of
this process plus all its children (the console worker), sampled every 10 ms with psutil. Targets:
each stops within its time limit (plus worker start-up), peak RSS <= 1.5 GB. Neo4j runs the query
server-side; its JVM is bounded by its heap and ``db.memory.transaction.max`` and is reported apart.

    python benchmarks/console_bounds.py                       # embedded, all 74,728 papers
    python benchmarks/console_bounds.py --neo4j --wipe        # also Neo4j (NEO4J_* env; empties the db)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

import psutil

from graph.console import run_console_query  # noqa: E402
from graph.store import StoreError, open_store  # noqa: E402
from tracker.config import load_settings  # noqa: E402
from tracker.sources.snapshot import SnapshotSource  # noqa: E402

SNAPSHOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "arxiv-daily" / \
    "papers_2025-03_to_2026-07.dedup.jsonl.gz"
QUERIES = [("UNWIND range(1, 600000000) AS x RETURN sum(x)", 2.0),
           ("MATCH (p:Paper) RETURN collect(p.abstract)", None)]


class PeakRss:
    """Peak resident memory of this process and its descendants, sampled in a thread."""

    def __init__(self, interval_s: float = 0.01) -> None:
        self.interval_s, self.peak = interval_s, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        me = psutil.Process()
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            time.sleep(self.interval_s)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def load(settings: object, snapshot: Path, limit: int, batch: int) -> int:
    src = SnapshotSource(snapshot)
    n = 0
    with open_store(settings) as store:
        if getattr(store, "backend", "") == "neo4j":
            store.wipe()
        records = iter(src)
        while n < limit:
            chunk = list(islice(records, min(batch, limit - n)))
            if not chunk:
                break
            store.write_batch(chunk)
            n += len(chunk)
    return n


def run(backend: str, home: Path, args: argparse.Namespace) -> None:
    settings = load_settings(home=home, graph=backend)
    if args.no_load and backend == "neo4j":
        print("[neo4j] --no-load: querying the papers already in the database")
    else:
        t0 = time.perf_counter()
        n = load(settings, args.snapshot, args.limit, args.batch_size)
        print(f"[{backend}] loaded {n:,} papers in {time.perf_counter() - t0:.0f} s (not part of the figures)")
    n = run_console_query(settings, "MATCH (p:Paper) RETURN count(p) AS n").rows[0][0]
    t0 = time.perf_counter()
    run_console_query(settings, "RETURN 1 AS x")
    startup = time.perf_counter() - t0
    print(f"[{backend}] {n:,} papers; a trivial query through a fresh worker takes {startup:.2f} s "
          f"(process start, imports, store open): elapsed minus this is the query's own time")
    for query, timeout in QUERIES:
        limit = timeout or settings.query_timeout_s
        with PeakRss() as rss:
            t0 = time.perf_counter()
            try:
                res = run_console_query(settings, query, timeout_s=timeout)
                outcome = f"returned {len(res.rows)} row(s)"
            except StoreError as exc:
                outcome = f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - t0
        print(f"[{backend}] {query}\n    time limit {limit:g} s, elapsed {elapsed:.2f} s, "
              f"peak RSS (this process + worker) {rss.peak / 2**20:,.0f} MB\n    {outcome}")
    if backend == "neo4j":
        print("[neo4j] server heap is fixed by SOTAGRAPH_NEO4J_HEAP / NEO4J_HEAP; "
              "db.memory.transaction.max bounds one query")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    ap.add_argument("--limit", type=int, default=10**9, help="only the first N papers")
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--neo4j", action="store_true", help="also run on Neo4j (NEO4J_* settings)")
    ap.add_argument("--wipe", action="store_true", help="allow emptying the Neo4j database first")
    ap.add_argument("--no-embedded", action="store_true")
    ap.add_argument("--no-load", action="store_true", help="Neo4j: query the papers already there")
    args = ap.parse_args(argv)
    if not args.snapshot.is_file():
        print(f"error: snapshot not found: {args.snapshot}", file=sys.stderr)
        return 2
    if args.neo4j and not args.wipe and not args.no_load:
        print("error: --neo4j empties the Neo4j database: add --wipe to confirm", file=sys.stderr)
        return 2
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="console-bounds-") as tmp:
        if not args.no_embedded:
            run("embedded", Path(tmp) / "embedded", args)
        if args.neo4j:
            run("neo4j", Path(tmp) / "neo4j", args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
