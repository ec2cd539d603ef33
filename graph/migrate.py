"""``sotagraph migrate --to neo4j|embedded``: copy one backend's store into the other, so a user who
started embedded moves up without fetching arXiv again (and back down, for a laptop copy).

Every node table is read in keyset pages and merged by key, then every edge table by pages of source
nodes; runs (``IngestRun``) are copied too, so the watermark moves with the data. The copy is a merge:
rerunning it (after an interruption, say) finishes the job without duplicates. At the end the counts
of both stores are compared; a table with fewer rows in the target than in the source is an error.
Both directions go through the same write-plan primitives (:meth:`GraphStore.write_table`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from tqdm import tqdm

from graph.cypher.neo4j_dialect import page_nodes, rels_from
from graph.schema import NODE_BY_LABEL, NODES, RELS
from graph.store import GraphStore, StoreError

log = logging.getLogger(__name__)


def _node_pages(source: GraphStore, label: str, size: int) -> Iterator[list[dict[str, Any]]]:
    key = NODE_BY_LABEL[label].key
    after = ""
    while True:
        rows = source._read(page_nodes(label), {"after": after, "limit": size})
        if not rows:
            return
        yield rows
        after = rows[-1][key]


def _source_keys(source: GraphStore, label: str, size: int) -> Iterator[list[str]]:
    key = NODE_BY_LABEL[label].key
    for rows in _node_pages(source, label, size):
        yield [r[key] for r in rows]


def copy_store(source: GraphStore, target: GraphStore, *, batch_size: int = 5000, progress: bool = True
               ) -> dict[str, Any]:
    """Merge every node and edge of ``source`` into ``target`` (any two backends)."""
    t0 = time.perf_counter()
    want = source.counts()
    copied: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
    total = sum(want["nodes"].values()) + sum(want["relationships"].values())
    with tqdm(total=total, desc="migrate", unit="row", disable=not progress, leave=False) as bar:
        for node in NODES:
            n = 0
            for rows in _node_pages(source, node.label, batch_size):
                target.write_table(node.label, rows)
                n += len(rows)
                bar.update(len(rows))
            copied["nodes"][node.label] = n
        for rel in RELS:
            n = 0
            for keys in _source_keys(source, rel.src, batch_size):
                rows = source._read(rels_from(rel.type), {"keys": keys})
                for i in range(0, len(rows), batch_size):
                    target.write_table(rel.type, rows[i:i + batch_size])
                n += len(rows)
                bar.update(len(rows))
            copied["relationships"][rel.type] = n
    got = target.counts()
    short = {f"{kind}:{name}": (want[kind][name], got[kind].get(name, 0))
             for kind in ("nodes", "relationships") for name in want[kind] if got[kind].get(name, 0) < want[kind][name]}
    if short:
        detail = ", ".join(f"{name} {have:,} of {need:,}" for name, (need, have) in sorted(short.items()))
        raise StoreError(f"migration incomplete: the {target.backend} store has fewer rows than the {source.backend} one "
                         f"({detail})")
    seconds = round(time.perf_counter() - t0, 1)
    log.info("migrated %s nodes and %s edges in %s s", sum(copied["nodes"].values()),
             sum(copied["relationships"].values()), seconds)
    return {"copied": copied, "target": got, "seconds": seconds}


def migrate(source_settings: Any, target_settings: Any, *, batch_size: int = 5000, progress: bool = True
            ) -> dict[str, Any]:
    """Copy the store of ``source_settings`` into the store of ``target_settings`` (their ``graph``
    fields name the backends; the source is opened read-only)."""
    from graph.backends import open_store

    if source_settings.graph == target_settings.graph:
        raise StoreError(f"source and target are both {source_settings.graph}: nothing to migrate")
    if source_settings.graph == "embedded" and not source_settings.store_path.exists():
        raise StoreError(f"no embedded store at {source_settings.store_path}: nothing to migrate")
    with open_store(source_settings, read_only=True) as source, open_store(target_settings) as target:
        return copy_store(source, target, batch_size=batch_size, progress=progress)
