"""The graph store interface both backends implement, and the named reads they share.

Backends provide three primitives — ``_read`` (rows as dicts), ``write_batch`` (papers and
their extractions, atomically and idempotently) and ``read_only_query`` (the console) — and
get every named query below for free, so the contract suite tests one behaviour twice.
"""

from __future__ import annotations

import json
import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from graph.cypher import reads
from graph.schema import NODES, RELS
from tracker.entities import PaperExtraction
from tracker.records import PaperRecord


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
class WriteCounts:
    papers_new: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    authors_new: int = 0
    authorships: int = 0
    extractions: int = 0

    def add(self, other: WriteCounts) -> None:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)


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

    @abstractmethod
    def write_batch(self, records: Sequence[PaperRecord], extractions: Sequence[PaperExtraction] = ()
                    ) -> WriteCounts:
        """Upsert papers (new versions update in place) and their extractions in one transaction."""

    @abstractmethod
    def upsert_similar(self, edges: Sequence[tuple[str, str, float, int]]) -> None:
        """Replace the ``SIMILAR_TO`` edges of each source paper with the given (src, dst, score, rank)."""

    @abstractmethod
    def _write_run(self, row: dict[str, Any]) -> None:
        """Create or update one ``IngestRun`` node."""

    @abstractmethod
    def read_only_query(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float = 10.0,
                        row_cap: int = 1000) -> QueryResult:
        """User Cypher, read-only, time-limited and capped; named errors on refusal."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- convenience writes -------------------------------------------------------------------
    def upsert_papers(self, records: Sequence[PaperRecord]) -> WriteCounts:
        return self.write_batch(records, ())

    def start_run(self, info: IngestRunInfo) -> None:
        self._write_run({"run_id": info.run_id, "source": info.source, "started": info.started, "finished": None,
                         "window_from": info.window_from, "window_to": None, "counts": "{}",
                         "status": "running", "message": None})

    def finish_run(self, info: IngestRunInfo, status: str, counts: dict[str, Any], message: str | None = None,
                   window_to: datetime | None = None) -> None:
        """Record the end of a run; with status ``ok`` and a ``window_to`` this moves the watermark."""
        self._write_run({"run_id": info.run_id, "source": info.source, "started": info.started,
                         "finished": utcnow(), "window_from": info.window_from,
                         "window_to": window_to if status == "ok" else None,
                         "counts": json.dumps(counts, sort_keys=True, default=str), "status": status,
                         "message": message})

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
    """The store selected by ``SOTAGRAPH_GRAPH`` (``embedded`` default, or ``neo4j``)."""
    if settings.graph == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_settings(settings, read_only=read_only)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(settings.store_path, read_only=read_only)
