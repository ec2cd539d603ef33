"""Build the compact ROR organisation table that ships inside the package.

ROR (ror.org) is CC0. The table keeps what the matcher uses — name, aliases, acronyms, country,
type, ROR id, web domains and city — as gzip JSON lines in the v1-like shape the registry reads,
with the dump's name recorded in ``tracker/knowledge/ror/VERSION``. A user with a newer dump
points ``SOTAGRAPH_ROR`` at it instead; to refresh the shipped table, run:

    .venv/bin/python scripts/build_ror_table.py PATH_TO_ROR_DUMP [--version LABEL]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

from tracker.orgs.registry import LoadStats, iter_ror

OUT_DIR = Path(__file__).resolve().parents[1] / "tracker" / "knowledge" / "ror"
_TYPES = {"education": "Education", "company": "Company", "government": "Government", "nonprofit": "Nonprofit",
          "facility": "Facility", "healthcare": "Healthcare", "archive": "Archive", "other": "Other"}


def build(src: Path, out_dir: Path, version: str) -> tuple[int, int]:
    stats = LoadStats()
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "ror_orgs.jsonl.gz.tmp"
    n = 0
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=9) as fh:
        for e in iter_ror(src, stats):
            rec: dict[str, object] = {"name": e.name, "country_code": e.country, "types": [_TYPES.get(e.type, "Other")]}
            for key, value in (("id", e.ror_id), ("aliases", e.aliases), ("acronyms", e.acronyms),
                               ("domains", e.domains)):
                if value:
                    rec[key] = value
            if e.city:
                rec["addresses"] = [{"city": e.city}]
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    os.replace(tmp, out_dir / "ror_orgs.jsonl.gz")
    (out_dir / "VERSION").write_text(f"{version}\n{n} organisations, {stats.skipped} records skipped\n")
    return n, stats.skipped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", type=Path, help="a ROR dump: zip, json, jsonl[.gz] or csv[.gz], or a folder of them")
    ap.add_argument("--version", help="label recorded in VERSION (default: the dump's file name)")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    if not args.dump.exists():
        print(f"build_ror_table: {args.dump} not found", file=sys.stderr)
        return 2
    n, skipped = build(args.dump, args.out, args.version or args.dump.name)
    print(f"wrote {n} organisations ({skipped} skipped) to {args.out / 'ror_orgs.jsonl.gz'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
