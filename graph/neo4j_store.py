"""The Neo4j graph store (5.26 LTS, Bolt, the official driver): the production backend.

Every write is one managed transaction (``execute_write``) of ``UNWIND $rows ... MERGE`` batches, so the
driver may retry it after a dropped connection and a rerun after a crash merges into what is there:
no duplicates, no loss. Reads go with READ routing; the console runs in READ access mode sessions so
the server itself refuses writes, with a transaction time limit and a row cap on top.

The write semantics mirror :mod:`graph.embedded` exactly (the contract suite compares dumps): a paper
is rewritten only when its version is newer, authors and categories are created once and never
renamed, a re-extracted paper's results and owned edges are replaced.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as nx

from graph import plan
from graph.cypher import ddl, neo4j_dialect, reads, writes
from graph.entities import PaperExtraction
from graph.plan import OrgTable
from graph.records import PaperRecord
from graph.redact import redact
from graph.rows import Row
from graph.schema import NODE_BY_LABEL, REL_BY_TYPE
from graph.store import (
    GraphStore,
    QueryResult,
    QuerySyntaxError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
    WriteCounts,
)

log = logging.getLogger(__name__)

CHUNK_ROWS = 10_000
"""Rows per ``UNWIND`` statement inside a batch transaction (keeps each statement's memory bounded)."""


_SYNTAX_CODES = ("Neo.ClientError.Statement.SyntaxError", "Neo.ClientError.Statement.SemanticError",
                 "Neo.ClientError.Statement.ParameterMissing", "Neo.ClientError.Statement.TypeError",
                 "Neo.ClientError.Statement.ArgumentError", "Neo.ClientError.Statement.ArithmeticError",
                 "Neo.ClientError.Procedure.ProcedureNotFound", "Neo.ClientError.Statement.UnsupportedOperationError")
_READ_ONLY_CODES = ("Neo.ClientError.Statement.AccessMode", "Neo.ClientError.Security.Forbidden")
_MEMORY_CODES = ("Neo.TransientError.General.TransactionMemoryLimit",
                 "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                 "Neo.TransientError.General.OutOfMemoryError")
_TIMEOUT_CODES = ("Neo.ClientError.Transaction.TransactionTimedOut",
                  "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
                  "Neo.TransientError.Transaction.Terminated", "Neo.ClientError.Transaction.Terminated",
                  "Neo.TransientError.Transaction.LockClientStopped")


_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _connect_reason(exc: BaseException) -> str:
    """Why a connection failed, in a few words (the driver's message spans lines)."""
    text = str(exc)
    for needle, reason in (("Connection refused", "connection refused"), ("timed out", "connection timed out"),
                           ("Name or service not known", "unknown host"), ("No route to host", "no route to host")):
        if needle in text:
            return reason
    return _first_line(exc).rstrip(":")


def _first_line(exc: BaseException) -> str:
    """The first line of an error's message, secrets masked (drivers may quote URIs and credentials)."""
    text = getattr(exc, "message", None) or str(exc)
    return redact((str(text).strip().splitlines() or [type(exc).__name__])[0].strip())


# -- values in and out ------------------------------------------------------------------------
def _coerce(value: Any, typ: str) -> Any:
    """A Python value as the schema type, so both engines store the same thing (7 -> 7.0 for DOUBLE)."""
    if value is None:
        return None
    if typ == "DOUBLE":
        return float(value)
    if typ == "INT64":
        return int(value)
    if typ == "BOOLEAN":
        return bool(value)
    if typ == "DATE":
        return value.date() if isinstance(value, datetime) else value
    if typ == "TIMESTAMP":
        return value.replace(tzinfo=None) if isinstance(value, datetime) and value.tzinfo else value
    if typ == "STRING[]":
        return [str(v) for v in value]
    if typ == "INT64[]":
        return [int(v) for v in value]
    return value


def _node_rows(label: str, rows: Iterable[Row]) -> list[Row]:
    props = NODE_BY_LABEL[label].properties
    return [{name: _coerce(r.get(name), typ) for name, typ in props} for r in rows]


def _rel_rows(rel_type: str, rows: Iterable[Row]) -> list[Row]:
    props = REL_BY_TYPE[rel_type].properties
    return [{"from": r["from"], "to": r["to"], **{name: _coerce(r.get(name), typ) for name, typ in props}}
            for r in rows]


_PLAIN = (str, int, float, bool, type(None))


def _native(value: Any) -> Any:
    """Driver values as plain Python: temporals to ``date``/``datetime``, graph objects to dicts."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Node):
        return {"_id": value.element_id, "_label": next(iter(value.labels), None),
                **{k: _native(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_src": value.start_node.element_id if value.start_node else None,
                "_dst": value.end_node.element_id if value.end_node else None, "_label": value.type,
                **{k: _native(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return {"_nodes": [_native(n) for n in value.nodes], "_rels": [_native(r) for r in value.relationships]}
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


def _chunks(rows: Sequence[Row], size: int = CHUNK_ROWS) -> Iterator[Sequence[Row]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


class Neo4jStore(GraphStore):
    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j", *, read_only: bool = False,
                 connection_timeout_s: float = 10.0, max_retry_s: float | None = None) -> None:
        self.uri, self.user, self.database, self.read_only = uri, user, database, read_only
        retry = max_retry_s if max_retry_s is not None else 30.0
        scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
        if scheme not in _SCHEMES:
            raise StoreUnavailable(f"bad NEO4J_URI {redact(uri)!r}: use bolt://HOST:7687 or neo4j://HOST:7687")
        if "@" in uri.split("://", 1)[1].split("/", 1)[0]:
            raise StoreUnavailable(f"bad NEO4J_URI {redact(uri)!r}: credentials do not belong in the URI; "
                                   f"set NEO4J_USER and NEO4J_PASSWORD")
        try:
            self._driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=connection_timeout_s,
                                                max_transaction_retry_time=retry, user_agent="sotagraph",
                                                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF)
        except (ValueError, nx.ConfigurationError) as exc:
            raise StoreUnavailable(f"bad NEO4J_URI {redact(uri)!r}: {_first_line(exc)}") from exc
        try:
            with self._errors():
                self._driver.verify_connectivity()  # no retries: a down server or a bad password fails fast
                with self._driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
                    session.run("RETURN 1").consume()
        except StoreError:
            self._driver.close()
            raise
        if not read_only:
            self.init_schema()

    @classmethod
    def from_settings(cls, settings: Any, *, read_only: bool = False) -> Neo4jStore:
        """Open from a :class:`graph.backends.StoreSettings` (``NEO4J_*`` and ``SOTAGRAPH_NEO4J_RETRY_S``,
        read by the caller)."""
        return cls(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database,
                   read_only=read_only, max_retry_s=getattr(settings, "neo4j_retry_s", None))

    # -- errors -------------------------------------------------------------------------------
    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver exceptions as the store's named errors with one-line messages."""
        try:
            yield
        except StoreError:
            raise
        except nx.AuthError as exc:
            raise StoreUnavailable(f"Neo4j at {redact(self.uri)} refused the credentials of user {self.user!r} "
                                   f"(check NEO4J_USER and NEO4J_PASSWORD)") from exc
        except (nx.ServiceUnavailable, nx.SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"cannot reach Neo4j at {redact(self.uri)} ({_connect_reason(exc)}); is it running? "
                                   f"(scripts/neo4j_local.sh start, or docker compose up -d neo4j)") from exc
        except nx.ClientError as exc:
            if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise StoreUnavailable(f"Neo4j at {redact(self.uri)} has no database {self.database!r} "
                                       f"(check NEO4J_DATABASE)") from exc
            if exc.code == "Neo.ClientError.Security.AuthenticationRateLimit":
                raise StoreUnavailable(f"Neo4j at {redact(self.uri)} has locked out user {self.user!r} after too many "
                                       f"failed logins (AuthenticationRateLimit): wait for the lock to expire "
                                       f"(dbms.security.auth_lock_time), then check NEO4J_PASSWORD") from exc
            if exc.code in _READ_ONLY_CODES:
                raise ReadOnlyViolation(f"refused: read-only ({_first_line(exc)})") from exc
            raise StoreError(f"Neo4j refused a query: {_first_line(exc)}") from exc
        except nx.Neo4jError as exc:
            raise StoreError(f"Neo4j error: {_first_line(exc)}") from exc
        except nx.DriverError as exc:
            raise StoreError(f"Neo4j driver error: {_first_line(exc)}") from exc

    # -- primitives ---------------------------------------------------------------------------
    def init_schema(self) -> None:
        with self._errors():
            for stmt in ddl.neo4j_ddl():
                self._driver.execute_query(stmt, database_=self.database)
            with self._driver.session(database=self.database) as session:
                session.run(neo4j_dialect.neo4j_await_indexes(), timeout_s=300).consume()

    def close(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()
            self._driver = None

    def _read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._errors():
            records, _, _ = self._driver.execute_query(query, params or {}, database_=self.database,
                                                       routing_=RoutingControl.READ)
        if not records:
            return []
        keys = records[0].keys()
        return [dict(zip(keys, map(_native, rec.values()), strict=True)) for rec in records]

    def _write(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        if self.read_only:
            raise ReadOnlyViolation("this store was opened read-only")
        with self._errors(), self._driver.session(database=self.database) as session:
            return session.execute_write(work)

    # -- writes -------------------------------------------------------------------------------
    def write_batch(self, records: Sequence[PaperRecord], extractions: Sequence[PaperExtraction] = (),
                    orgs: OrgTable | None = None, run_id: str | None = None) -> WriteCounts:
        orgs = self._orgs_for(extractions, orgs)
        return self._write(lambda tx: plan.write_batch(_Neo4jWriter(tx), records, extractions, orgs, run_id))

    def upsert_similar(self, edges: Sequence[tuple[str, str, float, int]]) -> None:
        if not edges:
            return

        def work(tx: neo4j.ManagedTransaction) -> None:
            ids = sorted({e[0] for e in edges} | {e[1] for e in edges})
            present = {r["arxiv_id"] for r in _tx_read(tx, reads.paper_versions(), {"ids": ids})}
            srcs = sorted({e[0] for e in edges if e[0] in present})
            tx.run(writes.delete_similar(), ids=srcs).consume()
            rows = [{"from": s, "to": d, "score": float(sc), "rank": int(rk)} for s, d, sc, rk in edges
                    if s in present and d in present and s != d]
            _run_rows(tx, neo4j_dialect.neo4j_merge_rels("SIMILAR_TO"), _rel_rows("SIMILAR_TO", rows))

        self._write(work)

    def _write_run(self, row: dict[str, Any]) -> None:
        typed = {name: _coerce(row.get(name), typ) for name, typ in NODE_BY_LABEL["IngestRun"].properties}
        self._write(lambda tx: tx.run(writes.merge_run(), typed).consume())

    def run_write(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._write(lambda tx: _tx_read(tx, query, params or {}))

    def write_curated(self, batch: Any) -> None:
        from graph.curated_write import apply_curated

        def work(tx: neo4j.ManagedTransaction) -> None:
            apply_curated(_Neo4jWriter(tx), batch, lambda q, p: _tx_read(tx, q, p))

        self._write(work)

    def _with_writer(self, work: Callable[[plan.Writer], Any]) -> Any:
        return self._write(lambda tx: work(_Neo4jWriter(tx)))

    def wipe(self) -> None:
        """Delete every node and edge, in bounded transactions; the schema stays (tests, benchmarks)."""
        if self.read_only:
            raise ReadOnlyViolation("this store was opened read-only")
        with self._errors(), self._driver.session(database=self.database) as session:
            session.run(neo4j_dialect.neo4j_delete_all_batched(), batch=2_000).consume()  # small: bounded tx memory

    # -- read-only console --------------------------------------------------------------------
    def read_only_query(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float = 10.0,
                        row_cap: int = 1000, byte_cap: int | None = None) -> QueryResult:
        """Console query in a READ access mode transaction with a server-side time limit, never committed.

        Rows are counted and sized as they stream in; the server's per-transaction memory limit
        (``db.memory.transaction.max``) bounds what a query can build there.
        """
        from graph.console import RowBudget, checked_query

        text = checked_query(query)
        try:
            with self._errors(), self._driver.session(database=self.database,
                                                      default_access_mode=neo4j.READ_ACCESS,
                                                      fetch_size=min(max(row_cap, 1) + 1, 1000)) as session:
                tx = session.begin_transaction(timeout=timeout_s, metadata={"app": "sotagraph-console"})
                try:
                    result = tx.run(text, params or {})
                    columns = list(result.keys())
                    rows: list[list[Any]] = []
                    budget = RowBudget(row_cap, byte_cap)
                    truncated = False
                    for record in result:
                        row = [_native(v) for v in record.values()]
                        if not budget.take(row):
                            truncated = True
                            break
                        rows.append(row)
                finally:
                    tx.close()  # rolls back: the console never commits, and a cut result stops here
                return QueryResult(columns, rows, truncated)
        except StoreError as exc:
            raise _console_error(exc, timeout_s) from exc.__cause__


def _console_error(exc: StoreError, timeout_s: float) -> StoreError:
    cause = exc.__cause__
    code = getattr(cause, "code", None) or ""
    if code in _TIMEOUT_CODES or "timed out" in str(exc).lower():
        return QueryTimeout(f"query stopped after the {timeout_s:g} s time limit")
    if code in _READ_ONLY_CODES:
        return ReadOnlyViolation(f"refused: the console is read-only ({_first_line(cause)})")
    if code in _MEMORY_CODES:
        from graph.console import ConsoleLimitError

        return ConsoleLimitError(f"query stopped at the server's transaction memory limit ({_first_line(cause)})")
    if code in _SYNTAX_CODES or code.startswith("Neo.ClientError.Statement."):
        return QuerySyntaxError(f"query error: {_first_line(cause)}")
    return exc


# -- the batch transaction (pure function of tx + inputs, so a driver retry redoes it whole) ---------
def _tx_read(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: _native(v) for k, v in rec.items()} for rec in tx.run(query, params)]


def _run_rows(tx: neo4j.ManagedTransaction, query: str, rows: Sequence[Row]) -> None:
    for chunk in _chunks(rows):
        tx.run(query, rows=list(chunk)).consume()


class _Neo4jWriter:
    """The write plan's primitives on Neo4j: idempotent ``UNWIND $rows ... MERGE`` in chunks, inside the
    managed transaction (a driver retry reruns the whole plan)."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self.tx = tx

    def versions(self, ids: Sequence[str]) -> dict[str, int]:
        if not ids:
            return {}
        return {r["arxiv_id"]: r["version"] for r in _tx_read(self.tx, reads.paper_versions(), {"ids": list(ids)})}

    def paper_authors(self, arxiv_id: str) -> list[str]:
        return [a["name"] for a in _tx_read(self.tx, reads.paper_authors(), {"id": arxiv_id})]

    def upsert_nodes(self, label: str, rows: Sequence[Row], props: tuple[str, ...], mode: plan.Mode,
                     existing: frozenset[str] | None = None) -> int:
        key = NODE_BY_LABEL[label].key
        keys = [r[key] for r in rows]
        if existing is None:
            existing = frozenset(r["key"] for r in _tx_read(self.tx, reads.existing_keys(label), {"keys": keys}))
        created = len(set(keys) - existing)
        if mode == "create_missing":
            query = neo4j_dialect.neo4j_merge_missing_nodes(label, props)
        else:
            query = writes.neo4j_merge_nodes(label, props, keep_existing_when_null=mode == "coalesce")
        _run_rows(self.tx, query, _node_rows(label, rows))
        return created

    def add_edges(self, rel: str, rows: Sequence[Row], *, only_missing: bool) -> None:
        _run_rows(self.tx, neo4j_dialect.neo4j_merge_rels(rel, on_create_only=only_missing), _rel_rows(rel, rows))

    def delete(self, op: plan.DeleteOwned | plan.DeleteResults | plan.DeleteAuthorLinks) -> None:
        if isinstance(op, plan.DeleteOwned):
            query = writes.delete_owned_edges(op.rel)
        elif isinstance(op, plan.DeleteResults):
            query = writes.delete_paper_results()
        else:
            query = writes.delete_author_affiliations()
        self.tx.run(query, ids=list(op.ids)).consume()


def neo4j_settings_from_env() -> dict[str, str]:
    """``NEO4J_*`` connection settings as keyword arguments for :class:`Neo4jStore` (scripts, benchmarks)."""
    return {"uri": os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7687",
            "user": os.environ.get("NEO4J_USER") or "neo4j",
            "password": os.environ.get("NEO4J_PASSWORD") or "",
            "database": os.environ.get("NEO4J_DATABASE") or "neo4j"}

