"""Text-only extraction over the 74,728-paper snapshot: papers/s, how many papers got a model and a
result, and a seeded random sample of 50 results (with their sentence) written out for checking by hand.

    python benchmarks/extraction_speed.py [--snapshot PATH] [--limit N] [--sample-out PATH] [--seed 7]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.extract.paper import extract_paper  # noqa: E402
from tracker.extract.text import sentences  # noqa: E402
from tracker.knowledge import benchmarks_by_key  # noqa: E402
from tracker.sources.snapshot import record_from_json  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--snapshot", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--sample-out", type=Path, default=Path("extraction_sample.txt"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1, help="processes (extraction is pure, so it shards freely)")
    args = ap.parse_args(argv)
    if not args.snapshot.exists():
        print(f"skip: {args.snapshot} not found")
        return 0
    records = []
    t0 = time.perf_counter()
    with gzip.open(args.snapshot, "rt", encoding="utf-8") as fh:
        for line in fh:
            try:
                records.append(record_from_json(json.loads(line)))
            except Exception:  # noqa: BLE001 - bad lines are counted by the snapshot source, not here
                continue
            if args.limit and len(records) >= args.limit:
                break
    parse_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    if args.workers > 1:
        from multiprocessing import Pool

        with Pool(args.workers) as pool:
            extractions = pool.map(extract_paper, records, chunksize=500)
    else:
        extractions = [extract_paper(r) for r in records]
    extract_s = time.perf_counter() - t1
    with_model = sum(1 for e in extractions if e.models)
    with_intro = sum(1 for e in extractions if any(m.role == "introduced" for m in e.models))
    with_result = sum(1 for e in extractions if e.results)
    n_results = sum(len(e.results) for e in extractions)
    print(f"papers={len(records)} parse={parse_s:.1f}s extract={extract_s:.1f}s "
          f"-> {len(records) / extract_s:,.0f} papers/s (text only, {args.workers} process(es))")
    print(f"papers with a model={with_model} ({with_model / len(records):.1%}), with an introduced model={with_intro}, "
          f"with a result={with_result} ({with_result / len(records):.1%}), results={n_results}")
    rng = random.Random(args.seed)
    pool = [(r, x) for r, e in zip(records, extractions, strict=True) for x in e.results]
    sample = rng.sample(pool, min(50, len(pool)))
    names = benchmarks_by_key()
    lines = []
    for i, (rec, res) in enumerate(sample, 1):
        bench = names[res.benchmark].name if res.benchmark in names else res.benchmark
        sent = next((s for s in sentences(rec.abstract) if f"{res.value:g}" in s or str(res.value) in s), "")
        lines.append(f"{i:2d}. {rec.arxiv_id}  model={res.model}  benchmark={bench}  value={res.value:g}  "
                     f"metric={res.metric} setting={res.setting}\n    \"{sent}\"")
    args.sample_out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"sample of {len(sample)} results (seed {args.seed}) written to {args.sample_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
