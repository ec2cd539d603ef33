"""Neo4j-only builders: where Neo4j's Cypher differs from LadybugDB's, or where the Neo4j store needs
a statement the embedded one does not. The rest of the Neo4j path shares :mod:`graph.cypher.writes`
(``neo4j_merge_nodes``, ``merge_run``, the delete builders), :mod:`graph.cypher.reads` and
:mod:`graph.cypher.ddl` (``neo4j_ddl``).

Differences handled here, in one place:
- edges are ``MERGE``d with their identity properties in the pattern and only the others ``SET``
  (:func:`neo4j_merge_rels`; LadybugDB: ``COPY`` of new edges after deleting a paper's old ones);
- "create only if missing" is ``MERGE ... ON CREATE SET`` (LadybugDB: pk lookup, then ``COPY`` the new rows);
- waiting for indexes to come online is a procedure (LadybugDB builds its indexes synchronously);
- clearing a database in bounded transactions uses ``CALL { } IN TRANSACTIONS`` (auto-commit only);
- ``migrate`` reads the embedded store with keyset pages (:func:`page_nodes`, :func:`rels_from`; both
  dialects accept them).
"""

from __future__ import annotations

from graph.schema import NODE_BY_LABEL, REL_BY_TYPE


def neo4j_merge_missing_nodes(label: str, props: tuple[str, ...]) -> str:
    """Create nodes whose key is new; leave existing ones untouched (authors, categories)."""
    key = NODE_BY_LABEL[label].key
    sets = ", ".join(f"n.`{p}` = r.`{p}`" for p in props if p != key)
    tail = f" ON CREATE SET {sets}" if sets else ""
    return f"UNWIND $rows AS r MERGE (n:{label} {{{key}: r.{key}}}){tail}"


def neo4j_await_indexes() -> str:
    """Block until every index is online (constraints and indexes are built asynchronously)."""
    return "CALL db.awaitIndexes($timeout_s)"


def neo4j_delete_all_batched() -> str:
    """Delete every node and edge in transactions of ``$batch`` nodes (auto-commit session only)."""
    return "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS"


def page_nodes(label: str) -> str:
    """The next page of a node table after key ``$after``, in key order, every schema property
    (``migrate``; both dialects; keyset paging, so each page is one bounded read)."""
    node = NODE_BY_LABEL[label]
    cols = ", ".join(f"n.`{name}` AS `{name}`" for name, _ in node.properties)
    return (f"MATCH (n:{label}) WHERE n.`{node.key}` > $after RETURN {cols} "
            f"ORDER BY n.`{node.key}` LIMIT $limit")


def rels_from(rel_type: str) -> str:
    """The edges of one type that start at the source nodes ``$keys``, as ``from``/``to`` keys plus
    properties (``migrate``; both dialects; two ``MATCH`` clauses keep LadybugDB's pk lookup)."""
    rel = REL_BY_TYPE[rel_type]
    sk, dk = NODE_BY_LABEL[rel.src].key, NODE_BY_LABEL[rel.dst].key
    props = "".join(f", e.`{name}` AS `{name}`" for name, _ in rel.properties)
    return (f"UNWIND $keys AS k MATCH (a:{rel.src} {{{sk}: k}}) MATCH (a)-[e:{rel_type}]->(b:{rel.dst}) "
            f"RETURN a.`{sk}` AS `from`, b.`{dk}` AS `to`{props}")


# Edge properties that identify an edge (two AUTHORED edges differ by position, WORKS_AT by paper);
# every other edge type has at most one edge per (src, dst) pair.
EDGE_IDENTITY: dict[str, tuple[str, ...]] = {"AUTHORED": ("position",), "WORKS_AT": ("arxiv_id",)}


def neo4j_merge_rels(rel_type: str, *, on_create_only: bool = False) -> str:
    """``UNWIND $rows MERGE`` of edges between nodes found by key; identity properties go in the pattern
    and are not ``SET`` again (a ``SET`` of a property the ``MERGE`` reads forces an Eager, ~2x slower).
    ``on_create_only``: a global fact (``DEVELOPED_BY``...) keeps the properties of whoever stated it first."""
    rel = REL_BY_TYPE[rel_type]
    sk, dk = NODE_BY_LABEL[rel.src].key, NODE_BY_LABEL[rel.dst].key
    ident = EDGE_IDENTITY.get(rel_type, ())
    pattern = ", ".join(f"`{name}`: r.`{name}`" for name in ident)
    sets = ", ".join(f"e.`{name}` = r.`{name}`" for name, _ in rel.properties if name not in ident)
    return (f"UNWIND $rows AS r MATCH (a:{rel.src} {{{sk}: r.`from`}}) MATCH (b:{rel.dst} {{{dk}: r.`to`}}) "
            f"MERGE (a)-[e:{rel_type}{' {' + pattern + '}' if pattern else ''}]->(b)"
            f"{(' ON CREATE SET ' if on_create_only else ' SET ') + sets if sets else ''}")
