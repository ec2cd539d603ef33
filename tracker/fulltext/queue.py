"""The full-text queue, kept on the store's ``Paper`` nodes (both backends): what to fetch next,
and how each try ended.

A paper enters as ``pending`` with a cheap priority (papers likely to introduce a model or report
benchmark scores first), or as ``skipped`` when none of its categories is watched. Each try is
counted before it starts, so a file that kills the process cannot be retried forever.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.cypher import fulltext as q
from graph.store import GraphStore, utcnow
from tracker.fulltext.fetch import PERMANENT
from tracker.records import PaperRecord

log = logging.getLogger(__name__)

ENQUEUE_PAGE = 2000
SKIP_REASON = "not in a watched category"

_TITLE_REPORT = re.compile(r"\b(?:technical report|model card|system card|tech report)\b", re.IGNORECASE)
_INTRO_CUE = re.compile(
    r"\b(?:we\s+(?:introduce|present|release|open[- ]source|pre-?train|train)|open[- ]weights?|"
    r"(?:foundation|language|multimodal|vision[- ]language|reasoning)\s+models?|LLMs?)\b", re.IGNORECASE)
_BENCH_CUE = re.compile(r"\b(?:benchmarks?|state[- ]of[- ]the[- ]art|SOTA|outperform\w*|surpass\w*|leaderboard)\b"
                        r"|\d+(?:\.\d+)?\s?%", re.IGNORECASE)


def priority(title: str, abstract: str, *, introduces: int = 0, reports: int = 0, evaluates: int = 0) -> float:
    """A cheap score of how much the full text is likely to add: the abstract's own extraction
    (an introduced model, reported scores, evaluated models) plus title and abstract cues."""
    text = f"{title}. {abstract}"
    score = 4.0 * (introduces > 0) + 2.0 * (reports > 0) + 1.0 * (evaluates > 0)
    score += 2.0 * bool(_TITLE_REPORT.search(title)) + 1.0 * bool(_INTRO_CUE.search(text))
    score += 1.0 * bool(_BENCH_CUE.search(text))
    return score


@dataclass(frozen=True)
class Due:
    arxiv_id: str
    version: int
    retry: bool


def enqueue_new(store: GraphStore, categories: Iterable[str]) -> tuple[int, int]:
    """Give every paper the queue has not seen a status; returns (queued, skipped)."""
    watched = set(categories)
    queued = skipped = 0
    while True:
        rows = store._read(q.unqueued(), {"n": ENQUEUE_PAGE})
        if not rows:
            return queued, skipped
        ids = [r["arxiv_id"] for r in rows]
        signals: dict[str, dict[str, int]] = {pid: {} for pid in ids}
        for rel in ("INTRODUCES", "REPORTS", "EVALUATES"):
            for s in store._read(q.extraction_signals(rel), {"ids": ids}):
                signals[s["arxiv_id"]][rel] = int(s["n"])
        todo, skip = [], []
        for r in rows:
            if watched and not watched.intersection(r["categories"] or []):
                skip.append(r["arxiv_id"])
                continue
            sig = signals[r["arxiv_id"]]
            todo.append({"arxiv_id": r["arxiv_id"], "status": "pending",
                         "priority": priority(r["title"] or "", r["abstract"] or "", introduces=sig.get("INTRODUCES", 0),
                                              reports=sig.get("REPORTS", 0), evaluates=sig.get("EVALUATES", 0))})
        if todo:
            store.run_write(q.enqueue(), {"rows": todo})
        if skip:
            store.run_write(q.mark_skipped(), {"ids": skip, "reason": SKIP_REASON})
        queued, skipped = queued + len(todo), skipped + len(skip)


def count_due(store: GraphStore, max_tries: int) -> int:
    return int(store._read(q.count_due(PERMANENT), {"max_tries": max_tries})[0]["n"])


def next_due(store: GraphStore, n: int, max_tries: int, tried: Sequence[str] = ()) -> list[Due]:
    """Up to ``n`` papers to try next, leaving out ``tried`` (this run's earlier tries)."""
    params: dict[str, Any] = {"n": n, "max_tries": max_tries}
    if tried:
        params["skip"] = list(tried)
    rows = store._read(q.next_batch(PERMANENT, skip=bool(tried)), params)
    rows.sort(key=lambda r: (r["retry"], -float(r["priority"]), -(r["published"] or date.min).toordinal(),
                             r["arxiv_id"]))
    return [Due(r["arxiv_id"], int(r["version"]), bool(r["retry"])) for r in rows]


def records(store: GraphStore, ids: Sequence[str]) -> dict[str, PaperRecord]:
    """The stored papers ``ids`` as records (what extraction reads), authors in order."""
    if not ids:
        return {}
    authors: dict[str, list[tuple[int, str]]] = {}
    for r in store._read(q.paper_authors_many(), {"ids": list(ids)}):
        authors.setdefault(r["arxiv_id"], []).append((int(r["position"]), r["name"]))
    out = {}
    for row in store.papers_by_ids(ids):
        names = [name for _, name in sorted(authors.get(row["arxiv_id"], []))]
        try:
            out[row["arxiv_id"]] = PaperRecord(
                arxiv_id=row["arxiv_id"], version=row["version"], title=row["title"] or row["arxiv_id"],
                abstract=row["abstract"] or "", authors=names, categories=list(row["categories"] or []),
                published=row["published"], updated=row["updated"], comment=row["comment"],
                journal_ref=row["journal_ref"], doi=row["doi"], pdf_url=row["pdf_url"])
        except ValueError as exc:  # stored before today's validation: fail this paper, not the run
            reason = (str(exc).strip().splitlines() or ["invalid"])[0][:200]
            log.warning("full text of %s skipped: its stored record is invalid (%s)", row["arxiv_id"], reason)
            mark_failed(store, row["arxiv_id"], int(row["version"]), f"invalid-record: {reason}")
    return out


def refund_attempt(store: GraphStore, arxiv_id: str, version: int) -> None:
    """Give a try back (the server or network was down: the paper itself is not at fault)."""
    store.run_write(q.refund_attempt(), {"id": arxiv_id, "version": version})


def mark_attempt(store: GraphStore, arxiv_id: str, version: int) -> None:
    store.run_write(q.mark_attempt(), {"id": arxiv_id, "version": version, "at": utcnow()})


def mark_fetched(store: GraphStore, arxiv_id: str, version: int, source: str) -> None:
    store.run_write(q.mark_result(), {"id": arxiv_id, "version": version, "status": "fetched", "source": source,
                                      "error": None, "at": utcnow()})


def mark_failed(store: GraphStore, arxiv_id: str, version: int, error: str) -> None:
    store.run_write(q.mark_result(), {"id": arxiv_id, "version": version, "status": "failed", "source": None,
                                      "error": error, "at": utcnow()})


def retry_failed(store: GraphStore) -> int:
    """Every failed paper back to pending with its tries reset; returns how many."""
    rows = store.run_write(q.retry_failed())
    return int(rows[0]["n"]) if rows else 0


def status(store: GraphStore, max_tries: int, reasons: int = 10) -> dict[str, Any]:
    """Counts by status and source, the commonest failure reasons, and how many are due."""
    return {"counts": store.fulltext_counts(),
            "sources": {r["source"]: int(r["papers"]) for r in store._read(q.source_counts())},
            "failures": [{"reason": r["reason"], "papers": int(r["papers"])}
                         for r in store._read(q.failure_reasons(), {"n": reasons})],
            "due": count_due(store, max_tries)}
