"""Named Cypher for curated sources (Epoch AI's data): the few writes the curated import needs that the
paper path has no builder for, and the reads behind "self-reported vs independent" and the ECI lags.

Curated results are ``Result`` nodes with no ``REPORTS`` edge from a paper:
``(Result)-[:OF_MODEL]->(Model)`` and ``(Result)-[:ON_BENCHMARK]->(Benchmark)`` only. They are told
apart from paper results by their ``source`` (a paper's is ``abstract``, ``text`` or ``table``).
Every query here runs on both engines (two separate ``MATCH`` clauses keep LadybugDB's primary-key
lookups; no ``EXISTS`` subqueries, no engine-specific functions).
"""

from __future__ import annotations

PAPER_SOURCES = ("abstract", "text", "table")
"""``Result.source`` values written by extraction from papers; anything else is a curated source."""

_NOT_PAPER = "NOT r.source IN ['abstract', 'text', 'table']"


# ---- reads the import needs ------------------------------------------------------------------
def model_keys() -> str:
    """Every model key (the identity index: Epoch names must meet the keys papers made)."""
    return "MATCH (m:Model) RETURN m.key AS key"


def models_by_keys() -> str:
    """The curated-fact properties of the models ``$keys`` (to tell added/updated/unchanged apart)."""
    return ("UNWIND $keys AS k MATCH (m:Model {key: k}) "
            "RETURN m.key AS key, m.name AS name, m.accessibility AS accessibility, m.is_open AS is_open, "
            "m.accessibility_source AS accessibility_source, m.release_date AS release_date, "
            "m.developer AS developer, m.countries AS countries, m.origin AS origin")


def results_by_keys() -> str:
    """Stored values of the results ``$keys``."""
    return ("UNWIND $keys AS k MATCH (r:Result {key: k}) "
            "RETURN r.key AS key, r.value AS value, r.value_raw AS value_raw, r.metric AS metric, "
            "r.setting AS setting, r.source AS source, r.self_reported AS self_reported, r.date AS date")


def developed_by_pairs() -> str:
    """Which (model, organisation) pairs of ``$rows`` have a ``DEVELOPED_BY`` edge, and its source."""
    return ("UNWIND $rows AS r MATCH (a:Model {key: r.`from`}) MATCH (a)-[e:DEVELOPED_BY]->(b:Organization) "
            "WHERE b.key = r.`to` RETURN a.key AS src, b.key AS dst, e.source AS source")


def set_developed_by_source() -> str:
    """Tag existing ``DEVELOPED_BY`` edges with the curated source that asserts them."""
    return ("UNWIND $rows AS r MATCH (a:Model {key: r.`from`}) MATCH (a)-[e:DEVELOPED_BY]->(b:Organization) "
            "WHERE b.key = r.`to` SET e.source = r.source")


def new_curated_edges(rel_type: str) -> str:
    """Edges ``OF_MODEL``/``ON_BENCHMARK`` from the new curated results of ``$rows`` (LadybugDB; Neo4j merges)."""
    assert rel_type in ("OF_MODEL", "ON_BENCHMARK")
    dst = "Model" if rel_type == "OF_MODEL" else "Benchmark"
    return (f"UNWIND $rows AS r MATCH (a:Result {{key: r.`from`}}) MATCH (b:{dst} {{key: r.`to`}}) "
            f"CREATE (a)-[:{rel_type}]->(b)")


# ---- reads for pages, the CLI and tests --------------------------------------------------------
def curated_results(*, benchmark: bool = False) -> str:
    """Curated results (no paper) with model, openness, developer countries and date; ``$benchmark`` filters."""
    where = "WHERE b.key = $benchmark AND " if benchmark else "WHERE "
    return ("MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark) MATCH (r)-[:OF_MODEL]->(m:Model) "
            f"{where}{_NOT_PAPER} "
            "RETURN r.key AS result, b.key AS benchmark, b.name AS benchmark_name, r.value AS value, "
            "r.value_raw AS value_raw, r.metric AS metric, r.setting AS setting, r.source AS source, "
            "r.self_reported AS self_reported, r.date AS published, m.key AS model, m.name AS model_name, "
            "m.is_open AS is_open, m.accessibility AS accessibility, m.countries AS countries, "
            "m.developer AS developer ORDER BY published, model, result")


def eci_results() -> str:
    """The Epoch Capabilities Index per model version (one row per Epoch version), for the lag figures."""
    return ("MATCH (b:Benchmark {key: 'eci'}) MATCH (r:Result)-[:ON_BENCHMARK]->(b) MATCH (r)-[:OF_MODEL]->(m:Model) "
            "RETURN r.key AS result, r.value AS value, r.setting AS setting, r.date AS published, "
            "m.key AS model, m.name AS model_name, m.is_open AS is_open, m.accessibility AS accessibility, "
            "m.countries AS countries ORDER BY published, value DESC, result")


def self_vs_independent() -> str:
    """Per (model, benchmark): each paper's value beside each independent value (Epoch's runs, leaderboards),
    with the setting of each and the difference paper − independent (same scale only)."""
    return ("MATCH (p:Paper)-[:REPORTS]->(s:Result)-[:OF_MODEL]->(m:Model) "
            "MATCH (s)-[:ON_BENCHMARK]->(b:Benchmark) "
            "MATCH (r:Result)-[:OF_MODEL]->(m) MATCH (r)-[:ON_BENCHMARK]->(b) "
            f"WHERE r.self_reported = false AND {_NOT_PAPER} "
            "RETURN m.key AS model, m.name AS model_name, m.developer AS developer, b.key AS benchmark, "
            "b.name AS benchmark_name, b.scale AS scale, p.arxiv_id AS arxiv_id, p.title AS title, "
            "s.value AS paper_value, s.metric AS paper_metric, s.setting AS paper_setting, s.source AS paper_source, "
            "s.self_reported AS self_reported, r.value AS independent_value, r.value_raw AS independent_raw, "
            "r.setting AS independent_setting, r.source AS independent_source, r.date AS independent_date, "
            "s.value - r.value AS difference "
            "ORDER BY model, benchmark, arxiv_id, independent_source, independent_setting")


def self_vs_independent_by_lab() -> str:
    """Per developer lab: how far its models' self-reported scores (the introducing paper's own claim) sit
    above independent ones, on the same benchmark and scale; ``n`` = (paper result, independent result)
    pairs, ``models`` = distinct models. Benchmarks whose curated values are not percentages are left out."""
    return ("MATCH (p:Paper)-[:REPORTS]->(s:Result)-[:OF_MODEL]->(m:Model) "
            "MATCH (s)-[:ON_BENCHMARK]->(b:Benchmark) "
            "MATCH (r:Result)-[:OF_MODEL]->(m) MATCH (r)-[:ON_BENCHMARK]->(b) "
            "MATCH (m)-[:DEVELOPED_BY]->(o:Organization) "
            f"WHERE s.self_reported = true AND r.self_reported = false AND {_NOT_PAPER} AND b.scale = 'percent' "
            "RETURN o.key AS lab, o.name AS lab_name, count(*) AS n, count(DISTINCT m.key) AS models, "
            "avg(s.value - r.value) AS mean_difference, min(s.value - r.value) AS min_difference, "
            "max(s.value - r.value) AS max_difference ORDER BY n DESC, lab")


def curated_summary() -> str:
    """Curated results per source, with models and benchmarks covered."""
    return ("MATCH (r:Result)-[:OF_MODEL]->(m:Model) MATCH (r)-[:ON_BENCHMARK]->(b:Benchmark) "
            f"WHERE {_NOT_PAPER} "
            "RETURN r.source AS source, r.self_reported AS self_reported, count(r) AS results, "
            "count(DISTINCT m.key) AS models, count(DISTINCT b.key) AS benchmarks ORDER BY results DESC, source")


def epoch_models() -> str:
    """Models with curated facts: origin, accessibility and its source, release date, countries, developers."""
    return ("MATCH (m:Model) WHERE m.accessibility_source IS NOT NULL OR m.origin IS NOT NULL "
            "RETURN m.key AS key, m.name AS name, m.origin AS origin, m.accessibility AS accessibility, "
            "m.is_open AS is_open, m.accessibility_source AS accessibility_source, m.release_date AS release_date, "
            "m.countries AS countries, m.developer AS developer ORDER BY key")
