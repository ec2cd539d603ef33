"""Full import of Epoch AI's data (``sotagraph import epoch``): wall time on the embedded store and on Neo4j.

Times :func:`tracker.curated.epoch.import_epoch` end to end (read and validate every file, resolve every
model version, plan against the store, write in one transaction, record the run): first into an empty
store, then a rerun over the loaded one (nothing changes). ``--store`` (an existing embedded home) times
the import into a store that already holds papers, e.g. the 74,728-paper backfill. Neo4j runs when
``NEO4J_URI`` is set (the database is wiped first unless ``--no-wipe``).

    python benchmarks/epoch_import.py                    # targets: embedded <= 10 s, Neo4j <= 30 s
    python benchmarks/epoch_import.py --home /tmp/full   # into a loaded store (a copy is not made!)
    python benchmarks/epoch_import.py --match /tmp/full --extra-keys reports.jsonl --sample 50
        # match rate only (nothing written): Epoch versions whose key is already stored, plus a seeded
        # sample of matches and non-matches for a hand check
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from tracker.curated.epoch import import_epoch  # noqa: E402

EPOCH = Path(__file__).resolve().parents[2] / "shared" / "data" / "epoch-benchmarks"


def _timed(store: object, path: Path) -> tuple[float, str]:
    """Wall seconds and the summary line; the line also carries this process's CPU seconds (on a shared
    machine the wall time mostly measures the queue for a core)."""
    t0, c0 = time.perf_counter(), time.process_time()
    summary = import_epoch(store, path)
    return time.perf_counter() - t0, f"{summary.line()}\n  (CPU of this process: {time.process_time() - c0:.2f} s)"


def match_rate(home: Path, path: Path, extra_keys: Path | None, sample: int) -> int:
    """Share of Epoch model versions (the ECI file's, and every version id in the files) whose key the
    store (plus the keys of ``extra_keys``: ``sotagraph extract`` JSON lines) already holds."""
    import json
    import random

    from graph.cypher import curated as cq
    from graph.embedded import EmbeddedStore
    from tracker.config import load_settings
    from tracker.curated.epoch import load, parse
    from tracker.curated.names import KeyIndex, resolve

    with EmbeddedStore(load_settings(home=home, graph="embedded").store_path, read_only=True) as store:
        keys = {r["key"] for r in store.read_named(cq.model_keys())}
        papers = store.count_papers()
    report_keys: set[str] = set()
    if extra_keys:
        for line in extra_keys.read_text().splitlines():
            if line.strip():
                report_keys |= {m["key"] for m in json.loads(line).get("models", [])}
    index = KeyIndex(keys | report_keys)
    files = load(path)
    parsed = parse(files)
    eci_ids = [row["Model version"].strip() for _, row in files.eci.rows] if files.eci else []
    all_ids = sorted(set(parsed.versions) | {r.version_id for r in parsed.results})
    res = {v: resolve(v, index, parsed.versions[v].name if v in parsed.versions else None) for v in all_ids}
    print(f"store: {papers:,} papers, {len(keys):,} model keys; reports: {len(report_keys)} model keys")
    for label, ids in (("ECI file versions", eci_ids), ("all version ids in the files", all_ids)):
        hit = sum(res[v].matched for v in ids)
        print(f"{label}: {hit}/{len(ids)} matched = {hit / max(len(ids), 1):.1%}")
    rng = random.Random(16)
    for label, want in (("MATCH", True), ("NO MATCH", False)):
        pool = [v for v in eci_ids if res[v].matched is want]
        for v in sorted(rng.sample(pool, min(sample, len(pool)))):
            facts = parsed.versions.get(v)
            print(f"{label}\t{v}\t{res[v].key}\t{facts.name if facts else ''}\t{'known' if res[v].known else ''}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--path", type=Path, default=EPOCH, help="Epoch data folder or zip")
    ap.add_argument("--home", type=Path, help="an existing SOTAGRAPH_HOME to import into (embedded)")
    ap.add_argument("--no-wipe", action="store_true", help="Neo4j: keep what the database holds")
    ap.add_argument("--match", type=Path, help="a loaded SOTAGRAPH_HOME: print the match rate, write nothing")
    ap.add_argument("--extra-keys", type=Path, help="with --match: `sotagraph extract` JSON lines (e.g. the reports)")
    ap.add_argument("--sample", type=int, default=50, help="with --match: matches and non-matches to list")
    args = ap.parse_args(argv)
    if args.match:
        return match_rate(args.match, args.path, args.extra_keys, args.sample)
    logging.basicConfig(level=logging.WARNING)
    if not args.path.exists():
        print(f"error: {args.path} not found", file=sys.stderr)
        return 2
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared)")
    from graph.embedded import EmbeddedStore
    from tracker.config import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        store = EmbeddedStore(load_settings(home=home, graph="embedded").store_path)
        try:
            papers = store.count_papers()
            first, line = _timed(store, args.path)
            print(f"embedded, into a store of {papers:,} papers: full import {first:.2f} s (target <= 10 s)\n  {line}")
            again, line = _timed(store, args.path)
            print(f"embedded rerun (nothing changes): {again:.2f} s\n  {line}")
        finally:
            store.close()
        # the first import of a process also loads the curated knowledge tables (YAML) extraction shares;
        # a second full import into an empty store shows the import alone
        fresh = EmbeddedStore(load_settings(home=Path(tmp) / "warm", graph="embedded").store_path)
        try:
            warm, line = _timed(fresh, args.path)
            print(f"embedded, full import into an empty store, knowledge tables already loaded: {warm:.2f} s\n  {line}")
        finally:
            fresh.close()
    if os.environ.get("NEO4J_URI"):
        from graph.neo4j_store import Neo4jStore, neo4j_settings_from_env

        neo = Neo4jStore(**neo4j_settings_from_env())
        try:
            if not args.no_wipe:
                neo.wipe()
            first, line = _timed(neo, args.path)
            print(f"neo4j: full import {first:.2f} s (target <= 30 s)\n  {line}")
            again, line = _timed(neo, args.path)
            print(f"neo4j rerun (nothing changes): {again:.2f} s\n  {line}")
        finally:
            neo.close()
    else:
        print("neo4j: skipped (set NEO4J_URI, NEO4J_PASSWORD; scripts/neo4j_local.sh start)")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
