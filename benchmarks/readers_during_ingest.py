"""Readers during a nightly ingest: do readers ever see a half-written store?

Preloads ``--preload`` snapshot papers with ``sotagraph backfill``, then runs a second
``sotagraph backfill`` of the next ``--ingest`` papers in another process (batches of
``--batch-size``, each a committed transaction) while this process reads papers known to exist:

- a long-lived read-only handle, as the dashboard keeps (``refresh()`` between queries on the
  embedded store: it moves to a newly published generation);
- a fresh read-only open every ``--fresh-every`` reads, as ``sotagraph stats`` / CLI reads do;
- with ``--browser``, the real dashboard (Streamlit on loopback) in Debian's chromium, reloading
  the overview and a known paper's page throughout.

Pass = zero errors, zero missing papers, every page rendered without an error box, and all
papers present after the ingest. Prints one JSON line of figures (and ``PASS``/``FAIL``).

    .venv/bin/python benchmarks/readers_during_ingest.py [--backend embedded|neo4j] [--preload 2000]
        [--ingest 20000] [--reads 5000] [--batch-size 2000] [--no-extract] [--browser]

Neo4j: export ``NEO4J_URI``/``NEO4J_PASSWORD`` (``scripts/neo4j_local.sh env``); its database is WIPED.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SNAPSHOT = ROOT.parent / "shared" / "data" / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"
log = logging.getLogger("readers_during_ingest")


@dataclass
class Figures:
    backend: str
    preload: int
    ingest: int
    reads: int = 0
    reads_during_ingest: int = 0
    fresh_opens: int = 0
    errors: int = 0
    missing: int = 0
    count_went_down: int = 0
    first_errors: list[str] = field(default_factory=list)
    generations_seen: int = 1
    ingest_seconds: float = 0.0
    ingest_rc: int | None = None
    final_papers: int = 0
    renders: int = 0
    renders_during_ingest: int = 0
    render_failures: int = 0
    first_render_failures: list[str] = field(default_factory=list)
    load: str = ""

    @property
    def passed(self) -> bool:
        return (self.errors == 0 and self.missing == 0 and self.count_went_down == 0 and self.ingest_rc == 0
                and self.final_papers == self.preload + self.ingest and self.render_failures == 0)


def split_snapshot(snapshot: Path, work: Path, preload: int, ingest: int) -> tuple[Path, Path, dict[str, str]]:
    """The first ``preload`` lines and the next ``ingest`` lines as two gzip files; preloaded id -> title."""
    pre, new = work / "preload.jsonl.gz", work / "ingest.jsonl.gz"
    titles: dict[str, str] = {}
    with gzip.open(snapshot, "rt") as fh, gzip.open(pre, "wt") as a, gzip.open(new, "wt") as b:
        for i, line in enumerate(fh):
            if i < preload:
                a.write(line)
                rec = json.loads(line)
                titles[rec["id"]] = " ".join(str(rec.get("title", "")).split())
            elif i < preload + ingest:
                b.write(line)
            else:
                break
    return pre, new, titles


def backfill(home: Path, file: Path, env: dict[str, str], *, batch_size: int, extract: bool,
             log_path: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "tracker.cli", "--home", str(home), "--no-progress", "backfill", "--from", str(file),
           "--no-embed"] + ([] if extract else ["--no-extract"])
    out = open(log_path, "ab")  # noqa: SIM115 - handed to the child process
    return subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                            env={**env, "SOTAGRAPH_BATCH_SIZE": str(batch_size)})


def _note(fig: Figures, kind: str, detail: str) -> None:
    if kind == "error":
        fig.errors += 1
    else:
        fig.missing += 1
    if len(fig.first_errors) < 10:
        fig.first_errors.append(f"{kind}: {detail}")


def _check_one(store: Any, pid: str, fig: Figures) -> None:
    try:
        rows = store.papers_by_ids([pid])
    except Exception as exc:  # noqa: BLE001 - every failure is a finding
        _note(fig, "error", f"{pid}: {type(exc).__name__}: {str(exc)[:200]}")
        return
    if len(rows) != 1 or rows[0].get("arxiv_id") != pid or not isinstance(rows[0].get("title"), str):
        _note(fig, "missing", f"{pid}: got {len(rows)} row(s)")


def read_loop(settings: Any, ids: list[str], fig: Figures, ingest: subprocess.Popen[bytes], *, min_reads: int,
              fresh_every: int, seed: int = 7) -> None:
    """Read known papers until the ingest has ended and at least ``min_reads`` reads were made."""
    from graph.store import open_store

    rng = random.Random(seed)
    store = open_store(settings, read_only=True)
    last_count = store.count_papers()
    generation = getattr(store, "generation", None)
    try:
        while ingest.poll() is None or fig.reads < min_reads:
            running = ingest.poll() is None
            if hasattr(store, "refresh") and store.refresh():  # between queries, as the dashboard does
                fig.generations_seen += 1
                generation = store.generation
            pid = rng.choice(ids)
            if fresh_every and fig.reads % fresh_every == 0:
                try:
                    with open_store(settings, read_only=True) as fresh:
                        _check_one(fresh, pid, fig)
                        fig.fresh_opens += 1
                except Exception as exc:  # noqa: BLE001 - a failed open is a finding
                    _note(fig, "error", f"fresh open: {type(exc).__name__}: {str(exc)[:200]}")
            else:
                _check_one(store, pid, fig)
            fig.reads += 1
            fig.reads_during_ingest += running
            if fig.reads % 50 == 0:
                try:
                    n = store.count_papers()
                except Exception as exc:  # noqa: BLE001
                    _note(fig, "error", f"count: {type(exc).__name__}: {str(exc)[:200]}")
                    continue
                if n < last_count:
                    fig.count_went_down += 1
                    if len(fig.first_errors) < 10:
                        fig.first_errors.append(f"count went down {last_count} -> {n} on {generation}")
                last_count = n
    finally:
        store.close()


def browser_loop(url: str, paper_id: str, title: str, fig: Figures, ingesting: threading.Event,
                 stop: threading.Event, warm: threading.Event) -> None:
    """Reload the overview and one known paper's page until ``stop``; count failed renders. ``warm`` is
    set after the first round (the ingest starts then, so the renders overlap it)."""
    from devsupport.app_driver import PAGES, exception_count, launch_browser, wait_rendered
    from playwright.sync_api import sync_playwright

    overview = next(spec for spec in PAGES if spec.name == "overview")

    def fail(what: str) -> None:
        fig.render_failures += 1
        if len(fig.first_render_failures) < 10:
            fig.first_render_failures.append(what)

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            while True:
                for path, key in ((overview.path, overview.key_text), (f"/paper?id={paper_id}", title)):
                    try:
                        page.goto(url + path)
                        wait_rendered(page, key, timeout_ms=90_000)
                    except Exception as exc:  # noqa: BLE001 - a page that does not render is a finding
                        fail(f"{path}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                        continue
                    boxes = exception_count(page) + page.locator("[data-testid='stAlertContentError']").count()
                    if boxes or page.get_by_text("No paper").count() or page.get_by_text("Welcome to sotagraph").count():
                        fail(f"{path}: error box or missing data")
                    fig.renders += 1
                    fig.renders_during_ingest += ingesting.is_set()
                warm.set()
                if stop.is_set():
                    break
        finally:
            warm.set()
            browser.close()


def _plain_title(titles: dict[str, str]) -> tuple[str, str]:
    """A preloaded paper whose title renders verbatim (no Markdown/LaTeX specials)."""
    for pid, title in titles.items():
        if title and 20 < len(title) < 90 and all(c.isalnum() or c in " -:,'" for c in title):
            return pid, title
    raise SystemExit("no plain-titled paper among the preloaded ones")


def run(args: argparse.Namespace) -> Figures:
    from tracker.config import load_settings

    work = Path(args.work or tempfile.mkdtemp(prefix="readers-during-ingest-"))
    work.mkdir(parents=True, exist_ok=True)
    home = work / "home"
    env = {**os.environ, "SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": args.backend}
    os.environ.update({"SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": args.backend})
    settings = load_settings()
    if args.backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        with Neo4jStore.from_settings(settings) as store:
            store.wipe()
    pre, new, titles = split_snapshot(args.snapshot, work, args.preload, args.ingest)
    fig = Figures(backend=args.backend, preload=len(titles), ingest=args.ingest)
    ingest_log = work / "ingest.log"
    t0 = time.perf_counter()
    rc = backfill(home, pre, env, batch_size=args.batch_size, extract=args.extract, log_path=ingest_log).wait()
    if rc != 0:
        raise SystemExit(f"preload failed (exit {rc}); see {ingest_log}")
    log.info("preloaded %d papers in %.1f s", len(titles), time.perf_counter() - t0)
    ids = sorted(titles)
    app = stop = thread = None
    ingesting = threading.Event()
    if args.browser:
        from devsupport.app_driver import free_port, start_app

        port = free_port()
        app = start_app(home, port, graph=args.backend, log=work / "streamlit.log")
        stop = threading.Event()
        pid, title = _plain_title(titles)
        warm = threading.Event()
        thread = threading.Thread(target=browser_loop, args=(f"http://127.0.0.1:{port}", pid, title, fig, ingesting,
                                                             stop, warm), daemon=True)
        thread.start()
        warm.wait(timeout=300)
    try:
        t1 = time.perf_counter()
        ingest = backfill(home, new, env, batch_size=args.batch_size, extract=args.extract, log_path=ingest_log)
        ingesting.set()
        read_loop(settings, ids, fig, ingest, min_reads=args.reads, fresh_every=args.fresh_every)
        fig.ingest_rc = ingest.wait()
        ingesting.clear()
        fig.ingest_seconds = round(time.perf_counter() - t1, 1)
    finally:
        if thread is not None and stop is not None:
            stop.set()
            thread.join(timeout=300)
        if app is not None:
            from devsupport.app_driver import stop_app

            stop_app(app)
    from graph.store import open_store

    with open_store(settings, read_only=True) as store:
        fig.final_papers = store.count_papers()
    fig.load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return fig


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backend", choices=("embedded", "neo4j"), default="embedded")
    p.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    p.add_argument("--preload", type=int, default=2000)
    p.add_argument("--ingest", type=int, default=20000)
    p.add_argument("--reads", type=int, default=5000, help="at least this many reads (more while the ingest runs)")
    p.add_argument("--batch-size", type=int, default=2000)
    p.add_argument("--fresh-every", type=int, default=10, help="every Nth read opens the store anew (0: never)")
    p.add_argument("--no-extract", dest="extract", action="store_false", help="graph only (faster ingest)")
    p.add_argument("--browser", action="store_true", help="also reload the dashboard in chromium throughout")
    p.add_argument("--work", help="work directory (default: a new temp dir)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    fig = run(args)
    print(json.dumps({**asdict(fig), "passed": fig.passed}))
    print("PASS" if fig.passed else "FAIL")
    return 0 if fig.passed else 1


if __name__ == "__main__":
    sys.exit(main())
