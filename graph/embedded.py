"""The embedded graph store on LadybugDB: one file under ``SOTAGRAPH_HOME``, no server.

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
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa
import pyarrow.parquet as pq

from graph.cypher import ddl, reads, writes
from graph.cypher.readonly import write_reason
from graph.rows import ExtractionRows, Row, dedupe_latest, extraction_rows, paper_rows
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
from tracker.entities import PaperExtraction
from tracker.records import PaperRecord

log = logging.getLogger(__name__)

_ARROW = {
    "STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "STRING[]": pa.list_(pa.string()),
}
_ORG_PROPS = ("name", "aliases", "type", "ror_id", "country")
_MODEL_PROPS = ("name", "family", "params_b", "accessibility", "is_open", "release_date", "license", "developer")


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

    def __init__(self, path: Path | str, *, read_only: bool = False, buffer_pool_mb: int | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreUnavailable(f"no graph store at {self.path}: run `sotagraph ingest` or `backfill` first")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        pool = buffer_pool_mb or int(os.environ.get("SOTAGRAPH_BUFFER_POOL_MB", "2048"))
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only, buffer_pool_size=pool * 1024 * 1024,
                                        max_num_threads=int(os.environ.get("SOTAGRAPH_THREADS", "2")))
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            msg = _first_line(exc)
            if "lock" in msg.lower():
                msg = f"the graph store {self.path} is in use by another writer ({msg})"
            raise StoreUnavailable(f"cannot open the graph store: {msg}") from exc
        self._console: ladybug.Connection | None = None
        self._stage_seq = 0
        if not read_only:
            self.init_schema()

    # -- primitives ---------------------------------------------------------------------------
    def init_schema(self) -> None:
        for stmt in ddl.ladybug_ddl():
            self._conn.execute(stmt)

    def close(self) -> None:
        for attr in ("_console", "_conn"):
            conn = getattr(self, attr, None)
            if conn is not None:
                conn.close()
                setattr(self, attr, None)
        if getattr(self, "_db", None) is not None:
            self._db.close()
            self._db = None
        with contextlib.suppress(OSError):  # absent, or left non-empty by another writer's crash
            (self.path.parent / f".{self.path.name}.stage").rmdir()

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
    def write_batch(self, records: Sequence[PaperRecord], extractions: Sequence[PaperExtraction] = ()
                    ) -> WriteCounts:
        return self._in_transaction(lambda: self._write_batch(records, extractions))

    def _write_batch(self, records: Sequence[PaperRecord], extractions: Sequence[PaperExtraction]) -> WriteCounts:
        records = dedupe_latest(records)
        counts = WriteCounts()
        have = self.paper_versions([r.arxiv_id for r in records])
        new = [r for r in records if r.arxiv_id not in have]
        changed = [r for r in records if r.arxiv_id in have and r.version > have[r.arxiv_id]]
        counts.papers_new, counts.papers_updated = len(new), len(changed)
        counts.papers_unchanged = len(records) - len(new) - len(changed)
        rows = paper_rows(new + changed)
        if changed:
            changed_ids = [r.arxiv_id for r in changed]
            props = tuple(p for p, _ in NODE_BY_LABEL["Paper"].properties if p != "arxiv_id")
            wanted = set(changed_ids)
            self._load_update("Paper", props, _node_table("Paper", (r for r in rows.papers if r["arxiv_id"] in wanted)))
            for rel in ("AUTHORED", "IN_CATEGORY"):
                self._exec(writes.delete_owned_edges(rel), {"ids": changed_ids})
        new_ids = {r.arxiv_id for r in new}
        self._copy("Paper", _node_table("Paper", (r for r in rows.papers if r["arxiv_id"] in new_ids)))
        new_authors = set(rows.authors) - self._existing("Author", rows.authors)
        counts.authors_new = len(new_authors)
        self._copy("Author", _node_table("Author", (rows.authors[k] for k in sorted(new_authors))))
        new_cats = set(rows.categories) - self._existing("Category", rows.categories)
        self._copy("Category", _node_table("Category", (rows.categories[k] for k in sorted(new_cats))))
        self._copy("AUTHORED", _rel_table("AUTHORED", rows.authored))
        self._copy("IN_CATEGORY", _rel_table("IN_CATEGORY", rows.in_category))
        counts.authorships = len(rows.authored)
        known = set(have) | new_ids
        items = [e for e in extractions if e.arxiv_id in known]
        if items:
            authors_of = {r.arxiv_id: list(r.authors) for r in records}
            missing = [e.arxiv_id for e in items if e.arxiv_id not in authors_of]
            for pid in missing:
                authors_of[pid] = [a["name"] for a in self.paper_authors(pid)]
            from tracker.knowledge_lookup import country_names, org_lookup

            ext = extraction_rows(items, authors_of, org_lookup(), country_names())
            reextracted = [e.arxiv_id for e in items if e.arxiv_id in have]
            self._write_extraction(ext, reextracted)
            counts.extractions = len(items)
        return counts

    def _upsert_nodes(self, label: str, rows: dict[str, Row], props: tuple[str, ...], *, coalesce: bool) -> None:
        if not rows:
            return
        existing = self._existing(label, rows)
        self._copy(label, _node_table(label, (rows[k] for k in sorted(set(rows) - existing))))
        if existing:
            self._load_update(label, props, _node_table(label, (rows[k] for k in sorted(existing))), coalesce=coalesce)

    def _add_global_edges(self, rel_type: str, pairs: set[tuple[str, str]]) -> None:
        if not pairs:
            return
        rows = [{"from": a, "to": b} for a, b in sorted(pairs)]
        have = {(r["src"], r["dst"]) for r in self._read(writes.existing_pairs(rel_type), {"rows": rows})}
        self._copy(rel_type, _rel_table(rel_type, [r for r in rows if (r["from"], r["to"]) not in have]))

    def _write_extraction(self, ext: ExtractionRows, reextracted: list[str]) -> None:
        if reextracted:
            self._exec(writes.delete_paper_results(), {"ids": reextracted})
            for rel in ("INTRODUCES", "EVALUATES", "AFFILIATED_WITH", "MENTIONS_AFFILIATION"):
                self._exec(writes.delete_owned_edges(rel), {"ids": reextracted})
            self._exec(writes.delete_author_affiliations(), {"ids": reextracted})
        self._upsert_nodes("Country", ext.countries, ("name",), coalesce=True)
        self._upsert_nodes("Organization", ext.organizations, _ORG_PROPS, coalesce=True)
        self._upsert_nodes("Model", ext.models, _MODEL_PROPS, coalesce=True)
        self._upsert_nodes("Benchmark", ext.benchmarks, ("name", "aliases", "task", "domain", "metric",
                                                         "higher_is_better"), coalesce=True)
        self._upsert_nodes("Affiliation", ext.affiliations, ("text",), coalesce=True)
        self._copy("Result", _node_table("Result", ext.results.values()))
        for rel_type, rows in (("INTRODUCES", ext.introduces), ("EVALUATES", ext.evaluates),
                               ("REPORTS", ext.reports), ("OF_MODEL", ext.of_model),
                               ("ON_BENCHMARK", ext.on_benchmark), ("AFFILIATED_WITH", ext.affiliated_with),
                               ("WORKS_AT", ext.works_at), ("MENTIONS_AFFILIATION", ext.mentions)):
            self._copy(rel_type, _rel_table(rel_type, rows))
        for rel_type, pairs in (("DEVELOPED_BY", ext.developed_by), ("BASED_ON", ext.based_on),
                                ("LOCATED_IN", ext.located_in), ("PART_OF", ext.part_of)):
            self._add_global_edges(rel_type, pairs)

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

    # -- read-only console --------------------------------------------------------------------
    def read_only_query(self, query: str, params: dict[str, Any] | None = None, *, timeout_s: float = 10.0,
                        row_cap: int = 1000) -> QueryResult:
        reason = write_reason(query)
        if reason:
            raise ReadOnlyViolation(f"refused: the console is read-only ({reason})")
        if self._console is None:
            self._console = ladybug.Connection(self._db)
        conn = self._console
        conn.set_query_timeout(int(timeout_s * 1000))
        conn.execute("BEGIN TRANSACTION READ ONLY")
        try:
            res = conn.execute(query, params or {})
            cols = res.get_column_names()
            rows: list[list[Any]] = []
            truncated = False
            while res.has_next():
                if len(rows) >= row_cap:
                    truncated = True
                    break
                rows.append(list(res.get_next()))
            return QueryResult(cols, rows, truncated)
        except RuntimeError as exc:
            raise _console_error(exc, timeout_s) from exc
        finally:
            with contextlib.suppress(RuntimeError):
                conn.execute("COMMIT")


def _console_error(exc: RuntimeError, timeout_s: float) -> StoreError:
    msg = _first_line(exc)
    low = msg.lower()
    if "interrupt" in low or "timeout" in low or "timed out" in low:
        return QueryTimeout(f"query stopped after the {timeout_s:g} s time limit")
    if "read-only" in low or "read only" in low:
        return ReadOnlyViolation(f"refused: the console is read-only ({msg})")
    if "parser exception" in low or "binder exception" in low or "catalog exception" in low:
        return QuerySyntaxError(f"query error: {msg}")
    return StoreError(f"query failed: {msg}")
