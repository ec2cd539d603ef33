"""This checkout against an earlier commit, side by side on the same machine in the same minutes.

Absolute ingest figures drift with the machine (page cache, disk, neighbours), so a regression is judged
by running both codes alternately: the snapshot backfill (graph only, the CLI path) and the nightly 2,000
papers into stores of each size, each nightly run on a fresh copy of a store that code built itself.

    .venv/bin/python benchmarks/ingest_compare.py --ref 2420c6c [--sizes 72728,600000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from ingest_snapshot import DEFAULT_SNAPSHOT, ROOT, _phase, _streaming_full

DAY = 2000


def _worktree(ref: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), ref],
                   check=True, capture_output=True, text=True)
    return where


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ref", required=True, help="the earlier commit (a git ref of this repository)")
    p.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    p.add_argument("--sizes", default="72728,600000", help="store sizes before the new day (synthetic past 72,728)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=5000)
    args = p.parse_args()
    args.extract = False
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        old = _worktree(args.ref, tmp / "ref")
        try:
            roots = {args.ref: old, "this checkout": ROOT}
            full: dict[str, list[float]] = {name: [] for name in roots}
            for _ in range(2):
                for name, root in roots.items():
                    home = tmp / "full"
                    full[name].append(_streaming_full(args, home, root)["seconds"])
                    shutil.rmtree(home)
            print("snapshot backfill, graph only (CLI): " + "; ".join(
                f"{name} {statistics.median(v):.1f} s ({', '.join(f'{x:.1f}' for x in v)})" for name, v in full.items()))
            base_total = 74728 - DAY
            for size in sizes:
                stores = {}
                for name, root in roots.items():
                    stores[name] = tmp / f"{abs(hash(name))}-{size}"
                    _phase(args, stores[name], 0, min(size, base_total), max(0, size - base_total), root)
                runs: dict[str, list[float]] = {name: [] for name in roots}
                for _ in range(args.repeat):
                    for name, root in roots.items():
                        trial = tmp / "trial"
                        shutil.copytree(stores[name], trial, symlinks=True)
                        runs[name].append(_phase(args, trial, base_total, DAY, 0, root)["seconds"])
                        shutil.rmtree(trial)
                for store in stores.values():
                    shutil.rmtree(store)
                print(f"nightly {DAY:,} papers into {size:,}: " + "; ".join(
                    f"{name} {statistics.median(v):.2f} s (median of {len(v)}: {min(v):.2f}-{max(v):.2f})"
                    for name, v in runs.items()))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)


if __name__ == "__main__":
    main()
