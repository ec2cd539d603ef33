"""The nightly full-text pass over every shared PDF (10 arXiv papers + 37 reports), served over loopback.

Prints papers per minute, CPU per paper (fetch + parse + extract + write, start-up excluded), bytes,
and what a 1M-paper backlog would cost at that rate. The request interval is 0 here: the polite
path's 3 s per request is added by arithmetic, not measured.

    .venv/bin/python benchmarks/fulltext_nightly.py [--graph embedded|neo4j] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from tests.pdf_server import PdfServer  # noqa: E402
from tracker.records import PaperRecord  # noqa: E402

SHARED = Path(os.environ.get("SOTAGRAPH_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


def papers() -> list[tuple[PaperRecord, bytes]]:
    """Every shared PDF as (record, bytes): real arXiv ids where known, else a made-up id per file."""
    out = []
    reports = {r["short"]: r for r in json.loads((SHARED / "reports" / "reports.json").read_text())}
    files = sorted((SHARED / "pdfs").glob("*.pdf")) + sorted((SHARED / "reports").glob("*.pdf"))
    for i, path in enumerate(files):
        info = reports.get(path.stem, {})
        raw = (info.get("arxiv") or path.stem.rsplit("_", 1)[-1]) if path.parent.name == "pdfs" or info.get("arxiv") \
            else ""
        ident, version = (raw.split("v")[0], int(raw.split("v")[1])) if "v" in raw else (raw, 1)
        if not ident or not ident.replace(".", "").isdigit() or any(r.arxiv_id == ident for r, _ in out):
            ident = f"2699.{i:05d}"
        rec = PaperRecord(arxiv_id=ident, version=version, title=info.get("title") or path.stem.replace("_", " "),
                          abstract="", authors=[], categories=["cs.CL"])
        out.append((rec, path.read_bytes()))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", default="embedded", choices=["embedded", "neo4j"])
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    items = papers()[: args.limit or None]
    server = PdfServer({f"{r.arxiv_id}v{r.version}": data for r, data in items})
    home = Path(tempfile.mkdtemp(prefix="sotagraph-fulltext-bench-"))
    os.environ.update(SOTAGRAPH_HOME=str(home), SOTAGRAPH_GRAPH=args.graph, SOTAGRAPH_PDF_URL=server.base_url,
                      SOTAGRAPH_REQUEST_INTERVAL="0", SOTAGRAPH_HTTP_RETRIES="0")
    from graph.store import open_store
    from tracker.config import load_settings
    from tracker.extract.paper import extract_paper
    from tracker.fulltext.run import run_fulltext

    settings = load_settings()
    store = open_store(settings)
    if args.graph == "neo4j":
        store.wipe()  # type: ignore[attr-defined]
    store.write_batch([r for r, _ in items], [])
    t0 = time.process_time()
    extract_paper(items[0][0])  # start-up: knowledge, registry, matcher
    startup = time.process_time() - t0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    report = run_fulltext(store, settings, budget_s=3600, limit=len(items), progress=False)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    store.close()
    server.close()
    n = max(report.attempted, 1)
    total_bytes = sum(len(d) for _, d in items)
    per_paper_s = wall / n
    print(f"backend {args.graph}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"start-up (extraction knowledge) {startup:.1f} s CPU")
    print(f"{report.line()}")
    print(f"{n} papers, {total_bytes / 1e6:.1f} MB ({total_bytes / n / 1e6:.2f} MB/paper) in {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU: {60 * n / wall:.0f} papers/min, {cpu / n:.2f} s CPU/paper, {per_paper_s:.2f} s wall/paper")
    days_parse = 1_000_000 * per_paper_s / 86400
    days_polite = 1_000_000 * max(3.0, per_paper_s) / 86400
    print(f"1M papers: parse+extract+write {days_parse:.1f} days on this machine (one process); the polite "
          f"path at 3 s/request {days_polite:.1f} days; {1_000_000 * total_bytes / n / 1e12:.2f} TB of PDFs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
