"""The graph store interface both backends implement, and the named reads they share.

Backends provide three primitives — ``_read`` (rows as dicts), ``write_batch`` (papers and
their extractions, atomically and idempotently) and ``read_only_query`` (the console) — and
get every named query below for free, so the contract suite tests one behaviour twice.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from graph.cypher import fulltext as fulltext_q
from graph.cypher import reads
from graph.cypher.query import Query
from graph.entities import PaperExtraction
from graph.plan import OrgTable, Resolver, WriteCounts, Writer, props_of
from graph.records import PaperRecord
from graph.schema import NODE_BY_LABEL, NODES, RELS


class StoreError(Exception):
    """Base of the store's named errors; the message is one line for the user."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or refused our credentials."""


class ReadOnlyViolation(StoreError):
    """A read-only query tried to write."""


class QueryTimeout(StoreError):
    """A query ran past its time limit."""


class QuerySyntaxError(StoreError):
    """The engine could not parse or bind the query."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]


@dataclass
class IngestRunInfo:
    source: str
    window_from: datetime | None = None
    window_to: datetime | None = None
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    started: datetime = field(default_factory=lambda: utcnow())


RUN_OWNER = "running in pid"


def _owner_gone(message: str | None) -> bool:
    """Is the process named by a running run's message (``running in pid N on HOST``) gone?"""
    parts = (message or "").removeprefix(RUN_OWNER).split(" on ", 1)
    if not message or not message.startswith(RUN_OWNER) or len(parts) != 2 or not parts[0].strip().isdigit():
        return True  # no owner recorded: written before owners were, so its process is long gone
    pid, host = int(parts[0]), parts[1].strip()
    if host != socket.gethostname():
        return False  # another machine's writer: we cannot tell, so we leave it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return pid == os.getpid()  # our own pid can only be a run this process abandoned


def utcnow() -> datetime:
    """Naive UTC: both engines store it the same way."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


class GraphStore(ABC):
    backend: str = "abstract"

    # -- primitives ---------------------------------------------------------------------------
    @abstractmethod
    def init_schema(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a trusted named read; rows as dicts."""

    resolver: Resolver | None = None
    """Builds the organisation table of a batch when ``write_batch`` is given none (set by the caller
    that owns curated knowledge; the graph layer never loads it itself)."""

    @abstractmethod
    def write_batch(self, records: Sequence[PaperRecord], extractions: Sequence[PaperExtraction] = (),
                    orgs: OrgTable | None = None, run_id: str | None = None) -> WriteCounts:
        """Upsert papers (new versions update in place) and their extractions in one transaction,
        following :func:`graph.plan.plan_write`; ``orgs`` is the batch's resolved organisation table,
        ``run_id`` stamps the papers this batch creates or updates."""

    @abstractmethod
    def _with_writer(self, work: Callable[[Writer], Any]) -> Any:
        """Run ``work`` with this backend's write-plan primitives inside one write transaction."""

    def write_table(self, label_or_type: str, rows: Sequence[dict[str, Any]]) -> None:
        """Merge raw node or edge rows by key (``migrate``, either direction): nodes get every schema
        property, edges are added once (identity properties included), so a rerun adds nothing."""
        if not rows:
            return
        if label_or_type in NODE_BY_LABEL:
            props = props_of(label_or_type)
            self._with_writer(lambda w: w.upsert_nodes(label_or_type, rows, props, "replace"))
        else:
            self._with_writer(lambda w: w.add_edges(label_or_type, rows, only_missing=True))

    def set_properties(self, label: str, rows: Sequence[dict[str, Any]], props: tuple[str, ...]) -> None:
        """Set ``props`` (a null too) on the ``label`` nodes of ``rows``, by key: the write plan's replace primitive."""
        if rows:
            self._with_writer(lambda w: w.upsert_nodes(label, rows, props, "replace"))

    def _orgs_for(self, extractions: Sequence[PaperExtraction], orgs: OrgTable | None) -> OrgTable | None:
        if orgs is not None or not extractions or self.resolver is None:
            return orgs
        return self.resolver(extractions)

    @abstractmethod
    def upsert_similar(self, edges: Sequence[tuple[str, str, float, int]]) -> None:
        """Replace the ``SIMILAR_TO`` edges of each source paper with the given (src, dst, score, rank)."""

    @abstractmethod
    def _write_run(self, row: dict[str, Any]) -> None:
        """Create or update one ``IngestRun`` node."""

    @abstractmethod
    def read_only_query(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float = 10.0,
                        row_cap: int = 1000, byte_cap: int | None = None) -> QueryResult:
        """User Cypher, read-only, time-limited and capped in rows and bytes; named errors on refusal.

        In-process; :func:`graph.console.run_console_query` runs it in a worker with hard limits."""

    def run_write(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one trusted named write (e.g. :mod:`graph.cypher.fulltext`) in its own transaction; rows as dicts."""
        raise NotImplementedError(f"{type(self).__name__} has no run_write")

    def write_curated(self, batch: Any) -> None:
        """Write one curated-source batch (:class:`graph.curated_write.CuratedBatch`) in one transaction."""
        raise NotImplementedError(f"{type(self).__name__} has no write_curated")

    def read_named(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a trusted named read (a builder of :mod:`graph.cypher`); rows as dicts."""
        return self._read(query, params)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- convenience writes -------------------------------------------------------------------
    def upsert_papers(self, records: Sequence[PaperRecord]) -> WriteCounts:
        return self.write_batch(records, ())

    exclusive_writer: bool = False
    """True when opening the store for writing takes a lock no other process can hold at once (the
    embedded engine): then every run still marked running belongs to a process that is gone."""

    def start_run(self, info: IngestRunInfo) -> None:
        """Record a new running run; first mark runs whose process died without finishing ``interrupted``.

        The running run's message names its owner (``pid N on HOST``) so a later run can tell a dead
        writer from a live one when the backend allows concurrent writers (Neo4j)."""
        self.mark_interrupted(info.run_id)
        self._write_run({"run_id": info.run_id, "source": info.source, "started": info.started, "finished": None,
                         "window_from": info.window_from, "window_to": None, "counts": "{}",
                         "status": "running", "message": f"{RUN_OWNER} {os.getpid()} on {socket.gethostname()}"})

    def mark_interrupted(self, current_run: str | None = None) -> list[str]:
        """Mark runs left ``running`` by a dead process ``interrupted``; return their ids.

        Dead means: the store is exclusive to this writer, or the owner recorded in the message is a
        process of this host that no longer exists (or the run predates owner records). A run owned
        by a live process, or by another host, is left alone."""
        marked = []
        for row in self._read(reads.running_runs()):
            if row["run_id"] == current_run or not (self.exclusive_writer or _owner_gone(row.get("message"))):
                continue
            owner = (row.get("message") or "").removeprefix("running in ").strip() or "an unknown process"
            self._write_run({**row, "status": "interrupted", "finished": row.get("finished") or utcnow(),
                             "window_to": None,
                             "message": f"interrupted: its process ({owner}) ended before the run finished"})
            marked.append(row["run_id"])
        return marked

    def finish_run(self, info: IngestRunInfo, status: str, counts: dict[str, Any], message: str | None = None,
                   window_to: datetime | None = None) -> None:
        """Record the end of a run; with status ``ok`` and a ``window_to`` this moves the watermark."""
        self._write_run({"run_id": info.run_id, "source": info.source, "started": info.started,
                         "finished": utcnow(), "window_from": info.window_from,
                         "window_to": window_to if status == "ok" else None,
                         "counts": json.dumps(counts, sort_keys=True, default=str), "status": status,
                         "message": message})

    # -- the public read interface ------------------------------------------------------------
    def rows(self, query: Query | str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts of a trusted named read: a :class:`~graph.cypher.query.Query` from a builder
        (or its text and parameters). User Cypher goes through :meth:`read_only_query` instead."""
        if isinstance(query, Query):
            return self._read(query.text, {**query.params, **(params or {})})
        return self._read(query, params)

    # -- named reads --------------------------------------------------------------------------
    def watermark(self, source: str) -> datetime | None:
        rows = self._read(reads.watermark(), {"source": source})
        return rows[0]["watermark"] if rows else None

    def last_runs(self, n: int = 10) -> list[dict[str, Any]]:
        return self._read(reads.last_runs(), {"n": n})

    def paper_versions(self, ids: Sequence[str] | None = None) -> dict[str, int]:
        if ids is None:
            rows = self._read(reads.all_paper_versions())
        else:
            rows = self._read(reads.paper_versions(), {"ids": list(ids)}) if ids else []
        return {r["arxiv_id"]: r["version"] for r in rows}

    def paper_texts(self, ids: Sequence[str]) -> list[tuple[str, int, str, str]]:
        rows = self._read(reads.paper_texts(), {"ids": list(ids)}) if ids else []
        return [(r["arxiv_id"], r["version"], r["title"], r["abstract"]) for r in rows]

    def papers_by_ids(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        rows = self._read(reads.papers_by_ids(), {"ids": list(ids)}) if ids else []
        order = {pid: i for i, pid in enumerate(ids)}
        return sorted(rows, key=lambda r: order.get(r["arxiv_id"], 0))

    def paper_authors(self, arxiv_id: str) -> list[dict[str, Any]]:
        return self._read(reads.paper_authors(), {"id": arxiv_id})

    def filter_papers(self, ids: Sequence[str], since: date | None = None, until: date | None = None,
                      category: str | None = None) -> set[str]:
        if not ids:
            return set()
        params: dict[str, Any] = {"ids": list(ids)}
        for name, value in (("since", since), ("until", until), ("category", category)):
            if value is not None:
                params[name] = value
        query = reads.filter_papers(since=since is not None, until=until is not None, category=category is not None)
        rows = self._read(query, params)
        return {r["arxiv_id"] for r in rows}

    def count_papers(self) -> int:
        return int(self._read(reads.count_label("Paper"))[0]["n"])

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts per node label and relationship type (``stats --json``)."""
        nodes = {n.label: int(self._read(reads.count_label(n.label))[0]["n"]) for n in NODES}
        rels = {r.type: int(self._read(reads.count_rel(r.type))[0]["n"]) for r in RELS}
        return {"nodes": nodes, "relationships": rels}

    def category_counts(self) -> list[dict[str, Any]]:
        # LadybugDB sums to a 128-bit integer; make it a plain int for JSON.
        return [{"category": r["category"], "primary": int(r["primary"]), "total": int(r["total"])}
                for r in self._read(reads.category_counts())]

    def unresolved_affiliations(self, n: int = 50) -> list[dict[str, Any]]:
        return self._read(reads.unresolved_affiliations(), {"n": n})

    def newest_paper_date(self) -> date | None:
        rows = self._read(reads.newest_paper_date())
        return rows[0]["newest"] if rows else None

    def fulltext_counts(self) -> dict[str, int]:
        """Papers per full-text status (pending, fetched, failed, skipped), every status present."""
        counts = {s: 0 for s in fulltext_q.STATUSES}
        for r in self._read(fulltext_q.status_counts()):
            counts[r["status"]] = int(r["papers"])
        return counts

    def fulltext_coverage(self) -> list[dict[str, Any]]:
        """Papers per (published month ``YYYY-MM``, full-text status): coverage over time for the dashboard."""
        out: dict[tuple[str, str], int] = {}
        for r in self._read(fulltext_q.status_by_day()):
            month = r["day"].isoformat()[:7] if r["day"] is not None else "unknown"
            out[(month, r["status"])] = out.get((month, r["status"]), 0) + int(r["papers"])
        return [{"month": m, "status": s, "papers": n} for (m, s), n in sorted(out.items())]

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every node and edge as sorted tuples: two stores are equal iff their dumps are.

        ``IngestRun`` nodes are left out (they differ by run ids and times by design).
        """
        out: dict[str, list[tuple[Any, ...]]] = {}
        for node in NODES:
            if node.label == "IngestRun":
                continue
            out[node.label] = sorted(tuple(_norm(v) for v in r.values()) for r in self._read(reads.dump_nodes(node.label)))
        for rel in RELS:
            out[rel.type] = sorted(tuple(_norm(v) for v in r.values()) for r in self._read(reads.dump_rels(rel.type)))
        return out

    def stats(self, runs: int = 5) -> dict[str, Any]:
        counts = self.counts()
        return {"backend": self.backend, **counts, "categories": self.category_counts(),
                "newest_paper": _jsonable(self.newest_paper_date()),
                "last_runs": [{k: _jsonable(v) for k, v in r.items()} for r in self.last_runs(runs)]}


def _norm(value: Any) -> Any:
    """Make engine values comparable across backends (lists to tuples, floats rounded)."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, float):
        return round(value, 6)
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


def open_store(settings: Any, *, read_only: bool = False) -> GraphStore:
    """The store selected by ``SOTAGRAPH_GRAPH``: :func:`graph.backends.open_store`, imported here when
    called (backends import this module, so a module-level import would close a circle)."""
    from graph.backends import open_store as open_backend

    return open_backend(settings, read_only=read_only)
