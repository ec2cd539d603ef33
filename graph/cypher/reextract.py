"""Cypher of ``sotagraph reextract``: what the stored papers point to before they are extracted again,
the labels of the models they introduce, and the model nodes nothing points to any more.

Written in the subset both dialects accept (one ``MATCH`` per key lookup, no null parameter inside
``WHERE``, no pattern predicates). The model facts themselves are written by the write plan's primitives.
"""

from __future__ import annotations

# the relationships through which a paper's extraction points at a model
PAPER_MODEL_RELS = ("INTRODUCES", "EVALUATES")


def fulltext_status() -> str:
    """Per paper of ``$ids``: how its full text stands (``fetched`` means a file was read)."""
    return "UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) RETURN p.arxiv_id AS arxiv_id, p.fulltext_status AS status"


def models_of_papers(rel_type: str) -> str:
    """The keys of the models the papers ``$ids`` point to through ``rel_type``."""
    return (f"UNWIND $ids AS id MATCH (p:Paper {{arxiv_id: id}}) MATCH (p)-[:{rel_type}]->(m:Model) "
            "RETURN DISTINCT m.key AS key")


def models_of_results() -> str:
    """The keys of the models the papers' ``Result`` nodes are of."""
    return ("UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) MATCH (p)-[:REPORTS]->(r:Result) "
            "MATCH (r)-[:OF_MODEL]->(m:Model) RETURN DISTINCT m.key AS key")


def uncurated_labels() -> str:
    """The models of ``$keys`` no curated source labelled, with their access label now."""
    return ("UNWIND $keys AS k MATCH (m:Model {key: k}) WHERE m.accessibility_source IS NULL "
            "RETURN m.key AS key, m.accessibility AS accessibility")


def edge_counts(rel_type: str) -> str:
    """Per model of ``$keys``: how many ``rel_type`` edges point at it."""
    return (f"UNWIND $keys AS k MATCH (m:Model {{key: k}}) MATCH (x)-[:{rel_type}]->(m) "
            "RETURN m.key AS key, count(x) AS n")


def delete_models() -> str:
    """Delete the uncurated model nodes ``$keys`` (and their own edges)."""
    return ("UNWIND $keys AS k MATCH (m:Model {key: k}) WHERE m.accessibility_source IS NULL "
            "DETACH DELETE m")
