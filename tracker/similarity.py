"""Similarity search kept true to the graph: embed new/changed papers, check, reindex, search.

The vector index is derived data. Every function here reads the graph through the
:class:`graph.store.GraphStore` interface only, so both backends behave the same:
- ``embed_new_papers`` embeds exactly the papers whose vector is missing or stale (version or text
  fingerprint differs) and drops vectors of papers no longer in the graph; the pipeline runs it
  after the graph write and before the watermark, so a crash anywhere is repaired by the next run;
- ``check`` lists missing, extra and stale ids and a model mismatch; ``reindex`` rebuilds from the
  graph (and replaces a corrupted index);
- ``search`` / ``similar`` return :class:`Hit` rows (id, title, date, score), filters applied by
  the graph; ``similar_edges`` gives the ``SIMILAR_TO {score, rank}`` rows written to the graph.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from graph.vector_index import (
    CorruptIndexError,
    IndexNotFoundError,
    VectorIndex,
    VectorIndexError,
)
from tracker.config import from_env
from tracker.embed import Embedder, EmbedderError, paper_text, resolve_model, text_fingerprint

if TYPE_CHECKING:
    from graph.store import GraphStore

log = logging.getLogger(__name__)

DEFAULT_SIMILAR_K = 10
READ_BATCH = 2000


class EmptyQueryError(ValueError):
    """A search with no words."""


class PaperNotIndexedError(KeyError):
    """``similar`` on a paper that has no vector (not in the graph, or not embedded yet)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "paper not indexed"


@dataclass
class Hit:
    arxiv_id: str
    score: float
    title: str = ""
    published: str | None = None
    primary_category: str | None = None


@dataclass
class CheckReport:
    """Graph vs index. ``consistent`` when nothing is missing, extra or stale and the model matches."""

    graph_count: int = 0
    index_count: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    model_mismatch: str | None = None
    error: str | None = None
    index_type: str | None = None
    model: str | None = None

    @property
    def consistent(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.model_mismatch or self.error)

    def to_json(self, limit: int = 100) -> dict[str, Any]:
        out = asdict(self)
        for key in ("missing", "extra", "stale"):
            out[f"{key}_count"] = len(out[key])
            out[key] = out[key][:limit]
        out["consistent"] = self.consistent
        return out

    def summary(self) -> str:
        if self.error:
            return f"inconsistent: {self.error}; graph {self.graph_count} papers, missing {len(self.missing)}"
        head = "consistent" if self.consistent else "inconsistent"
        parts = [f"{head}: graph {self.graph_count} papers, index {self.index_count} vectors"
                 f" ({self.index_type}, {self.model})",
                 f"missing {len(self.missing)}, extra {len(self.extra)}, stale {len(self.stale)}"]
        if self.model_mismatch:
            parts.append(self.model_mismatch)
        return "; ".join(parts)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _as_date(value: date | datetime | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def index_type_from_env() -> str:
    """``SOTAGRAPH_INDEX_TYPE`` (``auto`` by default)."""
    return (from_env().index_type or "auto").strip().lower()


def new_index(embedder: Embedder, index_type: str | None = None) -> VectorIndex:
    return VectorIndex(embedder.dimension, embedder.model_name, index_type=index_type or index_type_from_env(),
                       backend=embedder.backend)


def load_index(directory: Path | str, embedder: Embedder | None = None) -> VectorIndex:
    """Load the saved index; with an embedder, refuse another model or dimension (clear message)."""
    index = VectorIndex.load(directory)
    if embedder is not None:
        index.check_model(embedder.model_name, embedder.dimension)
    return index


# ---- writes ------------------------------------------------------------------------------------
def _stale_or_missing(index: VectorIndex, versions: dict[str, int]) -> list[str]:
    out = []
    for aid, version in versions.items():
        entry = index.entries.get(aid)
        if entry is None or (entry.version is not None and version is not None and entry.version != version):
            out.append(aid)
    return sorted(out)


def _embed_ids(store: GraphStore, index: VectorIndex, embedder: Embedder, ids: Sequence[str], *,
               check_text: bool = False, progress: bool = True, batch_size: int = READ_BATCH) -> list[str]:
    """Embed the given papers (read from the graph in batches) and upsert them; returns ids written."""
    written: list[str] = []
    for chunk in _chunks(list(ids), batch_size):
        rows = store.paper_texts(chunk)
        texts, aids, versions, prints = [], [], [], []
        for aid, version, title, abstract in rows:
            text = paper_text(title, abstract)
            fp = text_fingerprint(text)
            entry = index.entries.get(aid)
            if check_text and entry is not None and entry.fingerprint == fp and entry.version == version:
                continue
            texts.append(text)
            aids.append(aid)
            versions.append(version)
            prints.append(fp)
        if not texts:
            continue
        vectors = embedder.encode(texts, show_progress=progress)
        index.upsert(aids, vectors, versions=versions, fingerprints=prints)
        written.extend(aids)
    return written


def embed_new_papers(store: GraphStore, index: VectorIndex, embedder: Embedder, *, ids: Sequence[str] | None = None,
                     remove_extra: bool = True, progress: bool = True) -> list[str]:
    """Embed papers whose vector is missing or stale (all graph papers, or only ``ids``); drop extras.

    Returns the ids embedded now. Idempotent: a second call embeds nothing.
    """
    index.check_model(embedder.model_name, embedder.dimension)
    versions = store.paper_versions(ids)
    todo = _stale_or_missing(index, versions)
    if remove_extra and ids is None:
        extra = [aid for aid in index.entries if aid not in versions]
        if extra:
            log.info("vector index: dropping %d vectors of papers not in the graph", len(extra))
            index.remove(extra)
    if not todo:
        return []
    log.info("embedding %d new or changed papers", len(todo))
    return _embed_ids(store, index, embedder, todo, progress=progress)


def similar_edges(index: VectorIndex, ids: Sequence[str], k: int = DEFAULT_SIMILAR_K
                  ) -> list[tuple[str, str, float, int]]:
    """(src, dst, score, rank) for the ``k`` nearest other papers of each id (rank 1 = nearest)."""
    present = [aid for aid in dict.fromkeys(ids) if aid in index]
    edges: list[tuple[str, str, float, int]] = []
    for chunk in _chunks(present, 1024):
        queries = np.stack([index.vector(aid) for aid in chunk])
        for src, hits in zip(chunk, index.search(queries, k + 1), strict=True):
            rank = 0
            for dst, score in hits:
                if dst == src or rank >= k:
                    continue
                rank += 1
                edges.append((src, dst, round(score, 6), rank))
    return edges


def write_similar(store: GraphStore, index: VectorIndex, ids: Sequence[str], k: int = DEFAULT_SIMILAR_K,
                  batch: int = 5000) -> int:
    """Write ``SIMILAR_TO`` edges of ``ids`` (replacing theirs) in batches; returns edges written."""
    total = 0
    for chunk in _chunks(list(ids), batch):
        edges = similar_edges(index, chunk, k)
        store.upsert_similar(edges)
        total += len(edges)
    return total


def sync_index(store: GraphStore, directory: Path | str, embedder: Embedder, *, k: int = DEFAULT_SIMILAR_K,
               progress: bool = True) -> dict[str, Any]:
    """The pipeline's embed/index step: load (or start, or replace a corrupt) index, embed what is
    missing or stale, write their ``SIMILAR_TO`` edges, save atomically. Returns counts for the run."""
    t0 = time.perf_counter()
    rebuilt = None
    try:
        index = load_index(directory, embedder)
    except IndexNotFoundError:
        index = new_index(embedder)
    except CorruptIndexError as exc:
        log.warning("%s - rebuilding the vector index from the graph", exc)
        rebuilt = str(exc)
        index = new_index(embedder)
    embedded = embed_new_papers(store, index, embedder, progress=progress)
    edges = write_similar(store, index, embedded, k) if embedded else 0
    graph_count = store.count_papers()
    if embedded or rebuilt or _changed_since_save(index, directory, graph_count):
        index.save(directory, graph_paper_count=graph_count)
    counts = {"embedded": len(embedded), "vectors": len(index), "similar_edges": edges,
              "embed_seconds": round(time.perf_counter() - t0, 1)}
    if rebuilt:
        counts["index_rebuilt"] = 1
    return counts


def _changed_since_save(index: VectorIndex, directory: Path | str, graph_count: int) -> bool:
    try:
        saved = VectorIndex.read_manifest(directory)
    except VectorIndexError:
        return True
    return saved.count != len(index) or saved.graph_paper_count != graph_count


def reindex(store: GraphStore, embedder: Embedder, directory: Path | str, *, index_type: str | None = None,
            k: int = DEFAULT_SIMILAR_K, write_edges: bool = True, progress: bool = True) -> VectorIndex:
    """Rebuild the index from the graph (whatever is on disk, even a corrupt file) and save it."""
    index = new_index(embedder, index_type)
    ids = sorted(store.paper_versions())
    _embed_ids(store, index, embedder, ids, progress=progress)
    if write_edges:
        write_similar(store, index, ids, k)
    index.save(directory, graph_paper_count=store.count_papers())
    return index


# ---- reads -------------------------------------------------------------------------------------
def check(store: GraphStore, index: VectorIndex | Path | str, *, model: str | None = None,
          deep: bool = False) -> CheckReport:
    """Compare the index (or the saved one in a directory) with the graph.

    ``model`` defaults to the configured embedding model's name; ``deep`` also compares text
    fingerprints (reads every title and abstract).
    """
    versions = store.paper_versions()
    report = CheckReport(graph_count=len(versions))
    if not isinstance(index, VectorIndex):
        try:
            index = VectorIndex.load(index)
        except VectorIndexError as exc:
            report.error = str(exc)
            report.missing = sorted(versions)
            return report
    report.index_count, report.index_type, report.model = len(index), index.index_type, index.model
    try:
        expected = model or resolve_model(None)[0]
    except EmbedderError as exc:
        expected = None
        report.error = str(exc)
    if expected and expected != index.model:
        report.model_mismatch = f"index built with {index.model}, configured model is {expected}"
    report.missing = sorted(aid for aid in versions if aid not in index.entries)
    report.extra = sorted(aid for aid in index.entries if aid not in versions)
    stale = set()
    for aid, version in versions.items():
        entry = index.entries.get(aid)
        if entry is not None and entry.version is not None and version is not None and entry.version != version:
            stale.add(aid)
    if deep:
        present = sorted(aid for aid in versions if aid in index.entries)
        for chunk in _chunks(present, READ_BATCH):
            for aid, _version, title, abstract in store.paper_texts(chunk):
                if index.entries[aid].fingerprint != text_fingerprint(paper_text(title, abstract)):
                    stale.add(aid)
    report.stale = sorted(stale)
    return report


def _hits(store: GraphStore, pairs: Sequence[tuple[str, float]]) -> list[Hit]:
    rows = {r["arxiv_id"]: r for r in store.papers_by_ids([a for a, _ in pairs])}
    out = []
    for aid, score in pairs:
        row = rows.get(aid)
        if row is None:  # a vector whose paper left the graph: `check` reports it as extra
            continue
        published = row.get("published")
        out.append(Hit(aid, round(float(score), 4), row.get("title") or "",
                       published.isoformat() if hasattr(published, "isoformat") else published,
                       row.get("primary_category")))
    return out


def _graph_filter(store: GraphStore, ids: Sequence[str], since: date | None, until: date | None,
                  category: str | None) -> set[str]:
    """Ids among ``ids`` whose graph node is published in [since, until] and lists ``category``.

    Reads the rows with ``papers_by_ids`` and filters here: ``store.filter_papers`` fails on the
    embedded backend when a parameter is ``None`` (LadybugDB binds a null parameter as BOOL).
    """
    out = set()
    for row in store.papers_by_ids(list(ids)):
        published = _as_date(row.get("published"))
        if since is not None and (published is None or published < since):
            continue
        if until is not None and (published is None or published > until):
            continue
        if category is not None and category not in (row.get("categories") or []):
            continue
        out.add(row["arxiv_id"])
    return out


def _filtered_search(store: GraphStore, index: VectorIndex, vector: np.ndarray, k: int, *,
                     since: date | None, until: date | None, category: str | None,
                     exclude: str | None = None) -> list[tuple[str, float]]:
    """Top-``k`` hits passing the graph's filters: widen the candidate pool until k pass or all were seen."""
    filtering = since is not None or until is not None or category is not None
    pool = k + (1 if exclude else 0)
    if filtering:
        pool = max(10 * k, 100)
    total = len(index)
    while True:
        pool = min(pool, total)
        hits = [(a, s) for a, s in index.search(vector, pool, ef_search=max(pool, index.ef_search))[0]
                if a != exclude]
        ids = [a for a, _ in hits]
        keep = _graph_filter(store, ids, since, until, category) if filtering else set(store.paper_versions(ids))
        passed = [(a, s) for a, s in hits if a in keep]
        if len(passed) >= k or pool >= total:
            return passed[:k]
        pool *= 4


def search(store: GraphStore, index: VectorIndex, embedder: Embedder, text: str, *,
           since: date | datetime | str | None = None, until: date | datetime | str | None = None,
           category: str | None = None, k: int = 10) -> list[Hit]:
    """Semantic search: papers nearest to ``text``, optionally within a date range and category."""
    if not isinstance(text, str) or not text.strip():
        raise EmptyQueryError("empty query: give some words to search for")
    if k <= 0:
        raise ValueError("k must be > 0")
    index.check_model(embedder.model_name, embedder.dimension)
    if len(index) == 0:
        return []
    vector = embedder.encode_query(text)
    pairs = _filtered_search(store, index, vector, k, since=_as_date(since), until=_as_date(until),
                             category=category or None)
    return _hits(store, pairs)


def similar(store: GraphStore, index: VectorIndex, arxiv_id: str, k: int = 10, *,
            since: date | datetime | str | None = None, until: date | datetime | str | None = None,
            category: str | None = None) -> list[Hit]:
    """The ``k`` papers nearest to a paper (itself excluded), from its stored vector."""
    from tracker.records import split_version

    base, _ = split_version(arxiv_id)
    if base not in index:
        raise PaperNotIndexedError(f"{base} has no vector: not in the graph, or run `sotagraph reindex`")
    pairs = _filtered_search(store, index, index.vector(base), k, since=_as_date(since), until=_as_date(until),
                             category=category or None, exclude=base)
    return _hits(store, pairs)


# ---- pipeline and CLI glue ---------------------------------------------------------------------
def pipeline_step(settings: Any, *, progress: bool = True, embedder: Embedder | None = None
                  ) -> Callable[[GraphStore], dict[str, Any]]:
    """The ``post_write`` hook of ``run_ingest``: runs after the graph write, before the watermark."""
    k = int(getattr(settings, "similar_k", DEFAULT_SIMILAR_K))

    def step(store: GraphStore) -> dict[str, Any]:
        nonlocal embedder
        embedder = embedder or Embedder(show_progress=progress)
        return sync_index(store, settings.index_dir, embedder, k=k, progress=progress)

    return step


def _print_hits(hits: list[Hit], as_json: bool) -> None:
    if as_json:
        print(json.dumps([asdict(h) for h in hits]))
        return
    if not hits:
        print("no results")
    for h in hits:
        print(f"{h.score:6.3f}  {h.arxiv_id:<16} {h.published or '':<10}  {h.title}")


def cli(args: argparse.Namespace, settings: Any) -> int:
    """``search``, ``similar``, ``check``, ``reindex``: exit 0 ok, 1 failed/inconsistent, 2 bad input."""
    from graph.store import open_store

    command = args.command
    progress = not getattr(args, "no_progress", False)
    try:
        if command == "check":
            with open_store(settings, read_only=True) as store:
                report = check(store, settings.index_dir)
            print(json.dumps(report.to_json()) if args.json else report.summary())
            return 0 if report.consistent else 1
        if command == "reindex":
            embedder = Embedder(show_progress=progress)
            with open_store(settings) as store:
                t0 = time.perf_counter()
                index = reindex(store, embedder, settings.index_dir, progress=progress)
            print(f"reindexed {len(index)} papers ({index.index_type}, {embedder.model_name}, "
                  f"{embedder.backend}) in {time.perf_counter() - t0:.1f} s")
            return 0
        if command == "search":
            if not args.text.strip():
                raise EmptyQueryError("empty query: give some words to search for")
            embedder = Embedder(show_progress=False)
            index = load_index(settings.index_dir, embedder)
            with open_store(settings, read_only=True) as store:
                hits = search(store, index, embedder, args.text, since=args.since, until=args.until,
                              category=args.category, k=args.k)
            _print_hits(hits, args.json)
            return 0
        if command == "similar":
            index = VectorIndex.load(settings.index_dir)
            with open_store(settings, read_only=True) as store:
                hits = similar(store, index, args.arxiv_id, k=args.k)
            _print_hits(hits, args.json)
            return 0
    except (EmptyQueryError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (VectorIndexError, EmbedderError, PaperNotIndexedError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"error: unknown similarity command {command!r}", file=sys.stderr)
    return 2
