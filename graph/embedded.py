"""The embedded graph store on LadybugDB: a file under ``SOTAGRAPH_HOME`` (the published generation, see
``graph.generations``), no server.

Writes take the fast path LadybugDB rewards: primary-key lookups to split a batch into new,
changed and unchanged rows, then bulk ``COPY`` of only the new rows, all inside one
transaction, so a batch lands whole or not at all and a rerun after a crash is a no-op for
what was committed. Bulk rows are staged as Parquet files beside the store (deleted right after
the statement): LadybugDB keeps memory for every Arrow table bound as a parameter until the
database closes, which took a full backfill to 2.8 GB.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa
import pyarrow.parquet as pq

from graph import generations, plan
from graph.cypher import ddl, reads, writes
from graph.cypher.neo4j_dialect import EDGE_IDENTITY
from graph.entities import PaperExtraction
from graph.plan import OrgTable
from graph.records import PaperRecord
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

_ARROW = {
    "STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "STRING[]": pa.list_(pa.string()),
    "INT64[]": pa.list_(pa.int64()),
}


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _node_table(label: str, rows: Iterable[Row]) -> pa.Table:
    props = NODE_BY_LABEL[label].properties
    rows = list(rows)
    return pa.table({name: pa.array([r.get(name) for r in rows], type=_ARROW[typ]) for name, typ in props})


def _rel_table(rel_type: str, rows: Sequence[Row]) -> pa.Table:
    rel = REL_BY_TYPE[rel_type]
    cols: dict[str, pa.Array] = {
        "from": pa.array([r["from"] for r in rows], type=pa.string()),
        "to": pa.array([r["to"] for r in rows], type=pa.string()),
    }
    for name, typ in rel.properties:
        cols[name] = pa.array([r.get(name) for r in rows], type=_ARROW[typ])
    return pa.table(cols)


class EmbeddedStore(GraphStore):
    backend = "embedded"
    exclusive_writer = True  # the writer lock: one writing process at a time

    def __init__(self, path: Path | str, *, read_only: bool = False, buffer_pool_mb: int | None = None,
                 threads: int = 2) -> None:
        """Open the store at ``path`` (a generation link, see graph.generations).

        Read-only: the published generation, never the one a writer is filling. Writing: take the
        writer lock and fill the next generation, published on :meth:`close`.
        """
        self.store_path = Path(path)
        self.read_only = read_only
        self._pool_mb = buffer_pool_mb or 2048
        self._threads = threads
        self._lease: generations.WriterLease | None = None
        self._db: ladybug.Database | None = None
        self._conn: ladybug.Connection | None = None
        self._console: ladybug.Connection | None = None
        self._stage_seq = 0
        if read_only:
            self.path = self._open_published()
            return
        self.store_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lease = generations.begin_write(self.store_path)
        except generations.WriterBusy as exc:
            raise StoreUnavailable(f"cannot open the graph store: {self.store_path} is in use by another writer "
                                   f"({exc})") from exc
        except OSError as exc:
            raise StoreUnavailable(f"cannot prepare the graph store {self.store_path}: {exc}") from exc
        self.path = self._lease.path
        try:
            self._db, self._conn = self._connect(self.path, read_only=False)
            self.init_schema()
        except BaseException:
            self._disconnect()
            self._lease.release()
            self._lease = None
            raise

    @classmethod
    def from_settings(cls, settings: Any, *, read_only: bool = False) -> EmbeddedStore:
        """Open from a :class:`graph.backends.StoreSettings` (store path, buffer pool, threads)."""
        return cls(settings.store_path, read_only=read_only, buffer_pool_mb=settings.buffer_pool_mb,
                   threads=settings.threads)

    def _connect(self, path: Path, *, read_only: bool) -> tuple[ladybug.Database, ladybug.Connection]:
        try:
            db = ladybug.Database(str(path), read_only=read_only, buffer_pool_size=self._pool_mb * 1024 * 1024,
                                  max_num_threads=self._threads)
            return db, ladybug.Connection(db)
        except RuntimeError as exc:
            msg = _first_line(exc)
            if "lock" in msg.lower():
                msg = f"the graph store {path} is in use by another writer ({msg})"
            raise StoreUnavailable(f"cannot open the graph store: {msg}") from exc

    def _open_published(self) -> Path:
        """Open the generation the link names; retry when a writer switched it meanwhile."""
        last: StoreUnavailable | None = None
        for _ in range(5):
            path = generations.published(self.store_path)
            if path is None:
                raise StoreUnavailable(f"no graph store at {self.store_path}: run `sotagraph ingest` or `backfill` first")
            try:
                self._db, self._conn = self._connect(path, read_only=True)
                return path
            except StoreUnavailable as exc:
                if generations.published(self.store_path) == path:
                    raise
                last = exc  # the generation was replaced and collected between lookup and open
        assert last is not None
        raise last

    @property
    def generation(self) -> str:
        """The open generation's name (``g000042``; ``legacy`` for a store in the old single-file layout)."""
        return generations.generation_name(self.path)

    def is_stale(self) -> bool:
        """True when a read-only handle is behind the published generation (one ``readlink``)."""
        return self.read_only and generations.published(self.store_path) != self.path

    def refresh(self) -> bool:
        """Between queries: reopen on the newest published generation if there is one; True if it did.

        On failure the old generation stays open (still consistent, just older) and the error is logged.
        """
        if not self.is_stale():
            return False
        old_db, old_conn, old_console, old_path = self._db, self._conn, self._console, self.path
        try:
            self.path = self._open_published()
        except StoreUnavailable as exc:
            log.warning("staying on graph generation %s: %s", generations.generation_name(old_path), exc)
            self._db, self._conn, self.path = old_db, old_conn, old_path
            return False
        self._console = None
        for conn in (old_console, old_conn):
            if conn is not None:
                conn.close()
        if old_db is not None:
            old_db.close()
        log.info("reopened the graph store on generation %s", self.generation)
        return True

    # -- primitives ---------------------------------------------------------------------------
    def init_schema(self) -> None:
        for stmt in ddl.ladybug_ddl():
            self._conn.execute(stmt)

    def _disconnect(self) -> None:
        for attr in ("_console", "_conn"):
            conn = getattr(self, attr, None)
            if conn is not None:
                conn.close()
                setattr(self, attr, None)
        if getattr(self, "_db", None) is not None:
            self._db.close()
            self._db = None

    def close(self) -> None:
        """Close; a writer then publishes its generation (everything it committed) and lets go of the lock."""
        self._disconnect()
        lease, self._lease = getattr(self, "_lease", None), None
        if lease is not None:  # only the writer stages files; a reader must not touch its directory
            with contextlib.suppress(OSError):  # absent, or left non-empty by a crash
                (self.path.parent / f".{self.path.name}.stage").rmdir()
            try:
                lease.publish()
            except (OSError, generations.GenerationError) as exc:
                raise StoreError(f"could not publish the written graph store: {exc}") from exc
            finally:
                lease.release()

    def _exec(self, query: str, params: dict[str, Any] | None = None) -> Any:
        if self._conn is None:
            raise StoreError("the graph store is closed")
        return self._conn.execute(query, params or {})

    def _read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        res = self._exec(query, params)
        cols = res.get_column_names()
        return [dict(zip(cols, row, strict=False)) for row in res.get_all()]

    @contextlib.contextmanager
    def _staged(self, data: pa.Table) -> Iterator[str]:
        """Write ``data`` to a Parquet file for one statement, then delete it."""
        stage = self.path.parent / f".{self.path.name}.stage"
        stage.mkdir(exist_ok=True)
        self._stage_seq += 1
        path = stage / f"{os.getpid()}-{self._stage_seq}.parquet"
        pq.write_table(data, path, compression="none")
        try:
            yield str(path)
        finally:
            path.unlink(missing_ok=True)

    def _copy(self, table: str, data: pa.Table) -> None:
        if data.num_rows:
            with self._staged(data) as path:
                self._exec(writes.copy_from_file(table, path))

    def _load_update(self, label: str, props: tuple[str, ...], data: pa.Table, *, coalesce: bool = False) -> None:
        if data.num_rows:
            with self._staged(data) as path:
                self._exec(writes.load_update_nodes(label, props, path, keep_existing_when_null=coalesce))

    def _existing(self, label: str, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        if not keys:
            return set()
        return {r["key"] for r in self._read(reads.existing_keys(label), {"keys": keys})}

    def _in_transaction(self, work: Any) -> Any:
        if self.read_only:
            raise ReadOnlyViolation("this store was opened read-only")
        self._exec("BEGIN TRANSACTION")
        try:
            result = work()
        except BaseException as exc:
            with contextlib.suppress(RuntimeError):  # the engine may have rolled back already
                self._exec("ROLLBACK")
            if isinstance(exc, RuntimeError):
                raise StoreError(f"the graph write was rolled back: {_first_line(exc)}") from exc
            raise
        try:
            self._exec("COMMIT")
        except RuntimeError as exc:
            if "committed successfully" not in str(exc):
                raise StoreError(f"the graph store could not commit: {_first_line(exc)}") from exc
            # The data is durable (the WAL replays it); the checkpoint is retried on a later commit.
            log.warning("LadybugDB checkpoint after commit failed, will retry later: %s", _first_line(exc))
        return result

    # -- writes -------------------------------------------------------------------------------
    def write_batch(self, records: Sequence[PaperRecord], extractions: Sequence[PaperExtraction] = (),
                    orgs: OrgTable | None = None, run_id: str | None = None) -> WriteCounts:
        orgs = self._orgs_for(extractions, orgs)
        return self._in_transaction(lambda: plan.write_batch(_LadybugWriter(self), records, extractions, orgs, run_id))

    def _with_writer(self, work: Callable[[plan.Writer], Any]) -> Any:
        return self._in_transaction(lambda: work(_LadybugWriter(self)))

    def upsert_similar(self, edges: Sequence[tuple[str, str, float, int]]) -> None:
        if not edges:
            return

        def work() -> None:
            ids = sorted({e[0] for e in edges} | {e[1] for e in edges})
            present = set(self.paper_versions(ids))
            srcs = sorted({e[0] for e in edges if e[0] in present})
            self._exec(writes.delete_similar(), {"ids": srcs})
            rows = [{"from": s, "to": d, "score": float(sc), "rank": int(rk)} for s, d, sc, rk in edges
                    if s in present and d in present and s != d]
            self._copy("SIMILAR_TO", _rel_table("SIMILAR_TO", rows))

        self._in_transaction(work)

    def _write_run(self, row: dict[str, Any]) -> None:
        self._in_transaction(lambda: self._exec(writes.merge_run(), row))

    def run_write(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._in_transaction(lambda: self._read(query, params))

    def write_curated(self, batch: Any) -> None:
        from graph.curated_write import apply_curated

        self._in_transaction(lambda: apply_curated(_LadybugWriter(self), batch, self._read))

    # -- read-only console --------------------------------------------------------------------
    def read_only_query(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float = 10.0,
                        row_cap: int = 1000, byte_cap: int | None = None) -> QueryResult:
        """Console query in a fresh connection (no setting outlives it), read-only, capped in rows and bytes.

        In-process: the memory and wall-time bounds come from :mod:`graph.console`'s worker.
        """
        from graph.console import RowBudget, checked_query

        text = checked_query(query)
        if self._db is None:
            raise StoreError("the graph store is closed")
        conn = ladybug.Connection(self._db)
        try:
            conn.set_query_timeout(max(1, int(timeout_s * 1000)))
            conn.execute("BEGIN TRANSACTION READ ONLY")
            try:
                res = conn.execute(text, params or {})
                if isinstance(res, list):  # several statements: the filter lets none through, stay safe
                    raise ReadOnlyViolation("refused: the console is read-only (one statement at a time)")
                cols = res.get_column_names()
                rows: list[list[Any]] = []
                budget = RowBudget(row_cap, byte_cap)
                truncated = False
                while res.has_next():
                    row = list(res.get_next())
                    if not budget.take(row):
                        truncated = True
                        break
                    rows.append(row)
                return QueryResult(cols, rows, truncated)
            except RuntimeError as exc:
                raise _console_error(exc, timeout_s) from exc
            finally:
                with contextlib.suppress(RuntimeError):
                    conn.execute("ROLLBACK")
        finally:
            conn.close()


class _LadybugWriter:
    """The write plan's primitives on LadybugDB: primary-key look-ups, then bulk ``COPY`` of new rows
    from staged Parquet files and ``SET`` of existing ones (``MERGE`` is planned as a scan here)."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store

    def versions(self, ids: Sequence[str]) -> dict[str, int]:
        return self.store.paper_versions(ids)

    def paper_authors(self, arxiv_id: str) -> list[str]:
        return [a["name"] for a in self.store.paper_authors(arxiv_id)]

    def upsert_nodes(self, label: str, rows: Sequence[Row], props: tuple[str, ...], mode: plan.Mode,
                     existing: frozenset[str] | None = None) -> int:
        key = NODE_BY_LABEL[label].key
        by_key = {r[key]: r for r in rows}
        existing = set(existing) & set(by_key) if existing is not None else self.store._existing(label, by_key)
        new = sorted(set(by_key) - existing)
        self.store._copy(label, _node_table(label, (by_key[k] for k in new)))
        if existing and mode != "create_missing":
            self.store._load_update(label, props, _node_table(label, (by_key[k] for k in sorted(existing))),
                                    coalesce=mode == "coalesce")
        return len(new)

    def add_edges(self, rel: str, rows: Sequence[Row], *, only_missing: bool) -> None:
        if only_missing:
            ident = EDGE_IDENTITY.get(rel, ())
            pairs = [{"from": f, "to": t} for f, t in sorted({(r["from"], r["to"]) for r in rows})]
            have = {(r["src"], r["dst"], *r["ident"]) for r in self.store._read(writes.existing_pairs(rel),
                                                                                 {"rows": pairs})}
            rows = [r for r in rows if (r["from"], r["to"], *(r.get(p) for p in ident)) not in have]
        self.store._copy(rel, _rel_table(rel, rows))

    def delete(self, op: plan.DeleteOwned | plan.DeleteResults | plan.DeleteAuthorLinks) -> None:
        self.store._exec(_delete_query(op), {"ids": list(op.ids)})


def _delete_query(op: plan.DeleteOwned | plan.DeleteResults | plan.DeleteAuthorLinks) -> str:
    if isinstance(op, plan.DeleteOwned):
        return writes.delete_owned_edges(op.rel)
    if isinstance(op, plan.DeleteResults):
        return writes.delete_paper_results()
    return writes.delete_author_affiliations()


def _console_error(exc: RuntimeError, timeout_s: float) -> StoreError:
    from graph.console import ConsoleLimitError

    msg = _first_line(exc)
    low = msg.lower()
    if "bad_alloc" in low or "buffer pool is full" in low or "out of memory" in low or "unable to allocate" in low:
        return ConsoleLimitError(f"query stopped at the console's memory limit ({msg})")
    if "interrupt" in low or "timeout" in low or "timed out" in low:
        return QueryTimeout(f"query stopped after the {timeout_s:g} s time limit")
    if "read-only" in low or "read only" in low:
        return ReadOnlyViolation(f"refused: the console is read-only ({msg})")
    if "parser exception" in low or "binder exception" in low or "catalog exception" in low:
        return QuerySyntaxError(f"query error: {msg}")
    return StoreError(f"query failed: {msg}")
