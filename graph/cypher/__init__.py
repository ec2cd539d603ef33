"""All of sotagraph's Cypher, as small named builders.

- :mod:`graph.cypher.ddl` — schema declarations per dialect.
- :mod:`graph.cypher.writes` — batched writes (LadybugDB's pk-lookup/COPY path and Neo4j's
  ``UNWIND $rows MERGE``); where the dialects differ the builder says so.
- :mod:`graph.cypher.reads` — named reads the pipeline, CLI and dashboard use on both backends.
- :mod:`graph.cypher.readonly` — what the read-only console refuses.
"""
