"""Latency of the dashboard's named queries on both backends over the same data.

Loads the snapshot (74,728 papers by default) into a fresh embedded store and into Neo4j (wiped),
with extractions when ``--extract`` is given (computed once on 2 processes and cached under
``--cache``, since extracting 74,728 papers takes minutes), then runs each named query of
``graph.cypher.dashboard`` (and the pipeline's named reads) once to warm up and ``--repeat`` times,
printing the median and worst time and the row count per backend.

Needs a running Neo4j (``scripts/neo4j_local.sh start``) and ``NEO4J_URI``/``NEO4J_PASSWORD``.

    python benchmarks/query_latency.py --extract
    python benchmarks/query_latency.py --reuse     # query what the stores already hold
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from datetime import date
from itertools import islice
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

from graph.cypher import dashboard as q  # noqa: E402
from graph.cypher import reads  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.neo4j_store import Neo4jStore, neo4j_settings_from_env  # noqa: E402
from graph.store import GraphStore, StoreError  # noqa: E402
from tracker.entities import PaperExtraction  # noqa: E402
from tracker.records import PaperRecord  # noqa: E402
from tracker.sources.snapshot import SnapshotSource  # noqa: E402

SNAPSHOT = ROOT.parent / "shared" / "data" / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"
CACHE = Path.home() / ".cache" / "sotagraph" / "bench"


def _extract_one(rec: PaperRecord) -> str:
    from tracker.extract.paper import extract_paper

    return extract_paper(rec).model_dump_json()


def extractions_for(records: list[PaperRecord], cache_dir: Path) -> list[PaperExtraction]:
    """Extractions of ``records``, from the cache file when it matches, else computed and cached."""
    path = cache_dir / f"extractions-{len(records)}-{records[-1].arxiv_id}.jsonl.gz"
    if path.is_file():
        with gzip.open(path, "rt") as fh:
            return [PaperExtraction.model_validate_json(line) for line in fh]
    t0 = time.perf_counter()
    with Pool(2) as pool:
        lines = pool.map(_extract_one, records, chunksize=200)
    print(f"extracted {len(lines):,} papers in {time.perf_counter() - t0:.0f} s (cached in {path})")
    cache_dir.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt") as fh:
        fh.writelines(line + "\n" for line in lines)
    return [PaperExtraction.model_validate_json(line) for line in lines]


def load(store: GraphStore, records: list[PaperRecord], extractions: list[PaperExtraction], batch: int) -> float:
    by_id = {e.arxiv_id: e for e in extractions}
    t0 = time.perf_counter()
    for i in range(0, len(records), batch):
        chunk = records[i:i + batch]
        store.write_batch(chunk, [by_id[r.arxiv_id] for r in chunk if r.arxiv_id in by_id])
    return time.perf_counter() - t0


def named_queries(store: GraphStore) -> list[tuple[str, str, dict[str, Any]]]:
    """The dashboard's queries with typical parameters (a busy paper, benchmark, model, organisation)."""
    def first(query: str, key: str, default: Any) -> Any:
        rows = store._read(query)
        return rows[0][key] if rows else default

    paper_id = first("MATCH (p:Paper)-[:REPORTS]->(r:Result) RETURN p.arxiv_id AS id, count(r) AS n "
                     "ORDER BY n DESC, id LIMIT 1", "id", None) or first(
        "MATCH (p:Paper) RETURN p.arxiv_id AS id ORDER BY id LIMIT 1", "id", "")
    bench = first("MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark) RETURN b.key AS k, count(r) AS n "
                  "ORDER BY n DESC, k LIMIT 1", "k", "mmlu")
    model = first("MATCH (p:Paper)-[:EVALUATES]->(m:Model) RETURN m.key AS k, count(p) AS n "
                  "ORDER BY n DESC, k LIMIT 1", "k", "gpt-4o")
    org = first("MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization) RETURN o.key AS k, count(p) AS n "
                "ORDER BY n DESC, k LIMIT 1", "k", "google")
    since, until = date(2026, 1, 1), date(2026, 3, 31)
    wanted: list[tuple[str, str, tuple[Any, ...], dict[str, Any], dict[str, Any]]] = [
        ("papers per day (primary)", "papers_per_day", (), {"cross_lists": False}, {}),
        ("papers per day (cross-lists)", "papers_per_day", (), {"cross_lists": True}, {}),
        ("paper date range", "paper_date_range", (), {}, {}),
        ("paper countries", "paper_countries", (), {}, {}),
        ("paper countries (cs.CL)", "paper_countries", (), {"category": True}, {"category": "cs.CL"}),
        ("papers per day in cs.CL", "papers_per_day_in", (), {"category": True}, {"category": "cs.CL"}),
        ("benchmarks", "benchmarks", (), {}, {}),
        (f"benchmark results ({bench})", "benchmark_results", (), {}, {"benchmark": bench}),
        ("all results", "all_results", (), {}, {}),
        (f"model results ({model})", "model_results", (), {}, {"model": model}),
        ("model ranking (top 50)", "model_ranking", (), {}, {"n": 50}),
        ("model ranking (open, top 50)", "model_ranking", (), {"is_open": True}, {"is_open": True, "n": 50}),
        ("count models", "count_models", (), {}, {}),
        ("model developers", "model_developers", (), {}, {}),
        ("org papers (Q1 2026)", "org_papers", (), {"since": True, "until": True}, {"since": since, "until": until}),
        ("paper orgs (Q1 2026)", "paper_orgs", (), {"since": True, "until": True}, {"since": since, "until": until}),
        ("organizations", "organizations", (), {}, {}),
        (f"org recent papers ({org})", "org_recent_papers", (), {}, {"org": org, "n": 20}),
        (f"paper page ({paper_id})", "paper", (), {}, {"id": paper_id}),
        ("paper organizations", "paper_organizations", (), {}, {"id": paper_id}),
        ("paper results", "paper_results", (), {}, {"id": paper_id}),
        ("recent papers", "recent_papers", (), {}, {"n": 50}),
        ("papers with results", "papers_with_results", (), {}, {"n": 50}),
    ]
    out = [("category counts", reads.category_counts(), {})]
    for name, builder, args, kwargs, params in wanted:
        func = getattr(q, builder, None)
        if func is None:  # the dashboard's query set evolves; say what is not measured
            print(f"(skipped: graph.cypher.dashboard.{builder} no longer exists)")
            continue
        out.append((name, func(*args, **kwargs), params))
    return out


def time_query(store: GraphStore, query: str, params: dict[str, Any], repeat: int) -> tuple[float, float, int]:
    rows = len(store._read(query, params))  # warm-up (plan cache, page cache)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        store._read(query, params)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times), rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    ap.add_argument("--limit", type=int, help="only the first N papers")
    ap.add_argument("--extract", action="store_true", help="load extractions too (cached)")
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--embedded", type=Path, help="embedded store path (default: a fresh temp store)")
    ap.add_argument("--reuse", action="store_true", help="do not load: query what both stores hold")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--buffer-pool-mb", type=int, default=2048, help="LadybugDB buffer pool")
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="sotagraph-latency-")
    embedded_path = args.embedded or Path(tmp.name) / "graph.lbug"
    try:
        neo4j = Neo4jStore(**neo4j_settings_from_env())
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    embedded = EmbeddedStore(embedded_path, buffer_pool_mb=args.buffer_pool_mb)
    try:
        if not args.reuse:
            records = list(islice(SnapshotSource(args.snapshot), args.limit))
            extractions = extractions_for(records, args.cache) if args.extract else []
            neo4j.wipe()
            for store in (embedded, neo4j):
                dt = load(store, records, extractions, args.batch_size)
                print(f"loaded {len(records):,} papers ({len(extractions):,} extractions) into {store.backend} "
                      f"in {dt:.0f} s")
        n_e, n_n = embedded.count_papers(), neo4j.count_papers()
        print(f"papers: embedded {n_e:,}, neo4j {n_n:,}; median / worst of {args.repeat} runs after a warm-up")
        print(f"{'query':<40} {'embedded ms':>16} {'neo4j ms':>16} {'rows':>9}")
        for name, query, params in named_queries(embedded):
            e_med, e_max, e_rows = time_query(embedded, query, params, args.repeat)
            n_med, n_max, n_rows = time_query(neo4j, query, params, args.repeat)
            rows = f"{e_rows}" if e_rows == n_rows else f"{e_rows}!={n_rows}"
            print(f"{name[:40]:<40} {e_med:>8.1f} / {e_max:>5.0f} {n_med:>8.1f} / {n_max:>5.0f} {rows:>9}")
    finally:
        embedded.close()
        neo4j.close()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
