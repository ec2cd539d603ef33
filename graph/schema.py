"""The graph schema (docs/architecture.md) as data, so both backends declare the same thing.

Each backend turns these tables into its own DDL (:mod:`graph.cypher.ddl`). Types are
LadybugDB's names; the Neo4j backend needs only the keys and indexed properties.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeTable:
    label: str
    key: str
    properties: tuple[tuple[str, str], ...]
    """(name, type) pairs; the key is the first property."""
    indexed: tuple[str, ...] = ()
    """Properties filtered on by queries (Neo4j gets an index on each)."""


@dataclass(frozen=True)
class RelTable:
    type: str
    src: str
    dst: str
    properties: tuple[tuple[str, str], ...] = ()


NODES: tuple[NodeTable, ...] = (
    NodeTable("Paper", "arxiv_id", (
        ("arxiv_id", "STRING"), ("version", "INT64"), ("title", "STRING"), ("abstract", "STRING"),
        ("published", "DATE"), ("updated", "DATE"), ("primary_category", "STRING"),
        ("categories", "STRING[]"), ("comment", "STRING"), ("journal_ref", "STRING"), ("doi", "STRING"),
        ("pdf_url", "STRING"),
        # the full-text queue (tracker.fulltext): status pending/fetched/failed/skipped, null = not queued yet;
        # a new version writes nulls here, which re-queues the paper
        ("fulltext_status", "STRING"), ("fulltext_source", "STRING"), ("fulltext_at", "TIMESTAMP"),
        ("fulltext_error", "STRING"), ("fulltext_tries", "INT64"), ("fulltext_priority", "DOUBLE"),
        ("ingest_run", "STRING"),  # the IngestRun that last wrote a new version (the digest's "what arrived")
    ), indexed=("published", "primary_category", "updated", "fulltext_status")),
    NodeTable("Author", "key", (("key", "STRING"), ("name", "STRING"))),
    NodeTable("Organization", "key", (
        ("key", "STRING"), ("name", "STRING"), ("aliases", "STRING[]"), ("type", "STRING"),
        ("ror_id", "STRING"), ("country", "STRING"),
    ), indexed=("country", "type", "ror_id")),
    NodeTable("Country", "code", (("code", "STRING"), ("name", "STRING"))),
    NodeTable("Category", "code", (("code", "STRING"), ("name", "STRING"))),
    NodeTable("Model", "key", (
        ("key", "STRING"), ("name", "STRING"), ("family", "STRING"), ("params_b", "DOUBLE"),
        ("accessibility", "STRING"), ("is_open", "BOOLEAN"), ("release_date", "DATE"), ("license", "STRING"),
        ("developer", "STRING"),
        # curated facts (Epoch AI): who asserted accessibility, the developer countries Epoch gives, and
        # ``origin`` = the source that created the node when no paper did (``epoch``)
        ("accessibility_source", "STRING"), ("countries", "STRING[]"), ("origin", "STRING"),
    ), indexed=("family", "is_open", "developer")),
    NodeTable("Benchmark", "key", (
        ("key", "STRING"), ("name", "STRING"), ("aliases", "STRING[]"), ("task", "STRING"),
        ("domain", "STRING"), ("metric", "STRING"), ("higher_is_better", "BOOLEAN"),
        ("scale", "STRING"),  # percent | index | elo | minutes | score: how values of curated sources read
    )),
    NodeTable("Result", "key", (
        ("key", "STRING"), ("value", "DOUBLE"), ("metric", "STRING"), ("setting", "STRING"),
        ("source", "STRING"), ("self_reported", "BOOLEAN"), ("confidence", "DOUBLE"),
        ("value_raw", "STRING"), ("date", "DATE"),  # curated results: the cell as published, and its date
        ("page", "INT64"), ("table", "STRING"), ("row_label", "STRING"), ("col_label", "STRING"),  # table cells
        ("higher_is_better", "BOOLEAN"),  # the result's own metric direction (FID on CIFAR-10 ascends)
    ), indexed=("source", "self_reported")),
    NodeTable("Affiliation", "key", (("key", "STRING"), ("text", "STRING"))),
    NodeTable("IngestRun", "run_id", (
        ("run_id", "STRING"), ("source", "STRING"), ("started", "TIMESTAMP"), ("finished", "TIMESTAMP"),
        ("window_from", "TIMESTAMP"), ("window_to", "TIMESTAMP"), ("counts", "STRING"), ("status", "STRING"),
        ("message", "STRING"),
    ), indexed=("source", "status")),
)

RELS: tuple[RelTable, ...] = (
    RelTable("AUTHORED", "Author", "Paper", (("position", "INT64"),)),
    RelTable("IN_CATEGORY", "Paper", "Category", (("primary", "BOOLEAN"),)),
    # positions: the authors (AUTHORED.position, 0-based) printed with the organisation on the title page
    RelTable("AFFILIATED_WITH", "Paper", "Organization", (("source", "STRING"), ("confidence", "DOUBLE"),
                                                          ("positions", "INT64[]"))),
    RelTable("WORKS_AT", "Author", "Organization", (
        ("arxiv_id", "STRING"), ("source", "STRING"), ("confidence", "DOUBLE"))),
    RelTable("MENTIONS_AFFILIATION", "Paper", "Affiliation", (("source", "STRING"),)),
    RelTable("LOCATED_IN", "Organization", "Country"),
    RelTable("PART_OF", "Organization", "Organization"),
    RelTable("INTRODUCES", "Paper", "Model", (("source", "STRING"), ("confidence", "DOUBLE"))),
    RelTable("EVALUATES", "Paper", "Model", (("source", "STRING"), ("confidence", "DOUBLE"))),
    RelTable("DEVELOPED_BY", "Model", "Organization", (("source", "STRING"),)),
    RelTable("BASED_ON", "Model", "Model"),
    RelTable("REPORTS", "Paper", "Result"),
    RelTable("OF_MODEL", "Result", "Model"),
    RelTable("ON_BENCHMARK", "Result", "Benchmark"),
    RelTable("SIMILAR_TO", "Paper", "Paper", (("score", "DOUBLE"), ("rank", "INT64"))),
)

NODE_BY_LABEL = {n.label: n for n in NODES}

RUN_PROPERTIES: dict[str, tuple[str, ...]] = {"Paper": ("ingest_run", "fulltext_at", "fulltext_tries")}
"""Properties that say when, by which run or after how many tries something was written: two stores
holding the same facts differ in them by design, so ``GraphStore.dump`` leaves them out."""
REL_BY_TYPE = {r.type: r for r in RELS}

CATEGORY_NAMES = {
    "cs.AI": "Artificial Intelligence", "cs.CL": "Computation and Language", "cs.LG": "Machine Learning",
    "cs.CV": "Computer Vision and Pattern Recognition", "stat.ML": "Machine Learning (Statistics)",
    "cs.RO": "Robotics", "cs.IR": "Information Retrieval", "cs.NE": "Neural and Evolutionary Computing",
    "cs.HC": "Human-Computer Interaction", "cs.CY": "Computers and Society", "cs.SE": "Software Engineering",
    "cs.CR": "Cryptography and Security", "cs.MA": "Multiagent Systems", "cs.SD": "Sound",
    "eess.AS": "Audio and Speech Processing", "eess.IV": "Image and Video Processing",
    "cs.MM": "Multimedia", "cs.GR": "Graphics", "cs.IT": "Information Theory", "cs.DB": "Databases",
    "cs.DC": "Distributed, Parallel, and Cluster Computing", "cs.SI": "Social and Information Networks",
}
