"""Write builders.

LadybugDB (embedded) path: look keys up by primary key, bulk ``COPY`` only the new rows,
``SET`` the changed ones, delete-and-recopy a paper's owned edges. ``MERGE`` over ``UNWIND`` is
planned as a table scan there, so it is avoided; two separate ``MATCH`` clauses keep pk lookups.
The Neo4j builders (``neo4j_*``) use ``UNWIND $rows ... MERGE`` (idempotent, retry-safe).
"""

from __future__ import annotations

from graph.schema import NODE_BY_LABEL, REL_BY_TYPE

# Edges a paper owns: replaced whenever the paper is re-extracted or gets a new version.
PAPER_OWNED = ("AUTHORED", "IN_CATEGORY", "INTRODUCES", "EVALUATES", "AFFILIATED_WITH", "MENTIONS_AFFILIATION")


def _quoted(path: str) -> str:
    return "'" + path.replace("\\", "\\\\").replace("'", "\\'") + "'"


def copy_from_file(table: str, path: str) -> str:
    """Bulk load of new rows from a staged Parquet file (LadybugDB).

    A file, not an Arrow table bound as a parameter: LadybugDB 0.22 keeps memory for every
    Arrow-bound scan until the database closes (~60 MB per 1,000 papers), a file scan does not.
    """
    return f"COPY {table} FROM {_quoted(path)}"


def load_update_nodes(label: str, props: tuple[str, ...], path: str, *, keep_existing_when_null: bool = False
                      ) -> str:
    """LadybugDB: ``SET`` from a staged Parquet file (typed columns, so nulls keep their type)."""
    key = NODE_BY_LABEL[label].key
    if keep_existing_when_null:
        sets = ", ".join(f"n.`{p}` = coalesce(`{p}`, n.`{p}`)" for p in props)
    else:
        sets = ", ".join(f"n.`{p}` = `{p}`" for p in props)
    return f"LOAD FROM {_quoted(path)} MATCH (n:{label} {{`{key}`: `{key}`}}) SET {sets}"


def delete_owned_edges(rel_type: str) -> str:
    """Delete the edges of type ``rel_type`` that start or end at the papers ``$ids``."""
    rel = REL_BY_TYPE[rel_type]
    if rel.dst == "Paper":
        return f"UNWIND $ids AS id MATCH (p:Paper {{arxiv_id: id}}) MATCH (x:{rel.src})-[r:{rel_type}]->(p) DELETE r"
    return f"UNWIND $ids AS id MATCH (p:Paper {{arxiv_id: id}}) MATCH (p)-[r:{rel_type}]->(x:{rel.dst}) DELETE r"


def delete_author_affiliations() -> str:
    return ("UNWIND $ids AS id MATCH (a:Author)-[r:WORKS_AT]->(o:Organization) WHERE r.arxiv_id = id DELETE r")


def delete_paper_results() -> str:
    return "UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) MATCH (p)-[:REPORTS]->(r:Result) DETACH DELETE r"


def delete_similar() -> str:
    return "UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) MATCH (p)-[r:SIMILAR_TO]->(q:Paper) DELETE r"


def existing_pairs(rel_type: str) -> str:
    """Which (from, to) pairs of an edge type exist already, with the properties that tell two edges
    between the same pair apart (``AUTHORED.position``, ``WORKS_AT.arxiv_id``) as ``ident``."""
    from graph.cypher.neo4j_dialect import EDGE_IDENTITY

    rel = REL_BY_TYPE[rel_type]
    sk, dk = NODE_BY_LABEL[rel.src].key, NODE_BY_LABEL[rel.dst].key
    ident = ", ".join(f"e.`{p}`" for p in EDGE_IDENTITY.get(rel_type, ()))
    return (f"UNWIND $rows AS r MATCH (a:{rel.src} {{{sk}: r.from}}) MATCH (a)-[e:{rel_type}]->(b:{rel.dst}) "
            f"WHERE b.{dk} = r.to RETURN DISTINCT a.{sk} AS src, b.{dk} AS dst, [{ident}] AS ident")


def merge_run() -> str:
    """One ``IngestRun`` by id (tiny table, so ``MERGE`` is fine on both backends)."""
    return ("MERGE (r:IngestRun {run_id: $run_id}) SET r.source = $source, r.started = $started, "
            "r.finished = $finished, r.window_from = $window_from, r.window_to = $window_to, "
            "r.counts = $counts, r.status = $status, r.message = $message")


# -- Neo4j dialect: idempotent UNWIND ... MERGE ------------------------------------------------
def neo4j_merge_nodes(label: str, props: tuple[str, ...], *, keep_existing_when_null: bool = False) -> str:
    key = NODE_BY_LABEL[label].key
    if keep_existing_when_null:
        sets = ", ".join(f"n.{p} = coalesce(r.{p}, n.{p})" for p in props if p != key)
    else:
        sets = ", ".join(f"n.{p} = r.{p}" for p in props if p != key)
    tail = f" SET {sets}" if sets else ""
    return f"UNWIND $rows AS r MERGE (n:{label} {{{key}: r.{key}}}){tail}"


def neo4j_merge_edges(rel_type: str) -> str:
    rel = REL_BY_TYPE[rel_type]
    sk, dk = NODE_BY_LABEL[rel.src].key, NODE_BY_LABEL[rel.dst].key
    sets = ", ".join(f"e.`{name}` = r.`{name}`" for name, _ in rel.properties)
    tail = f" SET {sets}" if sets else ""
    ident = ""
    if rel_type == "AUTHORED":
        ident = " {position: r.position}"
    elif rel_type == "WORKS_AT":
        ident = " {arxiv_id: r.arxiv_id}"
    return (f"UNWIND $rows AS r MATCH (a:{rel.src} {{{sk}: r.from}}) MATCH (b:{rel.dst} {{{dk}: r.to}}) "
            f"MERGE (a)-[e:{rel_type}{ident}]->(b){tail}")
