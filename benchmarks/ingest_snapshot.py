"""Snapshot backfill and nightly-path speed on the embedded store (the targets below).

Prints papers/s and peak memory of a full backfill of the 74,728-paper snapshot into a fresh
store (graph only), then the time to add the same 2,000 "new day" papers to stores of 10k,
40k and ~72.7k papers: the cost per paper must not grow with the store. ``--extra-sizes 150000,300000``
adds larger stores: the real papers plus synthetic copies of them (new ids ``0r01.NNNNN``, authors
suffixed per copy so they are new people too), the only way past the snapshot's size offline.

    .venv/bin/python benchmarks/ingest_snapshot.py [--snapshot FILE] [--batch-size N] [--extract]
                                                   [--skip-full] [--extra-sizes N,N] [--repeat N]

``--repeat N`` adds the same day N times to copies of each store and prints the median and the range:
the commit's checkpoint writes and syncs files, so one run on a busy disk can be off by a second.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SNAPSHOT = ROOT.parent / "shared" / "data" / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"


def _phase(args: argparse.Namespace, home: Path, skip: int, take: int | None, synthetic: int = 0,
           root: Path = ROOT) -> dict:
    """Run one load in a child process so peak RSS is that load's alone; ``synthetic`` copies of the first real
    papers are appended (see the module docstring). ``root``: the checkout whose code runs (another commit's
    worktree for a side-by-side, ``benchmarks/ingest_compare.py``)."""
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(root)!r})
from itertools import islice
from pathlib import Path
from graph.embedded import EmbeddedStore
from tracker.pipeline import run_ingest, default_extractor
from tracker.sources.snapshot import SnapshotSource
store = EmbeddedStore(Path({str(home)!r}) / 'g.lbug')
records = list(islice(SnapshotSource(Path({str(args.snapshot)!r})), {skip}, {take if take is None else skip + take}))
base, extra = list(records), []
for i in range({synthetic}):
    copy, rec = divmod(i, len(base))
    r = base[rec]
    extra.append(r.model_copy(update={{'arxiv_id': f'0{{copy + 1}}01.{{rec:05d}}',
                                       'authors': [a + f' {{copy + 1}}' for a in r.authors]}}))
records += extra
t0 = time.perf_counter()
res = run_ingest(store, records, source='bench', batch_size={args.batch_size},
                 extractor=default_extractor() if {args.extract} else None, progress=False)
dt = time.perf_counter() - t0
n = store.count_papers()
store.close()
print(json.dumps({{'seconds': dt, 'papers': len(records), 'store_papers': n, 'status': res.status,
                  'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _streaming_full(args: argparse.Namespace, home: Path, root: Path = ROOT) -> dict:
    """The real CLI path: stream the file, parse, write; wall time includes parsing."""
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "tracker.cli", "--home", str(home), "--no-progress", "backfill", "--from",
           str(args.snapshot), "--no-embed"] + ([] if args.extract else ["--no-extract"])
    env = {**os.environ, "SOTAGRAPH_BATCH_SIZE": str(args.batch_size)}
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=root, env=env)
    dt = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": dt, "rc": proc.returncode, "stdout": proc.stdout.strip(), "peak_mb": usage.ru_maxrss / 1024}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--extract", action="store_true", help="include extraction (default: graph only)")
    p.add_argument("--skip-full", action="store_true")
    p.add_argument("--extra-sizes", default="", help="comma-separated store sizes beyond the snapshot (synthetic)")
    p.add_argument("--repeat", type=int, default=1, help="nightly runs per store size, each on a fresh copy")
    args = p.parse_args()
    extra_sizes = [int(x) for x in args.extra_sizes.split(",") if x.strip()]
    if not args.snapshot.is_file():
        sys.exit(f"snapshot not found: {args.snapshot}")
    with gzip.open(args.snapshot, "rb") as fh:
        total = sum(1 for _ in fh)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_full:
            full = _streaming_full(args, Path(tmp) / "full")
            print(f"full backfill (CLI, streaming): {full['seconds']:.1f} s, {total / full['seconds']:,.0f} papers/s, "
                  f"peak RSS {full['peak_mb']:,.0f} MiB  [{full['stdout']}]")
        day = 2000
        base_total = total - day
        print(f"nightly path: the same {day:,} new papers (the file's last) into stores of growing size")
        results = []
        for size in (10_000, 40_000, base_total, *extra_sizes):
            home = Path(tmp) / f"s{size}"
            _phase(args, home, 0, min(size, base_total), synthetic=max(0, size - base_total))
            runs = []
            for i in range(max(1, args.repeat)):
                trial = home if i == args.repeat - 1 else Path(tmp) / f"s{size}-trial"
                if trial != home:
                    shutil.rmtree(trial, ignore_errors=True)
                    shutil.copytree(home, trial, symlinks=True)
                runs.append(_phase(args, trial, base_total, day))
                if trial != home:
                    shutil.rmtree(trial)
            secs = sorted(r["seconds"] for r in runs)
            r = {**runs[-1], "seconds": statistics.median(secs)}
            results.append(r)
            spread = f" (median of {len(secs)}: {secs[0]:.2f}-{secs[-1]:.2f} s)" if len(secs) > 1 else ""
            print(f"  store of {size:>6,} papers: +{r['papers']:,} in {r['seconds']:.2f} s{spread} "
                  f"({r['seconds'] / r['papers'] * 1000:.2f} ms/paper, {r['papers'] / r['seconds']:,.0f} papers/s), "
                  f"peak RSS {r['peak_mb']:,.0f} MiB")
            if size != (extra_sizes or [base_total])[-1]:
                shutil.rmtree(home)  # keep /tmp small: a 600k store is 1.3 GB
        ratio = results[-1]["seconds"] / results[0]["seconds"]
        print(f"  cost ratio largest/smallest store: {ratio:.2f}x (1.0 = flat)")
        if len(results) > 3:
            later = [r["seconds"] for r in results[1:]]
            print(f"  from 40k papers on: {min(later):.2f}-{max(later):.2f} s, largest/40k {later[-1] / later[0]:.2f}x")


if __name__ == "__main__":
    main()
