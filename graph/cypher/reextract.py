"""Cypher of ``sotagraph reextract``: what the stored papers point to before they are extracted again,
the facts of the models they introduce, and the model nodes nothing points to any more.

Written in the subset both dialects accept (one ``MATCH`` per key lookup, no null parameter inside
``WHERE``, no pattern predicates).
"""

from __future__ import annotations

# the relationships through which a paper's extraction points at a model
PAPER_MODEL_RELS = ("INTRODUCES", "EVALUATES")


def fulltext_state() -> str:
    """Per paper of ``$ids``: its version and how its full text stands (status, source)."""
    return ("UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) "
            "RETURN p.arxiv_id AS arxiv_id, p.version AS version, p.fulltext_status AS status, "
            "p.fulltext_source AS source")


def models_of_papers(rel_type: str) -> str:
    """The keys of the models the papers ``$ids`` point to through ``rel_type``."""
    return (f"UNWIND $ids AS id MATCH (p:Paper {{arxiv_id: id}}) MATCH (p)-[:{rel_type}]->(m:Model) "
            "RETURN DISTINCT m.key AS key")


def models_of_results() -> str:
    """The keys of the models the papers' ``Result`` nodes are of."""
    return ("UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) MATCH (p)-[:REPORTS]->(r:Result) "
            "MATCH (r)-[:OF_MODEL]->(m:Model) RETURN DISTINCT m.key AS key")


def set_paper_facts() -> str:
    """Set the facts the introducing paper's own words give a new model (``$rows``: key, accessibility,
    is_open, params_b, all non-null); never on a model a curated source labelled."""
    return ("UNWIND $rows AS r MATCH (m:Model {key: r.key}) WHERE m.accessibility_source IS NULL "
            "SET m.accessibility = r.accessibility, m.is_open = r.is_open")


def clear_paper_access() -> str:
    """The introducing paper no longer states the access of the models ``$keys``: unknown again."""
    return ("UNWIND $keys AS k MATCH (m:Model {key: k}) WHERE m.accessibility_source IS NULL "
            "SET m.accessibility = NULL, m.is_open = NULL")


def with_access() -> str:
    """The keys among ``$keys`` of uncurated models that hold an access label now."""
    return ("UNWIND $keys AS k MATCH (m:Model {key: k}) WHERE m.accessibility_source IS NULL "
            "AND m.accessibility IS NOT NULL RETURN m.key AS key")


def set_paper_params() -> str:
    """``$rows`` (key, params_b): the introducing paper's stated size of a new model."""
    return ("UNWIND $rows AS r MATCH (m:Model {key: r.key}) WHERE m.accessibility_source IS NULL "
            "SET m.params_b = r.params_b")


def clear_paper_params() -> str:
    return ("UNWIND $keys AS k MATCH (m:Model {key: k}) WHERE m.accessibility_source IS NULL "
            "SET m.params_b = NULL")


def edge_counts(rel_type: str) -> str:
    """Per model of ``$keys``: how many ``rel_type`` edges point at it."""
    return (f"UNWIND $keys AS k MATCH (m:Model {{key: k}}) MATCH (x)-[:{rel_type}]->(m) "
            "RETURN m.key AS key, count(x) AS n")


def uncurated(keys_param: str = "keys") -> str:
    """The keys among ``$keys`` of model nodes no curated source labelled."""
    return (f"UNWIND ${keys_param} AS k MATCH (m:Model {{key: k}}) WHERE m.accessibility_source IS NULL "
            "RETURN m.key AS key")


def delete_models() -> str:
    """Delete the uncurated model nodes ``$keys`` (and their own edges)."""
    return ("UNWIND $keys AS k MATCH (m:Model {key: k}) WHERE m.accessibility_source IS NULL "
            "DETACH DELETE m")
