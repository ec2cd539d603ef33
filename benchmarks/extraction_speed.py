"""Text-only extraction over the 74,728-paper snapshot: papers/s, how many papers got a model and a
result, a seeded random sample of 50 results (with their sentence) and of 30 papers flagged as
introducing a model (with title and abstract start) written out for checking by hand.

Speed is printed as wall-clock papers/s and as papers per CPU-second of this process, next to the
machine's load average: on a shared machine the wall figure measures the neighbours as much as us.
Loading the curated tables and the organisation registry (once per process) is timed apart.
``--sample N`` times a seeded random sample of N papers instead of the whole snapshot (or its first
``--limit``), so that two versions of the extractor can be compared on the same papers; ``--json-out``
writes every extraction (one JSON line a paper) so that their outputs can be compared too (``cmp``).

    python benchmarks/extraction_speed.py [--snapshot PATH] [--limit N | --sample N] [--sample-out PATH] [--seed 7]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from tracker.extract.paper import extract_paper  # noqa: E402
from tracker.extract.text import sentences  # noqa: E402
from tracker.knowledge import benchmarks_by_key  # noqa: E402
from tracker.sources.snapshot import record_from_json  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--snapshot", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--sample", type=int, default=0, help="a seeded random sample of N papers (seed: --seed)")
    ap.add_argument("--json-out", type=Path, default=None, help="write each paper's extraction as a JSON line")
    ap.add_argument("--sample-out", type=Path, default=Path("extraction_sample.txt"))
    ap.add_argument("--intro-out", type=Path, default=Path("extraction_intro_sample.txt"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1, help="processes (extraction is pure, so it shards freely)")
    args = ap.parse_args(argv)
    if not args.snapshot.exists():
        print(f"skip: {args.snapshot} not found")
        return 0
    records = []
    t0 = time.perf_counter()
    with gzip.open(args.snapshot, "rt", encoding="utf-8") as fh:
        lines = random.Random(args.seed).sample(fh.readlines(), args.sample) if args.sample else fh
        for line in lines:
            try:
                records.append(record_from_json(json.loads(line)))
            except Exception:  # noqa: BLE001 - bad lines are counted by the snapshot source, not here
                continue
            if args.limit and len(records) >= args.limit:
                break
    parse_s = time.perf_counter() - t0
    t_load = time.perf_counter()
    for rec in records[:50]:
        extract_paper(rec)  # loads the curated tables, access facts, hub accounts and organisation registry once
    load_s = time.perf_counter() - t_load
    load_before = os.getloadavg()[0]
    t1, c1 = time.perf_counter(), time.process_time()
    if args.workers > 1:
        from multiprocessing import Pool

        with Pool(args.workers) as pool:
            extractions = pool.map(extract_paper, records, chunksize=500)
    else:
        extractions = [extract_paper(r) for r in records]
    extract_s, cpu_s = time.perf_counter() - t1, time.process_time() - c1
    load_after = os.getloadavg()[0]
    if args.json_out is not None:
        args.json_out.write_text("".join(e.model_dump_json() + "\n" for e in extractions), encoding="utf-8")
    with_model = sum(1 for e in extractions if e.models)
    with_intro = sum(1 for e in extractions if any(m.role == "introduced" for m in e.models))
    with_result = sum(1 for e in extractions if e.results)
    n_results = sum(len(e.results) for e in extractions)
    print(f"papers={len(records)} parse={parse_s:.1f}s tables+registry load={load_s:.1f}s extract={extract_s:.1f}s "
          f"-> {len(records) / extract_s:,.0f} papers/s wall (text only, {args.workers} process(es)); "
          f"{len(records) / max(cpu_s, 1e-9):,.0f} papers per CPU-second ({cpu_s:.1f} CPU-s); "
          f"load average {load_before:.1f} -> {load_after:.1f} on {os.cpu_count()} CPUs")
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
    flagged = [(r, e) for r, e in zip(records, extractions, strict=True) if any(m.role == "introduced" for m in e.models)]
    intro_sample = random.Random(args.seed).sample(flagged, min(30, len(flagged)))
    intro_lines = []
    for i, (rec, ext) in enumerate(intro_sample, 1):
        own = [(m.key, m.base_model, m.developer) for m in ext.models if m.role == "introduced"]
        intro_lines.append(f"{i:2d}. {rec.arxiv_id}  introduced={own}\n    title: {rec.title}\n"
                           f"    abstract: {' '.join(rec.abstract.split())[:400]}")
    args.intro_out.write_text("\n".join(intro_lines) + "\n", encoding="utf-8")
    print(f"sample of {len(intro_sample)} papers flagged as introducing a model written to {args.intro_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
