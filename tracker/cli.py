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

from tracker.config import ConfigError, Settings, from_env, load_settings
from tracker.redact import redact, redact_handlers

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
        print(f"error: {redact(result.message)}", file=sys.stderr)
    bad = counts.get("bad_records", 0)
    if result.ok and bad:
        print(f"error: {bad} bad records were skipped (named in the log above); the rest is stored",
              file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK if result.ok else EXIT_FAILED


def _snapshot_ingest(settings: Settings, args: argparse.Namespace, path: Path) -> int:
    from tracker.pipeline import run_ingest
    from tracker.sources.errors import SnapshotError
    from tracker.sources.snapshot import SnapshotSource, check_snapshot_path

    if not path.exists() and not path.is_symlink():
        raise CliError(f"snapshot file not found: {path}", EXIT_USAGE)
    try:
        check_snapshot_path(path)
    except SnapshotError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    src = SnapshotSource(path)
    with _open(settings) as store:
        result = run_ingest(store, src, source=f"snapshot:{path.name}", batch_size=settings.batch_size,
                            extractor=_extractor(args, settings), post_write=_post_write(settings, args),
                            bad_records=lambda: src.bad_records, progress=not args.no_progress)
    code = _report(result, args)
    _fulltext_after(settings, args, result.ok)
    if result.ok and not result.counts.get("fetched") and not result.counts.get("bad_records"):
        print(f"error: {path}: empty snapshot, no records in it", file=sys.stderr)
        return EXIT_FAILED
    return code


def _api_source(settings: Settings):
    from tracker.sources.arxiv_api import ArxivApiSource
    from tracker.sources.http import PoliteClient

    client = PoliteClient(interval_s=settings.request_interval_s, timeout_s=settings.http_timeout_s,
                          retries=settings.http_retries)
    return ArxivApiSource(settings.arxiv_api_url, client, page_size=settings.page_size)


def _fulltext_after(settings: Settings, args: argparse.Namespace, ingest_ok: bool) -> None:
    """The full-text pass of ``ingest``/``up`` after a successful metadata ingest (not ``backfill``;
    off with ``--no-fulltext``, ``--no-extract`` or ``SOTAGRAPH_FULLTEXT=0``). It opens the store
    anew, so the metadata ingest is published to readers before the (long) pass starts."""
    if not ingest_ok or not hasattr(args, "no_fulltext") or args.no_fulltext or getattr(args, "no_extract", False):
        return
    if not settings.fulltext_enabled:
        return
    from tracker.pipeline import fulltext_pass

    with _open(settings) as store:
        report = fulltext_pass(store, settings, progress=not args.no_progress, budget_s=args.fulltext_budget)
    print(report.line())


def _import_tars(settings: Settings, paths: list[Path]) -> dict[str, int]:
    """arXiv bulk PDF tars into the full-text cache (no store needed)."""
    import tarfile
    from dataclasses import asdict

    from tracker.fulltext.bulk import ImportCounts, import_tar
    from tracker.fulltext.fetch import FileCache

    total = ImportCounts()
    for path in paths:
        if not path.is_file():
            raise CliError(f"tar file not found: {path}", EXIT_USAGE)
        try:
            got = import_tar(FileCache(settings.pdf_dir), path)
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise CliError(f"{path}: not a readable tar ({exc})") from exc
        for key, value in asdict(got).items():
            setattr(total, key, getattr(total, key) + value)
    return asdict(total)


def cmd_fulltext(args: argparse.Namespace) -> int:
    """Show the full-text queue, or drain it (``--run``) within a budget, or requeue failures."""
    from tracker.fulltext import queue
    from tracker.fulltext.run import run_fulltext

    settings = _settings(args)
    if args.budget is not None and args.budget < 0 or args.limit is not None and args.limit < 0:
        raise CliError("--budget and --limit must be >= 0", EXIT_USAGE)
    out: dict[str, Any] = {}
    if args.import_tar:
        out["imported"] = _import_tars(settings, [Path(p) for p in args.import_tar])
    writes = args.run or args.retry_failed
    with _open(settings, read_only=not writes) as store:
        if args.retry_failed:
            out["requeued"] = queue.retry_failed(store)
        if args.run:
            out["run"] = run_fulltext(store, settings, budget_s=args.budget, limit=args.limit,
                                      progress=not args.no_progress).as_dict()
        out.update(queue.status(store, settings.fulltext_max_tries))
    if args.json:
        print(json.dumps(out, default=_json_default))
        return EXIT_OK
    if "imported" in out:
        print("imported from tars: " + ", ".join(f"{k} {v:,}" for k, v in out["imported"].items()))
    if "requeued" in out:
        print(f"requeued {out['requeued']} failed papers")
    if "run" in out:
        from tracker.fulltext.run import FullTextReport

        print(FullTextReport(**out["run"]).line())
    counts = out["counts"]
    total = sum(counts.values())
    print(f"full text of {total:,} papers:")
    for name, n in counts.items():
        print(f"  {name:<10}{n:>10,}  {100 * n / total if total else 0:5.1f}%")
    if out["sources"]:
        print("  fetched from: " + ", ".join(f"{k} {v:,}" for k, v in out["sources"].items()))
    print(f"due on the next run: {out['due']:,} (retries at most {settings.fulltext_max_tries} tries)")
    if out["failures"]:
        print("failure reasons:")
        for row in out["failures"]:
            print(f"  {row['papers']:>8,}  {row['reason']}")
    return EXIT_OK


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
        print(f"error: cannot fetch from arXiv ({redact(result.message)}); to load a snapshot instead run "
              f"`sotagraph ingest --from FILE` or set SOTAGRAPH_SNAPSHOT=FILE", file=sys.stderr)
        return EXIT_FAILED
    code = _report(result, args)
    _fulltext_after(settings, args, result.ok)
    return code


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
        records, bad, source = oai, (lambda: oai.bad_records), "arxiv-oai"
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


def _number(raw: str | None, flag: str, kind: type) -> Any:
    if raw is None:
        return None
    try:
        return kind(raw)
    except ValueError:
        raise CliError(f"{flag} must be a{'n integer' if kind is int else ' number'}, got {raw!r}", EXIT_USAGE) from None


def cmd_cypher(args: argparse.Namespace) -> int:
    from graph.console import ConsoleUsageError, run_console_query
    from graph.store import StoreError

    settings = _settings(args)
    timeout, limit = _number(args.timeout, "--timeout", float), _number(args.limit, "--limit", int)
    params = None
    if args.params:
        try:
            params = json.loads(args.params)
        except ValueError as exc:
            raise CliError(f"--params is not valid JSON: {exc}", EXIT_USAGE) from None
        if not isinstance(params, dict):
            raise CliError("--params must be a JSON object, e.g. '{\"id\": \"2501.00001\"}'", EXIT_USAGE)
    try:
        res = run_console_query(settings, args.query, params, timeout_s=timeout, row_cap=limit)
    except ConsoleUsageError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
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
        print(f"warning: output cut at {len(rows)} rows (--limit, or the SOTAGRAPH_QUERY_BYTE_CAP byte cap)",
              file=sys.stderr)
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
    return run_extract(lines, sys.stdout, pdf, explain=getattr(args, "explain", False))


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


def cmd_import(args: argparse.Namespace) -> int:
    """``import epoch PATH``: Epoch AI's data as a curated, source-tagged layer (tracker.curated.epoch)."""
    from tracker.curated.epoch import EpochFormatError, import_epoch
    from tracker.curated.fetch import EpochFetchError, fetch_epoch

    settings = _settings(args)
    target = args.path or (str(settings.epoch_path) if settings.epoch_path else None) or settings.epoch_url
    if not target:
        raise CliError("import epoch needs PATH (a folder or zip), or SOTAGRAPH_EPOCH_PATH / SOTAGRAPH_EPOCH_URL",
                       EXIT_USAGE)
    try:
        path = fetch_epoch(target, settings.home / "epoch") if "://" in target else Path(target)
        if not path.exists():
            raise CliError(f"no such file or folder: {path}", EXIT_USAGE)
        with _open(settings) as store:
            summary = import_epoch(store, path)
    except (EpochFormatError, EpochFetchError) as exc:
        raise CliError(f"{exc} (nothing was written)") from exc
    print(summary.line())
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from graph.migrate import migrate

    settings = _settings(args)
    source = load_settings(home=settings.home, graph="neo4j" if args.to == "embedded" else "embedded")
    target = load_settings(home=settings.home, graph=args.to)
    counts = migrate(source, target, batch_size=args.batch_size, progress=not args.no_progress)
    print(json.dumps(counts, default=_json_default))
    return EXIT_OK


def cmd_migrate_keys(args: argparse.Namespace) -> int:
    """Re-key stored Model nodes by tracker/knowledge/key_renames.yaml (after model identity rules change)."""
    from tracker.extract.identity import key_renames, migrate_store_keys

    settings = _settings(args)
    renames = key_renames()
    with _open(settings) as store:
        done = migrate_store_keys(store, renames)
    print(json.dumps({"renames_listed": len(renames), "renamed": done}))
    return EXIT_OK


def cmd_reextract(args: argparse.Namespace) -> int:
    """Extract the stored papers again with today's rules (all, or --id ...), full text from the cache."""
    from tracker.reextract import reextract

    settings = _settings(args)
    with _open(settings) as store:
        report = reextract(store, settings, ids=args.ids or None, progress=not args.no_progress)
    print(json.dumps(report.as_dict()))
    return EXIT_OK


def cmd_digest(args: argparse.Namespace) -> int:
    """What the last ok ingest run (or every run since --since) brought, as text, JSON or Markdown."""
    from tracker import digest

    settings = _settings(args)
    with _open(settings, read_only=True) as store:
        d = digest.build(lambda query, params: store.read_named(query, params),
                         since=args.since.date() if args.since else None)
    print(digest.to_json(d) if args.json else digest.to_markdown(d), end="" if not args.json else "\n")
    return EXIT_OK


def _dashboard_cmd(settings: Settings, args: argparse.Namespace) -> list[str]:
    app = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
    return [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", args.address,
            "--server.port", str(args.port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]


def cmd_dashboard(args: argparse.Namespace) -> int:
    settings = _settings(args)
    env = {**os.environ, "SOTAGRAPH_HOME": str(settings.home), "SOTAGRAPH_GRAPH": settings.graph}
    print(f"serving the dashboard on http://{args.address}:{args.port}", flush=True)
    from dashboard.serve import serve_foreground

    return serve_foreground(_dashboard_cmd(settings, args), env)  # stops the server on SIGTERM/SIGINT


def cmd_up(args: argparse.Namespace) -> int:
    """The main job: the nightly ingest, then the dashboard over whatever is stored; the full-text
    pass runs once the dashboard is up (it picks up the pass's results when the pass publishes)."""
    from graph.store import StoreError

    fulltext = not args.no_fulltext
    args.no_fulltext = True
    try:
        code = cmd_ingest(args)
    except CliError as exc:
        print(f"error: {redact(exc)}", file=sys.stderr)
        code = exc.code
    if code != EXIT_OK:
        print("ingest did not complete; serving what is stored", file=sys.stderr)
    settings = _settings(args)
    if not fulltext or code != EXIT_OK or not settings.fulltext_enabled or args.no_extract:
        return cmd_dashboard(args)
    env = {**os.environ, "SOTAGRAPH_HOME": str(settings.home), "SOTAGRAPH_GRAPH": settings.graph}
    print(f"serving the dashboard on http://{args.address}:{args.port}", flush=True)
    dashboard = subprocess.Popen(_dashboard_cmd(settings, args), env=env)
    args.no_fulltext = False
    try:
        _fulltext_after(settings, args, True)
    except (StoreError, CliError) as exc:
        print(f"error: full-text pass: {redact(exc)}", file=sys.stderr)
    return dashboard.wait()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sotagraph", description="Track the AI research frontier as a knowledge graph.")
    try:
        defaults = from_env()
    except ConfigError:  # reported with one line when the command loads its settings
        defaults = Settings()
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

    def fulltext_flags(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--no-fulltext", action="store_true", help="skip the full-text pass (SOTAGRAPH_FULLTEXT=0)")
        sp.add_argument("--fulltext-budget", type=float, metavar="S",
                        help="seconds for the full-text pass (default $SOTAGRAPH_FULLTEXT_BUDGET_S or 1500)")

    sp = add("ingest", cmd_ingest, "Fetch new papers from the watermark to now (or a snapshot with --from), "
                                   "then their full text within a time budget.")
    sp.add_argument("--from", dest="from_file", help="JSON-lines snapshot (plain or .gz) instead of live arXiv")
    pipeline_flags(sp)
    fulltext_flags(sp)
    sp = add("fulltext", cmd_fulltext, "The full-text queue: status and counts; --run drains it within a budget.")
    sp.add_argument("--run", action="store_true", help="fetch, parse, extract and write pending papers")
    sp.add_argument("--budget", type=float, metavar="S", help="wall-time budget in seconds (default 1500)")
    sp.add_argument("--limit", type=int, metavar="N", help="at most N papers this run (default 1000)")
    sp.add_argument("--retry-failed", action="store_true", help="put failed papers back in the queue, tries reset")
    sp.add_argument("--import-tar", nargs="+", metavar="TAR",
                    help="put the PDFs of arXiv bulk tars (s3://arxiv/pdf/*.tar) into the cache first")
    sp.add_argument("--json", action="store_true", help="status (and the run's report) as JSON")
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
    sp.add_argument("--limit", help="row cap (default $SOTAGRAPH_QUERY_ROW_CAP or 1000)")
    sp.add_argument("--timeout", help="time limit in seconds (default $SOTAGRAPH_QUERY_TIMEOUT or 10)")
    sp = add("extract", cmd_extract, "Extract entities from JSON-lines records on stdin, or from --pdf FILE.")
    sp.add_argument("--pdf", help="a PDF file")
    sp.add_argument("--explain", action="store_true", help="print each rule's verdict on each candidate instead of JSON")
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
    sp = add("import", cmd_import, "Import a curated source: `import epoch PATH` (Epoch AI's ECI, runs, leaderboards).")
    sp.add_argument("source", choices=["epoch"], help="the curated source")
    sp.add_argument("path", nargs="?", help="folder, zip or http(s) URL (default $SOTAGRAPH_EPOCH_PATH or "
                                            "$SOTAGRAPH_EPOCH_URL)")
    sp = add("digest", cmd_digest, "What the last ingest run brought (papers, models, new state of the art, "
                                   "open/closed frontier points), for a newsletter or a chat hook.")
    sp.add_argument("--since", type=_date, help="every ok run started on or after this day (YYYY-MM-DD)")
    fmt = sp.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="as JSON")
    fmt.add_argument("--markdown", action="store_true", help="as Markdown (the default)")
    sp = add("migrate", cmd_migrate, "Copy the store into the other backend: `--to neo4j` (NEO4J_* settings) "
                                       "or `--to embedded` (the store under --home).")
    sp.add_argument("--to", choices=["neo4j", "embedded"], default="neo4j")
    sp.add_argument("--batch-size", type=int, default=5000)
    add("migrate-keys", cmd_migrate_keys, "Re-key stored models renamed by the model-identity rules (key_renames.yaml).")
    sp = add("reextract", cmd_reextract, "Extract the stored papers again with today's rules (full text from the "
             "local cache).")
    sp.add_argument("--id", dest="ids", action="append", metavar="ARXIV_ID", help="only this paper (repeatable)")
    for name, func, text in (("dashboard", cmd_dashboard, "Serve the Streamlit dashboard."),
                             ("up", cmd_up, "The main job: ingest (live, or --from FILE), then serve the dashboard.")):
        sp = add(name, func, text)
        sp.add_argument("--address", default=defaults.dashboard_address,
                        help="default $SOTAGRAPH_DASHBOARD_ADDRESS or 127.0.0.1")
        sp.add_argument("--port", type=int, default=defaults.dashboard_port,
                        help="default $SOTAGRAPH_DASHBOARD_PORT or 8501")
        if name == "up":
            sp.add_argument("--from", dest="from_file", help="JSON-lines snapshot instead of live arXiv")
            pipeline_flags(sp)
            fulltext_flags(sp)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    redact_handlers()  # every log line, to the terminal or a log file, leaves with its secrets masked
    from graph.store import StoreError
    from tracker.sources.errors import SourceError

    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"error: {redact(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except CliError as exc:
        print(f"error: {redact(exc)}", file=sys.stderr)
        return exc.code
    except (StoreError, SourceError) as exc:
        print(f"error: {redact(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
