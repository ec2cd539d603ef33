"""The dashboard's one data layer: the store, index and model as cached resources, query rows cached
with a TTL, and every read the pages make.

- The store is opened READ-ONLY. A nightly ingest may be writing meanwhile: on the embedded store it
  writes a new generation and publishes it whole (graph.generations), so the holder reads the
  published generation and reopens when the link names a newer one (checked on every call, one
  ``readlink``); on Neo4j the newest ``IngestRun`` is the change signal (checked at most every
  ``SOTAGRAPH_DASHBOARD_RELOAD_S`` seconds, default 30). The signal is part of every cache key
  (``token``), so fresh data shows as soon as the store is reopened.
- Query rows are cached with ``st.cache_data`` (TTL ``SOTAGRAPH_DASHBOARD_TTL_S``, default 600 s).
- Reads on one store are serialised with a lock (one embedded connection is shared by sessions).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import metrics
from graph.cypher import dashboard as q
from tracker.config import from_env

log = logging.getLogger(__name__)

_SETTINGS = from_env()
TTL_S = _SETTINGS.dashboard_ttl_s
RELOAD_S = _SETTINGS.dashboard_reload_s


# ---- the store -------------------------------------------------------------------------------
class StoreHolder:
    """The read-only store, reopened when the data behind it changed."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.lock = threading.RLock()
        self.store: Any = None
        self.error: str | None = None
        self.signature: str | None = None
        self.checked = 0.0
        self.opened_at = 0.0
        self.generation = 0

    # The change signal: embedded = the published generation (a readlink); Neo4j = newest ingest run.
    def _file_signature(self) -> str | None:
        from graph.generations import published

        path = published(Path(self.settings.store_path))
        if path is None:
            return None
        try:
            st_ = path.stat()
        except OSError:
            return None
        # Generations are immutable (name and inode say it all); a legacy single file may still change.
        return f"{path.name}:{st_.st_ino}:{st_.st_size}:{st_.st_mtime_ns}"

    def _neo4j_signature(self) -> str | None:
        if self.store is None:
            return None
        try:
            runs = self.store.last_runs(1)
        except Exception as exc:  # noqa: BLE001 - a dropped connection means "reopen"
            log.warning("neo4j change check failed: %s", exc)
            return f"error:{time.time()}"
        if not runs:
            return "no-runs"
        r = runs[0]
        return f"{r.get('run_id')}:{r.get('status')}:{r.get('finished')}"

    def _signature(self) -> str | None:
        return self._neo4j_signature() if self.settings.graph == "neo4j" else self._file_signature()

    def _open(self) -> None:
        """Open the store anew; when that fails the store already open keeps serving (older, whole data)."""
        from graph.store import StoreError, open_store

        try:
            fresh, error = open_store(self.settings, read_only=True), None
        except StoreError as exc:
            fresh, error = None, str(exc)
        except Exception as exc:  # noqa: BLE001 - a store that cannot open is shown, never a crash
            fresh, error = None, f"cannot open the graph store: {exc}"
        if fresh is None and self.store is not None:
            log.warning("keeping the open graph store: reopening failed: %s", error)
            return
        if self.store is not None:
            try:
                self.store.close()
            except Exception as exc:  # noqa: BLE001 - closing a stale handle must not stop the reopen
                log.warning("closing the old store failed: %s", exc)
        self.store, self.error = fresh, error
        self.generation += 1
        self.opened_at = time.time()

    def refresh(self, force: bool = False) -> None:
        """Reopen when the store changed: embedded checks the generation link on every call (one
        ``readlink``), so a page never waits for new data; Neo4j at most every RELOAD_S seconds."""
        with self.lock:
            now = time.time()
            embedded = self.settings.graph != "neo4j"
            if not force and not embedded and self.checked and now - self.checked < RELOAD_S:
                return
            self.checked = now
            if self.store is None:
                self._open()
                self.signature = self._signature()
                return
            sig = self._signature()
            if sig != self.signature and (sig is not None or not embedded):
                log.info("graph store changed (%s -> %s): reopening read-only", self.signature, sig)
                before = self.generation
                self._open()
                if self.generation != before:  # else: kept the old store, retry on the next call
                    self.signature = sig if embedded else self._signature()

    @property
    def token(self) -> str:
        return f"{self.settings.graph}:{self.settings.store_path}:{self.generation}:{self.signature}"

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self.lock:
            if self.store is None:
                raise RuntimeError(self.error or "the graph store is not open")
            return self.store._read(query, params or {})


class _GivenStore(StoreHolder):
    """A holder around a store someone else opened (tests, benchmark scripts): never reopened."""

    def __init__(self, store: Any, settings: Any) -> None:
        super().__init__(settings)
        self.store = store
        self.signature = f"given:{id(store)}:{time.time_ns()}"
        self.generation = 1

    def refresh(self, force: bool = False) -> None:
        return None


_given: StoreHolder | None = None


@contextmanager
def use_store(store: Any) -> Iterator[StoreHolder]:
    """Serve the data layer from ``store`` (already open) inside the block, instead of the settings'."""
    global _given
    from tracker.config import load_settings

    previous, _given = _given, _GivenStore(store, load_settings(graph=store.backend))
    try:
        yield _given
    finally:
        _given = previous


def _settings_key() -> tuple[str, str, str, str]:
    from tracker.config import load_settings

    s = load_settings()
    return (s.graph, str(s.home), s.neo4j_uri, s.neo4j_database)


@st.cache_resource(show_spinner=False)
def _holder(key: tuple[str, str, str, str]) -> StoreHolder:
    from tracker.config import load_settings

    return StoreHolder(load_settings())


def holder() -> StoreHolder:
    if _given is not None:
        return _given
    h = _holder(_settings_key())
    h.refresh()
    return h


def token() -> str:
    return holder().token


@st.cache_data(ttl=TTL_S, show_spinner=False, max_entries=2000)
def _cached_rows(token: str, query: str, params_json: str) -> list[dict[str, Any]]:
    params = json.loads(params_json, object_hook=_decode_dates)
    return holder().read(query, params)


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    raise TypeError(f"cannot encode {type(value).__name__}")


def _decode_dates(obj: dict[str, Any]) -> Any:
    if set(obj) == {"__date__"}:
        return date.fromisoformat(obj["__date__"])
    return obj


def rows(query: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a named query, cached per (store generation, query, parameters)."""
    h = holder()
    return _cached_rows(h.token, query, json.dumps(params, sort_keys=True, default=_encode))


# ---- warm-up -----------------------------------------------------------------------------------
_warmed: set[str] = set()
_warm_lock = threading.Lock()


def _warm_tasks() -> list[tuple[str, Any]]:
    """The views pages open with, heaviest first after the landing page (the same calls, same arguments)."""
    return [("since", lambda: since_view()),
            ("countries", lambda: (country_counts(None, "month", "full"), country_names(), fulltext_coverage(),
                                   _models_by_country(token(), "year", False, None))),
            ("results", lambda: (all_results(), benchmarks())),
            ("overview", lambda: (papers_over_time("month", cross_lists=False), category_totals(False))),
            ("labs", lambda: _warm_labs()),
            ("collaboration", lambda: (org_parents(), lineage_edges(), organizations())),
            ("papers", lambda: (papers_with_results(15), recent_papers(15)))]


def _warm_labs() -> None:
    s = status()
    if s.oldest and s.newest:  # the labs page opens on all the data: (oldest, newest)
        lab_ranking(s.oldest, s.newest)
        paper_orgs(s.oldest, s.newest)


def warm_up() -> None:
    """Compute the pages' default views in a background thread, once per store generation, so a page's
    first visit finds its rows and aggregates cached (a page asking meanwhile waits for the same
    computation: Streamlit's cache holds one lock per key, nothing is computed twice)."""
    key = token()
    with _warm_lock:
        if key in _warmed:
            return
        _warmed.add(key)

    def run() -> None:
        t0 = time.perf_counter()
        for name, task in _warm_tasks():
            if token() != key:  # the store changed meanwhile: the next page run warms the new one
                return
            try:
                task()
            except Exception as exc:  # noqa: BLE001 - the page itself reports errors; warming is best effort
                log.warning("warming %s failed: %s", name, exc)
        log.info("dashboard views warmed in %.1f s", time.perf_counter() - t0)

    threading.Thread(target=run, name="sotagraph-dashboard-warm-up", daemon=True).start()


# ---- status ----------------------------------------------------------------------------------
@dataclass
class Status:
    ready: bool
    papers: int = 0
    message: str | None = None
    backend: str = "embedded"
    newest: date | None = None
    oldest: date | None = None


def status() -> Status:
    """Whether there is anything to show: no store or no papers -> the first-run page."""
    h = holder()
    backend = h.settings.graph
    if h.store is None:
        return Status(False, message=h.error, backend=backend)
    try:
        info = rows(q.paper_date_range())
    except Exception as exc:  # noqa: BLE001 - shown on the first-run page
        return Status(False, message=f"cannot read the graph store: {exc}", backend=backend)
    r = info[0] if info else {}
    n = int(r.get("papers") or 0)
    return Status(n > 0, n, None if n else "the graph store has no papers yet", backend,
                  metrics.as_date(r.get("newest")), metrics.as_date(r.get("oldest")))


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _counts(token: str) -> dict[str, dict[str, int]]:
    with holder().lock:
        return holder().store.counts()


def counts() -> dict[str, dict[str, int]]:
    return _counts(token())


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _last_runs(token: str, n: int) -> list[dict[str, Any]]:
    with holder().lock:
        return holder().store.last_runs(n)


def last_runs(n: int = 10) -> pd.DataFrame:
    data = _last_runs(token(), n)
    df = pd.DataFrame(data, columns=["run_id", "source", "status", "started", "finished", "window_from", "window_to",
                                     "counts", "message"])
    return df


# ---- overview --------------------------------------------------------------------------------
@st.cache_data(ttl=TTL_S, show_spinner=False)
def _papers_over_time(token: str, freq: str, cross_lists: bool, top: int) -> pd.DataFrame:
    return metrics.papers_over_time(rows(q.papers_per_day(cross_lists=cross_lists)), freq, top)


def papers_over_time(freq: str = "month", cross_lists: bool = False, top: int = 8) -> pd.DataFrame:
    return _papers_over_time(token(), freq, cross_lists, top)


def category_totals(cross_lists: bool = False) -> pd.DataFrame:
    return _category_totals(token(), cross_lists)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _category_totals(token: str, cross_lists: bool) -> pd.DataFrame:
    data = rows(q.papers_per_day(cross_lists=cross_lists))
    df = pd.DataFrame(data, columns=["day", "category", "papers"])
    if df.empty:
        return pd.DataFrame(columns=["category", "papers"])
    return df.groupby("category", as_index=False)["papers"].sum().sort_values("papers", ascending=False,
                                                                             ignore_index=True)


# ---- countries -------------------------------------------------------------------------------
def paper_countries(category: str | None = None) -> list[dict[str, Any]]:
    if category:
        return rows(q.paper_countries(category=True), category=category)
    return rows(q.paper_countries())


def papers_per_day(category: str | None = None) -> list[dict[str, Any]]:
    if category:
        return rows(q.papers_per_day_in(category=True), category=category)
    return rows(q.papers_per_day_in())


def country_counts(category: str | None, freq: str, mode: str) -> pd.DataFrame:
    return _country_counts(token(), category, freq, mode)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _country_counts(token: str, category: str | None, freq: str, mode: str) -> pd.DataFrame:
    return metrics.country_counts(paper_countries(category), papers_per_day(category), freq, mode)


def models_by_country(freq: str, open_only: bool, notable_min_papers: int | None) -> pd.DataFrame:
    return _models_by_country(token(), freq, open_only, notable_min_papers)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _models_by_country(token: str, freq: str, open_only: bool, notable_min_papers: int | None) -> pd.DataFrame:
    notable = notable_models(notable_min_papers) if notable_min_papers else None
    return metrics.models_by_country(introduced_model_countries(), freq, open_only=open_only, notable=notable)


def country_names() -> dict[str, str]:
    return {r["code"]: r["name"] or r["code"] for r in rows(q.countries())}


# ---- results ---------------------------------------------------------------------------------
def benchmarks() -> pd.DataFrame:
    return pd.DataFrame(rows(q.benchmarks()), columns=["key", "name", "metric", "higher_is_better", "results"])


def developer_map() -> dict[str, dict[str, Any]]:
    """Model key -> its developer organisation (key, name, country)."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows(q.model_developers()):
        out.setdefault(r["model"], r)
    return out


def _with_country(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    devs = developer_map()
    out = []
    for r in data:
        dev = devs.get(r["model"]) or {}
        out.append({**r, "country": dev.get("country"), "developer_org": dev.get("org_name") or r.get("developer")})
    return out


def benchmark_results(benchmark: str) -> list[dict[str, Any]]:
    return _with_country(rows(q.benchmark_results(), benchmark=benchmark))


def all_results() -> list[dict[str, Any]]:
    return _with_country(rows(q.all_results()))


# ---- labs ------------------------------------------------------------------------------------
def _period_params(since: date | None, until: date | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if since is not None:
        out["since"] = since
    if until is not None:
        out["until"] = until
    return out


def organizations() -> list[dict[str, Any]]:
    return rows(q.organizations())


def lab_ranking(since: date | None = None, until: date | None = None) -> pd.DataFrame:
    return _lab_ranking(token(), since, until)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _lab_ranking(token: str, since: date | None, until: date | None) -> pd.DataFrame:
    flags = {"since": since is not None, "until": until is not None}
    params = _period_params(since, until)
    papers = rows(q.org_papers(**flags), **params)
    introduced = rows(q.introduced_by_developer(**flags), **params) + rows(q.introduced_by_affiliation(**flags),
                                                                         **params)
    frontier = [r for r in metrics.frontier_results(all_results()) if _in_period(r.get("published"), since, until)]
    devs = {m: d["org"] for m, d in developer_map().items()}
    return metrics.lab_ranking(organizations(), papers, introduced, frontier, devs)


def _in_period(value: Any, since: date | None, until: date | None) -> bool:
    d = metrics.as_date(value)
    if d is None:
        return False
    return (since is None or d >= since) and (until is None or d <= until)


def org(org_key: str) -> dict[str, Any] | None:
    found = rows(q.org_by_key(), org=org_key)
    return found[0] if found else None


def org_recent_papers(org_key: str, n: int = 20) -> list[dict[str, Any]]:
    return rows(q.org_recent_papers(), org=org_key, n=n)


def org_models(org_key: str, n: int = 50) -> list[dict[str, Any]]:
    return rows(q.org_models(), org=org_key, n=n)


# ---- models ----------------------------------------------------------------------------------
MODEL_COLUMNS = ["key", "name", "family", "developer", "params_b", "is_open", "accessibility", "license",
                 "first_paper", "papers"]


def model_needle(text: str) -> str:
    """Search text as the slugs are written (lower case, words joined by '-')."""
    return "-".join(text.strip().casefold().split())


def models_table(text: str = "", open_filter: str = "any", n: int = 500) -> tuple[pd.DataFrame, int]:
    """The ``n`` models with most papers matching the filters, and how many models match in all."""
    needle = model_needle(text)
    flags = {"text": bool(needle), "is_open": open_filter in ("open", "closed")}
    params: dict[str, Any] = {}
    if needle:
        params["text"] = needle
    if flags["is_open"]:
        params["is_open"] = open_filter == "open"
    ranked = rows(q.model_ranking(**flags), n=n, **params)
    props = {r["key"]: r for r in rows(q.models_by_keys(), keys=[r["key"] for r in ranked])} if ranked else {}
    data_ = [{**props.get(r["key"], {"key": r["key"]}), "first_paper": metrics.as_date(r["first_paper"]),
              "papers": int(r["papers"])} for r in ranked]
    total = int(rows(q.count_models(**flags), **params)[0]["n"])
    return pd.DataFrame(data_, columns=MODEL_COLUMNS), total


def model(key: str) -> dict[str, Any] | None:
    found = rows(q.model_by_key(), model=key)
    return found[0] if found else None


def model_results(key: str) -> list[dict[str, Any]]:
    return rows(q.model_results(), model=key)


def model_papers(key: str) -> pd.DataFrame:
    data = [{**r, "role": role} for rel, role in (("INTRODUCES", "introduced"), ("EVALUATES", "evaluated"))
            for r in rows(q.model_papers(rel), model=key)]
    return pd.DataFrame(data, columns=["arxiv_id", "title", "published", "role"])


def lineage_edges() -> list[dict[str, Any]]:
    return rows(q.based_on_edges())


# ---- papers ----------------------------------------------------------------------------------
def paper(arxiv_id: str) -> dict[str, Any] | None:
    found = rows(q.paper(), id=arxiv_id)
    return found[0] if found else None


def paper_authors(arxiv_id: str) -> list[dict[str, Any]]:
    from graph.cypher import reads

    return rows(reads.paper_authors(), id=arxiv_id)


def paper_organizations(arxiv_id: str) -> list[dict[str, Any]]:
    return rows(q.paper_organizations(), id=arxiv_id)


def paper_models(arxiv_id: str) -> pd.DataFrame:
    data = [{**r, "role": role} for rel, role in (("INTRODUCES", "introduced"), ("EVALUATES", "evaluated"))
            for r in rows(q.paper_models(rel), id=arxiv_id)]
    return pd.DataFrame(data, columns=["key", "name", "family", "is_open", "developer", "role", "source", "confidence"])


def paper_results(arxiv_id: str) -> list[dict[str, Any]]:
    return rows(q.paper_results(), id=arxiv_id)


def paper_categories(arxiv_id: str) -> list[dict[str, Any]]:
    return rows(q.paper_categories(), id=arxiv_id)


def similar_papers(arxiv_id: str, k: int = 10) -> list[dict[str, Any]]:
    """``SIMILAR_TO`` neighbours from the graph; from the vector index when the graph has none."""
    found = rows(q.similar_papers(), id=arxiv_id)
    if found:
        return found[:k]
    index = vector_index()
    if index is None:
        return []
    from tracker.similarity import PaperNotIndexedError, similar

    try:
        with holder().lock:
            hits = similar(holder().store, index, arxiv_id, k=k)
    except PaperNotIndexedError:
        return []
    return [{"arxiv_id": h.arxiv_id, "title": h.title, "published": h.published, "score": h.score, "rank": i + 1}
            for i, h in enumerate(hits)]


def recent_papers(n: int = 20) -> list[dict[str, Any]]:
    return rows(q.recent_papers(), n=n)


def papers_with_results(n: int = 20) -> list[dict[str, Any]]:
    return rows(q.papers_with_results(), n=n)


# ---- collaboration ---------------------------------------------------------------------------
def paper_orgs(since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    return rows(q.paper_orgs(since=since is not None, until=until is not None), **_period_params(since, until))


def org_parents() -> dict[str, str]:
    """Organisation -> its top-level parent (``PART_OF`` followed up; a cycle stops where it closes)."""
    up = {r["child"]: r["parent"] for r in rows(q.org_parents())}
    out: dict[str, str] = {}
    for child in up:
        seen, cur = {child}, up[child]
        while cur in up and up[cur] not in seen:
            seen.add(cur)
            cur = up[cur]
        out[child] = cur
    return out


# ---- search: index and model -----------------------------------------------------------------
def _index_signature() -> str | None:
    from graph.vector_index import MANIFEST

    path = Path(holder().settings.index_dir) / MANIFEST
    try:
        s = path.stat()
    except OSError:
        return None
    return f"{s.st_size}:{s.st_mtime_ns}"


@st.cache_resource(show_spinner=False)
def _vector_index(index_dir: str, signature: str) -> Any:
    from tracker.similarity import load_index

    return load_index(index_dir)


def vector_index() -> Any:
    """The saved vector index (reloaded when its manifest changes), or ``None`` when there is none."""
    sig = _index_signature()
    if sig is None:
        return None
    from graph.vector_index import VectorIndexError

    try:
        return _vector_index(str(holder().settings.index_dir), sig)
    except VectorIndexError as exc:
        log.warning("vector index unavailable: %s", exc)
        return None


@st.cache_resource(show_spinner=False)
def embedder() -> Any:
    from tracker.embed import Embedder

    return Embedder(show_progress=False)


_preload_started = threading.Event()


def preload_embedder() -> None:
    """Start loading the model in the background (the search page calls this on render), so the
    first query does not wait ~10 s for torch and the weights."""
    if _preload_started.is_set():
        return
    _preload_started.set()

    def load() -> None:
        try:
            embedder()
        except Exception as exc:  # noqa: BLE001 - the query path reports the error to the user
            log.warning("preloading the embedding model failed: %s", exc)

    threading.Thread(target=load, name="sotagraph-embedder-preload", daemon=True).start()


def search(text: str, *, since: date | None = None, until: date | None = None, category: str | None = None,
           k: int = 20) -> list[dict[str, Any]]:
    """Semantic search over the vector index, filters applied by the graph."""
    index = vector_index()
    if index is None:
        raise LookupError("no vector index yet: run `sotagraph reindex` (or an ingest with embedding on)")
    from tracker.similarity import search as semantic_search

    emb = embedder()
    with holder().lock:
        hits = semantic_search(holder().store, index, emb, text, since=since, until=until, category=category, k=k)
    return [{"arxiv_id": h.arxiv_id, "title": h.title, "published": h.published, "category": h.primary_category,
             "score": h.score} for h in hits]


# ---- console ---------------------------------------------------------------------------------
def run_cypher(query: str, timeout_s: float | None = None, row_cap: int | None = None) -> Any:
    """The read-only console, the CLI's path: a fresh worker process per query with memory, time and
    byte limits (:mod:`graph.console`); named errors propagate to the page.

    A store handed in with :func:`use_store` (tests, scripts) may be open for writing in this process,
    where a worker could not open it: it answers in-process, in a fresh connection, with the same filter.
    """
    from graph.console import ConsoleLimits, run_console_query

    h = holder()
    if isinstance(h, _GivenStore):
        limits = ConsoleLimits.from_settings(h.settings, timeout_s=timeout_s, row_cap=row_cap)
        with h.lock:
            return h.store.read_only_query(query, timeout_s=limits.timeout_s, row_cap=limits.row_cap,
                                           byte_cap=limits.byte_cap)
    if h.store is None:
        raise RuntimeError(h.error or "the graph store is not open")
    return run_console_query(h.settings, query, timeout_s=timeout_s, row_cap=row_cap)


def categories() -> list[str]:
    return [str(c) for c in category_totals(False)["category"].tolist()]


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")


# ---- graph explorer --------------------------------------------------------------------------
def _short(text: Any, n: int = 40) -> str:
    s = str(text or "")
    return s if len(s) <= n else s[: n - 1] + "…"


_REL = {"introduced": "INTRODUCES", "evaluated": "EVALUATES"}


def neighbourhood(kind: str, ident: str, limit: int = 25) -> Any:
    """The neighbourhood of a paper, model or lab as a networkx graph (``None`` when not found)."""
    nb: list[tuple[str, str, str, str]] = []
    if kind == "paper":
        p = paper(ident)
        if p is None:
            return None
        center = ("paper", ident, _short(p["title"]))
        nb += [("author", a["key"], a["name"], "AUTHORED") for a in paper_authors(ident)[:limit]]
        nb += [("lab", o["org"], o["name"] or o["org"], "AFFILIATED_WITH") for o in paper_organizations(ident)]
        nb += [("category", c["code"], c["code"], "IN_CATEGORY") for c in paper_categories(ident)]
        nb += [("model", r["key"], r["name"], _REL[r["role"]]) for r in paper_models(ident).to_dict("records")]
        nb += [("paper", s["arxiv_id"], _short(s["title"]), "SIMILAR_TO") for s in similar_papers(ident, 8)]
        benches = sorted({(r["benchmark"], r.get("benchmark_name") or r["benchmark"]) for r in paper_results(ident)})
        nb += [("benchmark", b, name, "REPORTS_RESULT_ON") for b, name in benches[:limit]]
        totals = {"AUTHORED": len(paper_authors(ident)), "REPORTS_RESULT_ON": len(benches)}
    elif kind == "model":
        m = model(ident)
        if m is None:
            return None
        center = ("model", ident, m.get("name") or ident)
        mp = model_papers(ident)
        nb += [("paper", r["arxiv_id"], _short(r["title"]), _REL[r["role"]]) for r in mp.head(limit).to_dict("records")]
        totals = {"papers": len(mp)}
        dev = developer_map().get(ident)
        if dev:
            nb.append(("lab", dev["org"], dev["org_name"] or dev["org"], "DEVELOPED_BY"))
        for e in lineage_edges():
            if e["model"] == ident:
                nb.append(("model", e["base"], e["base_name"] or e["base"], "BASED_ON"))
            elif e["base"] == ident:
                nb.append(("model", e["model"], e["model_name"] or e["model"], "BASED_ON"))
        mbench = sorted({r["benchmark"] for r in model_results(ident)})
        nb += [("benchmark", b, b, "RESULT_ON") for b in mbench[:limit]]
        totals["RESULT_ON"] = len(mbench)
    elif kind == "lab":
        o = org(ident)
        if o is None:
            return None
        center = ("lab", ident, o.get("name") or ident)
        if o.get("country"):
            nb.append(("country", o["country"], o["country"], "LOCATED_IN"))
        nb += [("paper", r["arxiv_id"], _short(r["title"]), "AFFILIATED_WITH") for r in org_recent_papers(ident, limit)]
        nb += [("model", r["key"], r["name"] or r["key"], "DEVELOPED_BY") for r in org_models(ident, limit)]
        totals = {"AFFILIATED_WITH": int(rows(q.org_paper_count(), org=ident)[0]["n"]),
                  "DEVELOPED_BY": int(rows(q.org_model_count(), org=ident)[0]["n"])}
    else:
        raise ValueError(f"unknown node kind {kind!r}: paper, model or lab")
    g = metrics.star_graph(center, nb)
    shown: dict[str, int] = {}
    for _, _, rel in ((a, b, d["relation"]) for a, b, d in g.edges(data=True)):
        shown[rel] = shown.get(rel, 0) + 1
    if "papers" in totals:  # a model's papers: INTRODUCES and EVALUATES together
        totals["papers"], n_shown = totals["papers"], shown.get("INTRODUCES", 0) + shown.get("EVALUATES", 0)
        shown["papers"] = n_shown
    g.graph["truncated"] = {rel: (shown.get(rel, 0), n) for rel, n in totals.items() if n > shown.get(rel, 0)}
    return g


# ---- evidence: minimum n, full-text coverage ---------------------------------------------------
def min_n() -> int:
    """No trend is drawn for a period with fewer attributed items (``SOTAGRAPH_DASHBOARD_MIN_N``)."""
    from tracker.config import load_settings

    return max(1, int(load_settings().dashboard_min_n))


def fulltext_coverage() -> dict[str, Any]:
    """Share of papers whose full text has been read, and how many wait (``Paper.fulltext_status``)."""
    from graph.cypher import fulltext as fq

    try:
        return metrics.fulltext_coverage(rows(fq.status_counts()))
    except Exception as exc:  # noqa: BLE001 - a store made before the queue existed has no status property
        log.warning("full-text coverage unavailable: %s", exc)
        return metrics.fulltext_coverage([])


# ---- models by country -------------------------------------------------------------------------
def introduced_model_countries() -> list[dict[str, Any]]:
    """(model, day, country, is_open) rows: one per developer country (Epoch's countries when a curated
    source gave them, else the developer organisations' countries; none -> no country row)."""
    return _introduced_model_countries(token())


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _introduced_model_countries(token: str) -> list[dict[str, Any]]:
    devs: dict[str, set[str]] = {}
    for r in rows(q.model_developers()):
        if r.get("country"):
            devs.setdefault(r["model"], set()).add(r["country"])
    out = []
    for r in rows(q.introduced_models()):
        codes = set(r.get("countries") or []) or devs.get(r["model"], set())
        for c in sorted(codes) or [None]:
            out.append({"model": r["model"], "model_name": r.get("model_name"), "day": r["day"], "country": c,
                        "is_open": r.get("is_open")})
    return out


def notable_models(min_papers: int) -> set[str]:
    """Notable = evaluated by at least ``min_papers`` papers in the graph, or holding a frontier result."""
    used = {r["model"] for r in rows(q.evaluated_counts()) if int(r["papers"]) >= min_papers}
    return used | {r["model"] for r in metrics.frontier_results(all_results())}


def eci_results() -> list[dict[str, Any]]:
    from graph.cypher import curated as cq

    try:
        return rows(cq.eci_results())
    except Exception as exc:  # noqa: BLE001 - a store without curated properties
        log.warning("ECI unavailable: %s", exc)
        return []


# ---- since last night --------------------------------------------------------------------------
@st.cache_data(ttl=TTL_S, show_spinner=False)
def _digest(token: str, since: date | None) -> Any:
    from tracker.digest import build

    return build(lambda query, params: rows(query, **params), since=since)


def digest(since: date | None = None) -> Any:
    """The digest of the last run; ``None`` when the store cannot tell (made before runs stamped papers)."""
    try:
        return _digest(token(), since)
    except Exception as exc:  # noqa: BLE001 - an older store without Paper.ingest_run
        log.warning("digest unavailable: %s", exc)
        return None


SINCE_ROWS = 1000
"""The landing page lists at most this many papers (and models) of the last run; a first backfill brings
tens of thousands, which no one reads in a table (``sotagraph digest --json`` gives them all)."""


@dataclass
class SinceView:
    """What the landing page shows of a digest: the counts, and its tables capped at ``SINCE_ROWS`` rows."""

    runs: list[dict[str, Any]]
    counts: dict[str, int]
    empty: bool
    tables: dict[str, pd.DataFrame]


@st.cache_data(ttl=TTL_S, show_spinner=False)
def _since_view(token: str, since: date | None, cap: int) -> SinceView | None:
    from tracker.digest import build

    try:
        d = build(lambda query, params: rows(query, **params), since=since)
    except Exception as exc:  # noqa: BLE001 - an older store without Paper.ingest_run
        log.warning("digest unavailable: %s", exc)
        return None
    papers = pd.DataFrame(d.papers, columns=["arxiv_id", "version", "title", "published", "updated", "category"])
    papers = papers.sort_values(["published", "arxiv_id"], ascending=[False, True], ignore_index=True,
                                na_position="last")
    tables = {"sota": pd.DataFrame(d.sota), "frontier": pd.DataFrame(d.frontier),
              "models": pd.DataFrame(d.models).head(cap), "papers": papers.head(cap)}
    counts = {"papers": len(d.papers), "models": len(d.models), "sota": len(d.sota), "frontier": len(d.frontier)}
    return SinceView(runs=list(d.runs), counts=counts, empty=d.empty, tables=tables)


def since_view(since: date | None = None) -> SinceView | None:
    """The landing page's digest (``None`` when the store cannot tell what a run brought)."""
    return _since_view(token(), since, SINCE_ROWS)


def search_details(ids: list[str]) -> dict[str, dict[str, Any]]:
    """Authors (first few), abstract and categories of search hits."""
    out = {}
    for r in rows(q.paper_briefs(), ids=ids) if ids else []:
        names, pos = r.get("authors") or [], r.get("positions") or []
        ordered = [n for _, n in sorted(zip(pos, names, strict=False), key=lambda t: t[0] if t[0] is not None else 1e9)]
        out[r["arxiv_id"]] = {**r, "authors": ordered if len(pos) == len(names) else names}
    return out
