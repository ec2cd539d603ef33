"""``sotagraph``: a thin CLI over the library. Errors map to exit codes and one-line messages.

Exit codes: 0 success; 1 the work failed (source unreachable, store down, refused query);
2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tracker.config import ConfigError, Settings, load_settings

log = logging.getLogger("sotagraph")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def _date(raw: str) -> datetime:
    try:
        return datetime.fromisoformat(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {raw!r}") from exc


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(
        home=Path(args.home).expanduser() if getattr(args, "home", None) else None,
        graph=getattr(args, "graph", None),
    )


def _open(settings: Settings, *, read_only: bool = False):
    from graph.store import open_store

    return open_store(settings, read_only=read_only)


def _post_write(settings: Settings, args: argparse.Namespace) -> Callable[[Any], dict[str, Any]] | None:
    """The embed/index step, when enabled and installed."""
    if getattr(args, "no_embed", False) or not settings.embed_enabled:
        return None
    try:
        from tracker.similarity import pipeline_step
    except ImportError:
        return None
    return pipeline_step(settings, progress=not args.no_progress)


def _extractor(args: argparse.Namespace, settings: Settings | None = None):
    if getattr(args, "no_extract", False):
        return None
    from tracker.pipeline import build_extractor

    return build_extractor(settings or _settings(args))


def _report(result: Any, args: argparse.Namespace) -> int:
    counts = result.counts
    line = (f"run {result.run_id}: {result.status}; fetched {counts.get('fetched', 0)}, "
            f"new {counts.get('papers_new', 0)}, updated {counts.get('papers_updated', 0)}, "
            f"unchanged {counts.get('papers_unchanged', 0)}, bad records {counts.get('bad_records', 0)}")
    print(line)
    if result.message and result.status != "ok":
        print(f"error: {result.message}", file=sys.stderr)
    bad = counts.get("bad_records", 0)
    if result.ok and bad:
        print(f"error: {bad} bad records were skipped (named in the log above); the rest is stored",
              file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK if result.ok else EXIT_FAILED


def _snapshot_ingest(settings: Settings, args: argparse.Namespace, path: Path) -> int:
    from tracker.pipeline import run_ingest
    from tracker.sources.snapshot import SnapshotSource

    if not path.is_file():
        raise CliError(f"snapshot file not found: {path}", EXIT_USAGE)
    src = SnapshotSource(path)
    with _open(settings) as store:
        result = run_ingest(store, src, source=f"snapshot:{path.name}", batch_size=settings.batch_size,
                            extractor=_extractor(args, settings), post_write=_post_write(settings, args),
                            bad_records=lambda: src.bad, progress=not args.no_progress)
    return _report(result, args)


def _api_source(settings: Settings):
    from tracker.sources.arxiv_api import ArxivApiSource
    from tracker.sources.http import PoliteClient

    client = PoliteClient(interval_s=settings.request_interval_s, timeout_s=settings.http_timeout_s,
                          retries=settings.http_retries)
    return ArxivApiSource(settings.arxiv_api_url, client, page_size=settings.page_size)


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = _settings(args)
    snapshot = Path(args.from_file) if args.from_file else settings.snapshot
    if snapshot:
        return _snapshot_ingest(settings, args, snapshot)
    from tracker.pipeline import API_SOURCE, next_window, run_ingest

    api = _api_source(settings)
    with _open(settings) as store:
        since, until = next_window(store, overlap_days=settings.overlap_days,
                                   first_run_days=settings.first_run_days)
        log.info("ingest window %s .. %s over %s", since, until, ",".join(settings.categories))
        result = run_ingest(store, api.window(settings.categories, since, until), source=API_SOURCE,
                            batch_size=settings.batch_size, window_from=since, window_to=until,
                            extractor=_extractor(args, settings), post_write=_post_write(settings, args),
                            bad_records=lambda: api.bad_records, progress=not args.no_progress)
    if not result.ok and result.counts.get("fetched", 0) == 0:
        print(f"error: cannot fetch from arXiv ({result.message}); to load a snapshot instead run "
              f"`sotagraph ingest --from FILE` or set SOTAGRAPH_SNAPSHOT=FILE", file=sys.stderr)
        return EXIT_FAILED
    return _report(result, args)


def cmd_backfill(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.from_file:
        return _snapshot_ingest(settings, args, Path(args.from_file))
    if not args.since:
        raise CliError("backfill needs --from FILE, or --since DATE [--until DATE] [--oai]", EXIT_USAGE)
    until = args.until or datetime.now()
    if until <= args.since:
        raise CliError("--until must be after --since", EXIT_USAGE)
    from tracker.pipeline import day_windows, run_ingest

    if args.oai:
        from tracker.sources.http import PoliteClient
        from tracker.sources.oai import OaiSource

        client = PoliteClient(interval_s=settings.request_interval_s, timeout_s=settings.http_timeout_s,
                              retries=settings.http_retries)
        oai = OaiSource(settings.arxiv_oai_url, client, set_spec=args.set, metadata_prefix=args.metadata_prefix,
                        since=args.since.date(), until=until.date(), categories=settings.categories)
        records, bad, source = oai, (lambda: oai.bad), "arxiv-oai"
    else:
        api = _api_source(settings)

        def windows():
            for start, end in day_windows(args.since, until):
                yield from api.window(settings.categories, start, end)

        records, bad, source = windows(), (lambda: api.bad_records), "arxiv-api-backfill"
    with _open(settings) as store:
        result = run_ingest(store, records, source=source, batch_size=settings.batch_size, window_from=args.since,
                            extractor=_extractor(args, settings), post_write=_post_write(settings, args),
                            bad_records=bad, progress=not args.no_progress)
    return _report(result, args)


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def cmd_stats(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with _open(settings, read_only=True) as store:
        stats = store.stats(runs=args.runs)
    if args.json:
        print(json.dumps(stats, default=_json_default, indent=2))
        return EXIT_OK
    print(f"backend: {stats['backend']}   newest paper: {stats['newest_paper']}")
    print("nodes:")
    for label, n in stats["nodes"].items():
        print(f"  {label:<14}{n:>10,}")
    print("relationships:")
    for rel, n in stats["relationships"].items():
        print(f"  {rel:<22}{n:>10,}")
    print("categories (primary / any):")
    for row in stats["categories"][:15]:
        print(f"  {row['category']:<10}{row['primary']:>8,}{row['total']:>8,}")
    print("last runs:")
    for run in stats["last_runs"]:
        print(f"  {run['started']}  {run['source']:<28} {run['status']:<8} {run['counts']}")
    return EXIT_OK


def _cell(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _cell(v) for k, v in value.items() if not str(k).startswith("_")} or str(value)
    if isinstance(value, (list, tuple)):
        return [_cell(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "to_native"):
        return _cell(value.to_native())
    return value


def cmd_cypher(args: argparse.Namespace) -> int:
    from graph.store import StoreError

    settings = _settings(args)
    params = json.loads(args.params) if args.params else None
    with _open(settings, read_only=True) as store:
        try:
            res = store.read_only_query(args.query, params, timeout_s=args.timeout or settings.query_timeout_s,
                                        row_cap=args.limit or settings.query_row_cap)
        except StoreError as exc:
            raise CliError(str(exc)) from exc
    rows = [[_cell(v) for v in row] for row in res.rows]
    if args.json:
        print(json.dumps([dict(zip(res.columns, r, strict=False)) for r in rows], default=_json_default))
    elif args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(res.columns)
        writer.writerows(rows)
    else:
        widths = [max([len(str(c))] + [len(str(r[i])) for r in rows]) for i, c in enumerate(res.columns)]
        widths = [min(w, 60) for w in widths]
        print(" | ".join(str(c).ljust(w) for c, w in zip(res.columns, widths, strict=False)))
        print("-+-".join("-" * w for w in widths))
        for r in rows:
            print(" | ".join(str(v)[:60].ljust(w) for v, w in zip(r, widths, strict=False)))
        print(f"({len(rows)} rows{', truncated at the row cap' if res.truncated else ''})")
    if res.truncated:
        print(f"warning: output cut at {len(rows)} rows (--limit)", file=sys.stderr)
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    try:
        from tracker.extract.cli import run_extract
    except ImportError as exc:
        raise CliError(f"extraction is not available: {exc}") from exc
    pdf = Path(args.pdf) if args.pdf else None
    if pdf and not pdf.is_file():
        raise CliError(f"PDF not found: {pdf}", EXIT_USAGE)
    lines = sys.stdin if pdf is None else []
    return run_extract(lines, sys.stdout, pdf)


def cmd_orgs(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with _open(settings, read_only=True) as store:
        rows = store.unresolved_affiliations(args.limit)
    if args.json:
        print(json.dumps(rows))
        return EXIT_OK
    if not rows:
        print("no unresolved affiliation strings")
    for row in rows:
        print(f"{row['papers']:>6}  {row['text']}")
    return EXIT_OK


def cmd_similarity(args: argparse.Namespace) -> int:
    try:
        from tracker import similarity
    except ImportError as exc:
        raise CliError(f"similarity search is not available: {exc}") from exc
    settings = _settings(args)
    return similarity.cli(args, settings)


def cmd_migrate(args: argparse.Namespace) -> int:
    from graph.migrate import migrate

    settings = _settings(args)
    if args.to != "neo4j":
        raise CliError("only `--to neo4j` is supported", EXIT_USAGE)
    source = load_settings(home=settings.home, graph="embedded")
    target = load_settings(home=settings.home, graph="neo4j")
    counts = migrate(source, target, batch_size=args.batch_size, progress=not args.no_progress)
    print(json.dumps(counts, default=_json_default))
    return EXIT_OK


def _dashboard_cmd(settings: Settings, args: argparse.Namespace) -> list[str]:
    app = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
    return [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", args.address,
            "--server.port", str(args.port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]


def cmd_dashboard(args: argparse.Namespace) -> int:
    settings = _settings(args)
    env = {**os.environ, "SOTAGRAPH_HOME": str(settings.home), "SOTAGRAPH_GRAPH": settings.graph}
    print(f"serving the dashboard on http://{args.address}:{args.port}", flush=True)
    return subprocess.call(_dashboard_cmd(settings, args), env=env)


def cmd_up(args: argparse.Namespace) -> int:
    """The main job: the nightly ingest, then the dashboard over whatever is stored."""
    try:
        code = cmd_ingest(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = exc.code
    if code != EXIT_OK:
        print("ingest did not complete; serving what is stored", file=sys.stderr)
    return cmd_dashboard(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sotagraph", description="Track the AI research frontier as a knowledge graph.")
    p.add_argument("--home", help="data directory (default $SOTAGRAPH_HOME or ~/.sotagraph)")
    p.add_argument("--graph", choices=["embedded", "neo4j"], help="graph backend (default $SOTAGRAPH_GRAPH)")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_text, description=help_text)
        sp.set_defaults(func=func)
        return sp

    def pipeline_flags(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--no-extract", action="store_true", help="skip entity extraction")
        sp.add_argument("--no-embed", action="store_true", help="skip embeddings and the vector index")

    sp = add("ingest", cmd_ingest, "Fetch new papers from the watermark to now (or a snapshot with --from).")
    sp.add_argument("--from", dest="from_file", help="JSON-lines snapshot (plain or .gz) instead of live arXiv")
    pipeline_flags(sp)
    sp = add("backfill", cmd_backfill, "Load history: a snapshot file, or a date range from the API or OAI-PMH.")
    sp.add_argument("--from", dest="from_file", help="JSON-lines snapshot (plain or .gz)")
    sp.add_argument("--since", type=_date, help="first day (YYYY-MM-DD)")
    sp.add_argument("--until", type=_date, help="last day (default: now)")
    sp.add_argument("--oai", action="store_true", help="harvest with OAI-PMH ListRecords instead of the query API")
    sp.add_argument("--set", default="cs", help="OAI-PMH set (default cs)")
    sp.add_argument("--metadata-prefix", default="arXivRaw", choices=["arXivRaw", "arXiv"])
    pipeline_flags(sp)
    sp = add("stats", cmd_stats, "Counts per label, relationship and category, and the last runs.")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--runs", type=int, default=5)
    sp = add("cypher", cmd_cypher, "Run a read-only Cypher query (writes are refused).")
    sp.add_argument("query")
    sp.add_argument("--params", help="query parameters as a JSON object")
    sp.add_argument("--json", action="store_true", help="rows as a JSON array")
    sp.add_argument("--csv", action="store_true", help="rows as CSV")
    sp.add_argument("--limit", type=int, help="row cap (default $SOTAGRAPH_QUERY_ROW_CAP or 1000)")
    sp.add_argument("--timeout", type=float, help="time limit in seconds (default 10)")
    sp = add("extract", cmd_extract, "Extract entities from JSON-lines records on stdin, or from --pdf FILE.")
    sp.add_argument("--pdf", help="a PDF file")
    sp = add("orgs", cmd_orgs, "Unresolved affiliation strings by frequency (to add aliases).")
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument("--json", action="store_true")
    sp = add("search", cmd_similarity, "Semantic search over titles and abstracts.")
    sp.add_argument("text")
    sp.add_argument("-k", type=int, default=10)
    sp.add_argument("--since", type=_date)
    sp.add_argument("--until", type=_date)
    sp.add_argument("--category")
    sp.add_argument("--json", action="store_true")
    sp = add("similar", cmd_similarity, "Papers nearest to a paper.")
    sp.add_argument("arxiv_id")
    sp.add_argument("-k", type=int, default=10)
    sp.add_argument("--json", action="store_true")
    sp = add("check", cmd_similarity, "Compare the vector index with the graph (exit 1 when they differ).")
    sp.add_argument("--json", action="store_true")
    sp = add("reindex", cmd_similarity, "Rebuild the vector index from the graph.")
    sp = add("migrate", cmd_migrate, "Copy the embedded store into Neo4j (NEO4J_* settings).")
    sp.add_argument("--to", default="neo4j")
    sp.add_argument("--batch-size", type=int, default=5000)
    for name, func, text in (("dashboard", cmd_dashboard, "Serve the Streamlit dashboard."),
                             ("up", cmd_up, "The main job: ingest (live, or --from FILE), then serve the dashboard.")):
        sp = add(name, func, text)
        sp.add_argument("--address", default=os.environ.get("SOTAGRAPH_DASHBOARD_ADDRESS", "127.0.0.1"))
        sp.add_argument("--port", type=int, default=int(os.environ.get("SOTAGRAPH_DASHBOARD_PORT", "8501")))
        if name == "up":
            sp.add_argument("--from", dest="from_file", help="JSON-lines snapshot instead of live arXiv")
            pipeline_flags(sp)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    from graph.store import StoreError
    from tracker.sources.errors import SourceError

    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except (StoreError, SourceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
