"""Named reads used by the pipeline, the CLI and the vector index, on both backends.

Both dialects accept these as written (checked by the contract suite); dashboard queries
live in :mod:`graph.cypher.dashboard`.
"""

from __future__ import annotations

from graph.schema import NODE_BY_LABEL, REL_BY_TYPE, RUN_PROPERTIES

PAPER_COLUMNS = ("arxiv_id", "version", "title", "abstract", "published", "updated", "primary_category",
                 "categories", "comment", "journal_ref", "doi", "pdf_url")
RUN_COLUMNS = ("run_id", "source", "started", "finished", "window_from", "window_to", "counts", "status", "message")


def _ret(var: str, cols: tuple[str, ...]) -> str:
    return ", ".join(f"{var}.`{c}` AS `{c}`" for c in cols)  # quoted: a column may be a keyword (`table`)


def existing_keys(label: str) -> str:
    """Which of ``$keys`` exist already (primary-key lookups, never a scan)."""
    key = NODE_BY_LABEL[label].key
    return f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) RETURN n.{key} AS key"


def paper_versions() -> str:
    return "UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) RETURN p.arxiv_id AS arxiv_id, p.version AS version"


def all_paper_versions() -> str:
    return "MATCH (p:Paper) RETURN p.arxiv_id AS arxiv_id, p.version AS version"


def papers_by_ids() -> str:
    return f"UNWIND $ids AS id MATCH (p:Paper {{arxiv_id: id}}) RETURN {_ret('p', PAPER_COLUMNS)}"


def paper_texts() -> str:
    return ("UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) "
            "RETURN p.arxiv_id AS arxiv_id, p.version AS version, p.title AS title, p.abstract AS abstract")


def filter_papers(*, since: bool, until: bool, category: bool) -> str:
    """Ids among ``$ids`` published in [$since, $until] and listed in ``$category``.

    Only the filters given appear: LadybugDB binds a null parameter as BOOL, so
    ``$since IS NULL OR ...`` would not type-check there.
    """
    conds = []
    if since:
        conds.append("p.published >= $since")
    if until:
        conds.append("p.published <= $until")
    if category:
        conds.append("$category IN p.categories")
    where = f" WHERE {' AND '.join(conds)}" if conds else ""
    return f"UNWIND $ids AS id MATCH (p:Paper {{arxiv_id: id}}){where} RETURN p.arxiv_id AS arxiv_id"


def paper_authors() -> str:
    return ("MATCH (a:Author)-[r:AUTHORED]->(p:Paper {arxiv_id: $id}) "
            "RETURN a.name AS name, a.key AS key, r.position AS position ORDER BY position")


def count_label(label: str) -> str:
    return f"MATCH (n:{label}) RETURN count(n) AS n"


def count_rel(rel_type: str) -> str:
    rel = REL_BY_TYPE[rel_type]
    return f"MATCH (:{rel.src})-[r:{rel_type}]->(:{rel.dst}) RETURN count(r) AS n"


def category_counts() -> str:
    return ("MATCH (p:Paper)-[r:IN_CATEGORY]->(c:Category) "
            "RETURN c.code AS category, sum(CASE WHEN r.`primary` THEN 1 ELSE 0 END) AS `primary`, "
            "count(p) AS total ORDER BY total DESC, category")


def last_runs() -> str:
    return f"MATCH (r:IngestRun) RETURN {_ret('r', RUN_COLUMNS)} ORDER BY started DESC LIMIT $n"


def running_runs() -> str:
    """Runs still marked running (their process may have died: see ``GraphStore.mark_interrupted``)."""
    return f"MATCH (r:IngestRun) WHERE r.status = 'running' RETURN {_ret('r', RUN_COLUMNS)} ORDER BY started"


def watermark() -> str:
    """The watermark is the end of the newest successful window: it lives with the data."""
    return ("MATCH (r:IngestRun) WHERE r.source = $source AND r.status = 'ok' AND r.window_to IS NOT NULL "
            "RETURN max(r.window_to) AS watermark")


def dump_nodes(label: str) -> str:
    """Every node of a label with its facts (not the run bookkeeping of ``RUN_PROPERTIES``)."""
    node = NODE_BY_LABEL[label]
    skip = RUN_PROPERTIES.get(label, ())
    cols = tuple(name for name, _ in node.properties if name not in skip)
    return f"MATCH (n:{label}) RETURN {_ret('n', cols)} ORDER BY {node.key}"


def dump_rels(rel_type: str) -> str:
    rel = REL_BY_TYPE[rel_type]
    src_key, dst_key = NODE_BY_LABEL[rel.src].key, NODE_BY_LABEL[rel.dst].key
    props = "".join(f", r.`{name}` AS `{name}`" for name, _ in rel.properties)
    return (f"MATCH (a:{rel.src})-[r:{rel_type}]->(b:{rel.dst}) "
            f"RETURN a.{src_key} AS src, b.{dst_key} AS dst{props} ORDER BY src, dst")


def unresolved_affiliations() -> str:
    return ("MATCH (p:Paper)-[:MENTIONS_AFFILIATION]->(a:Affiliation) "
            "RETURN a.text AS text, count(p) AS papers ORDER BY papers DESC, text LIMIT $n")


def newest_paper_date() -> str:
    return "MATCH (p:Paper) RETURN max(p.published) AS newest"
