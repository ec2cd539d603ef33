"""The full-text queue's Cypher: it lives on ``Paper`` nodes, so both backends keep it with the data.

A paper's ``fulltext_status`` is null until the queue first sees it (read as ``pending``), then
``pending``, ``fetched``, ``failed`` (``fulltext_error`` says why, ``fulltext_tries`` how often) or
``skipped`` (not in a watched category). A new version of a paper writes nulls into these
properties, which puts it back in the queue.

Written in the subset both dialects accept: no date functions (Python rolls days up to months),
one ``MATCH`` per key lookup (LadybugDB's primary-key path), no null parameters inside ``WHERE``.
"""

from __future__ import annotations

STATUSES = ("pending", "fetched", "failed", "skipped")


def unqueued() -> str:
    """Papers the queue has not seen yet (status null), with what the priority score reads."""
    return ("MATCH (p:Paper) WHERE p.fulltext_status IS NULL "
            "RETURN p.arxiv_id AS arxiv_id, p.title AS title, p.abstract AS abstract, p.categories AS categories "
            "ORDER BY arxiv_id LIMIT $n")


def extraction_signals(rel_type: str) -> str:
    """Per paper of ``$ids``, how many edges of ``rel_type`` (INTRODUCES, EVALUATES, REPORTS) the
    abstract's extraction gave it: a paper that introduces a model or reports scores goes first."""
    return (f"UNWIND $ids AS id MATCH (p:Paper {{arxiv_id: id}}) MATCH (p)-[:{rel_type}]->(x) "
            "RETURN p.arxiv_id AS arxiv_id, count(x) AS n")


def enqueue() -> str:
    """Give unqueued papers ``$rows`` (arxiv_id, status, priority) their first status; a paper that
    got a status meanwhile is left alone."""
    return ("UNWIND $rows AS r MATCH (p:Paper {arxiv_id: r.arxiv_id}) WHERE p.fulltext_status IS NULL "
            "SET p.fulltext_status = r.status, p.fulltext_priority = r.priority, p.fulltext_tries = 0")


def mark_skipped() -> str:
    return ("UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) WHERE p.fulltext_status IS NULL "
            "SET p.fulltext_status = 'skipped', p.fulltext_error = $reason, p.fulltext_tries = 0")


def next_batch(permanent: tuple[str, ...], *, skip: bool) -> str:
    """The next ``$n`` papers to fetch: pending ones, then failed ones with tries left whose error is
    not one of the ``permanent`` kinds; highest priority first, then the newest. ``$skip`` (when
    ``skip``) holds the ids this run already tried."""
    final = "".join(f" AND NOT p.fulltext_error STARTS WITH '{kind}'" for kind in permanent)
    skip_cond = " AND NOT p.arxiv_id IN $skip" if skip else ""
    return ("MATCH (p:Paper) WHERE (p.fulltext_status = 'pending' OR (p.fulltext_status = 'failed' "
            f"AND p.fulltext_tries < $max_tries{final})){skip_cond} "
            "WITH p, CASE WHEN p.fulltext_status = 'pending' THEN 0 ELSE 1 END AS retry, "
            "coalesce(p.fulltext_priority, 0.0) AS priority "
            "ORDER BY retry, priority DESC, p.published DESC, p.arxiv_id LIMIT $n "
            "RETURN p.arxiv_id AS arxiv_id, p.version AS version, retry, priority, p.published AS published")


def count_due(permanent: tuple[str, ...]) -> str:
    """How many papers :func:`next_batch` would hand out in total (the progress bar's length)."""
    final = "".join(f" AND NOT p.fulltext_error STARTS WITH '{kind}'" for kind in permanent)
    return ("MATCH (p:Paper) WHERE p.fulltext_status = 'pending' OR (p.fulltext_status = 'failed' "
            f"AND p.fulltext_tries < $max_tries{final}) RETURN count(p) AS n")


def paper_authors_many() -> str:
    """Author names of the papers ``$ids`` in order (to rebuild their records for extraction)."""
    return ("UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) MATCH (a:Author)-[r:AUTHORED]->(p) "
            "RETURN p.arxiv_id AS arxiv_id, a.name AS name, r.position AS position")


def mark_attempt() -> str:
    """Count a try before it starts: a file that crashes the process still uses up its tries."""
    return ("MATCH (p:Paper {arxiv_id: $id}) WHERE p.version = $version "
            "SET p.fulltext_tries = coalesce(p.fulltext_tries, 0) + 1, p.fulltext_at = $at")


def refund_attempt() -> str:
    """Take back a counted try that ended because the server or the network was down."""
    return ("MATCH (p:Paper {arxiv_id: $id}) WHERE p.version = $version AND p.fulltext_tries > 0 "
            "SET p.fulltext_tries = p.fulltext_tries - 1")


def mark_result() -> str:
    """Record how a try ended: ``fetched`` with its source, or ``failed`` with the reason."""
    return ("MATCH (p:Paper {arxiv_id: $id}) WHERE p.version = $version "
            "SET p.fulltext_status = $status, p.fulltext_source = $source, p.fulltext_error = $error, "
            "p.fulltext_at = $at")


def retry_failed() -> str:
    """Put every failed paper back in the queue with its tries reset."""
    return ("MATCH (p:Paper) WHERE p.fulltext_status = 'failed' "
            "SET p.fulltext_status = 'pending', p.fulltext_tries = 0 RETURN count(p) AS n")


def status_counts() -> str:
    """Papers per full-text status (null counts as pending: the next run queues it)."""
    return ("MATCH (p:Paper) WITH coalesce(p.fulltext_status, 'pending') AS status "
            "RETURN status, count(*) AS papers ORDER BY status")


def source_counts() -> str:
    return ("MATCH (p:Paper) WHERE p.fulltext_status = 'fetched' "
            "RETURN p.fulltext_source AS source, count(*) AS papers ORDER BY source")


def failure_reasons() -> str:
    """Failed papers per reason, the most common first."""
    return ("MATCH (p:Paper) WHERE p.fulltext_status = 'failed' "
            "RETURN p.fulltext_error AS reason, count(*) AS papers ORDER BY papers DESC, reason LIMIT $n")


def status_by_day() -> str:
    """Papers per (published day, full-text status): the dashboard's coverage over time
    (the store rolls days up to months)."""
    return ("MATCH (p:Paper) WITH p.published AS day, coalesce(p.fulltext_status, 'pending') AS status "
            "RETURN day, status, count(*) AS papers")
