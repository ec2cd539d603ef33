"""Extract the stored papers again with today's rules (``sotagraph reextract``).

Extraction rules improve; the facts already in the graph were written by older ones. This reads each
stored paper back (title, abstract, authors, comment), reads its full text again from the local file
cache when the full-text pass had fetched it, extracts it, and writes it through the same write plan
as an ingest: the paper's results and the edges it owns are replaced, nothing is duplicated.

Two things the ordinary write would leave as they were are set here:

- a new model's access and size come only from the paper that introduces it, so when that paper no
  longer states them (an old rule read "outperforms open-source models" as a release), they are
  cleared; a curated fact is never touched;
- a model node that only these papers pointed to, and that no rule gives them now, is deleted
  (curated nodes are kept).

A paper whose full text was fetched but whose file is no longer in the cache is left as it is: an
abstract-only extraction would drop what its full text gave. The run stops at the first store error;
a rerun does the whole job again (each batch is one transaction, and extraction is a pure function).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from tqdm import tqdm

from graph.cypher import reextract as q
from graph.store import GraphStore
from tracker.extract.identity import access_fact
from tracker.extract.paper import extract_paper
from tracker.fulltext import queue
from tracker.fulltext.fetch import FileCache, PdfSource
from tracker.knowledge_lookup import resolve_orgs

log = logging.getLogger(__name__)

BATCH = 500
PAPER_FACTS = ("accessibility", "is_open", "params_b")
"""A new model's facts that only the paper introducing it states."""


@dataclass
class ReextractReport:
    papers: int = 0
    """Papers extracted again."""
    from_full_text: int = 0
    """Of those, read again from their cached full text."""
    kept: int = 0
    """Papers left as they were: full text fetched, file no longer cached."""
    models_cleared: int = 0
    """New models that had an access label their paper no longer states (unknown again)."""
    models_deleted: int = 0
    """Model nodes nothing points to any more."""

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def reextract(store: GraphStore, settings: Any, *, ids: Sequence[str] | None = None, progress: bool = True,
              batch: int = BATCH) -> ReextractReport:
    """Extract ``ids`` (default: every stored paper) again and write the result."""
    source, cache = PdfSource(settings.pdf_base_url), FileCache(settings.pdf_dir)
    todo = sorted(ids) if ids is not None else sorted(store.paper_versions())
    report = ReextractReport()
    bar = tqdm(total=len(todo), desc="re-extract", unit="paper", disable=not progress, leave=False)
    try:
        for start in range(0, len(todo), batch):
            chunk = todo[start:start + batch]
            fetched = {r["arxiv_id"] for r in store._read(q.fulltext_status(), {"ids": chunk}) if r["status"] == "fetched"}
            records = queue.records(store, chunk)
            before = _model_keys(store, chunk)
            recs, extractions = [], []
            for aid in chunk:
                record = records.get(aid)
                if record is None:
                    continue
                doc = None
                if aid in fetched:
                    data = cache.get(aid, record.version, source.suffix)
                    if data is None:
                        report.kept += 1
                        log.info("%s keeps its facts: its full text was read but is no longer cached", aid)
                        continue
                    doc = source.parse(data)
                    report.from_full_text += 1
                try:
                    extractions.append(extract_paper(record, doc))
                except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the run
                    log.warning("extraction failed for %s: %s", aid, exc)
                    continue
                recs.append(record)
            if recs:
                store.write_batch(recs, extractions, orgs=resolve_orgs(extractions))
                report.papers += len(recs)
                report.models_cleared += _own_model_facts(store, extractions)
                report.models_deleted += _drop_orphans(store, before)
            bar.update(len(chunk))
    finally:
        bar.close()
    log.info("re-extracted %d papers (%d from full text), kept %d, cleared %d model facts, deleted %d models",
             report.papers, report.from_full_text, report.kept, report.models_cleared, report.models_deleted)
    return report


def _model_keys(store: GraphStore, ids: Sequence[str]) -> set[str]:
    keys = {r["key"] for rel in q.PAPER_MODEL_RELS for r in store._read(q.models_of_papers(rel), {"ids": list(ids)})}
    return keys | {r["key"] for r in store._read(q.models_of_results(), {"ids": list(ids)})}


def _own_model_facts(store: GraphStore, extractions: Sequence[Any]) -> int:
    """Set the access and size of the new models as their introducing papers now state them, nulls included
    (the ordinary write never lets a null overwrite); returns how many access labels were cleared."""
    facts: dict[str, dict[str, Any]] = {}
    for ext in extractions:
        for m in ext.models:
            if m.role != "introduced" or m.rule != "text-cue" or access_fact(m.key) is not None:
                continue  # a listed or curated model's facts do not come from this paper's words
            row = facts.setdefault(m.key, {"key": m.key, "accessibility": None, "is_open": None, "params_b": None})
            if m.accessibility != "unknown" and row["accessibility"] is None:
                row["accessibility"], row["is_open"] = m.accessibility, m.is_open
            row["params_b"] = row["params_b"] or m.params_b
    if not facts:
        return 0
    now = {r["key"]: r["accessibility"] for r in store._read(q.uncurated_labels(), {"keys": sorted(facts)})}
    store.set_properties("Model", [facts[k] for k in sorted(now)], PAPER_FACTS)
    return sum(1 for k, label in now.items() if label is not None and facts[k]["accessibility"] is None)


def _drop_orphans(store: GraphStore, keys: set[str]) -> int:
    """Delete the uncurated models of ``keys`` that no paper, result or model points to any more."""
    if not keys:
        return 0
    pointed: set[str] = set()
    for rel in (*q.PAPER_MODEL_RELS, "OF_MODEL", "BASED_ON"):
        pointed |= {r["key"] for r in store._read(q.edge_counts(rel), {"keys": sorted(keys)}) if r["n"]}
    orphans = sorted(r["key"] for r in store._read(q.uncurated_labels(), {"keys": sorted(keys - pointed)}))
    if orphans:
        store.run_write(q.delete_models(), {"keys": orphans})
    return len(orphans)
