"""Every Cypher query the dashboard runs, as named builders, on both backends.

Written in the subset both dialects accept (checked by tests/test_dashboard_data.py on both):
- no date functions: queries return ``published`` dates and Python rolls them up to weeks
  or months (LadybugDB has ``date_trunc``, Neo4j ``date.truncate``: not the same call);
- ``primary`` is a keyword in LadybugDB, so it is always written ``r.`primary```;
- a node looked up by key gets its own ``MATCH`` clause (LadybugDB plans
  ``MATCH (a {k: $x}), (b {k: $y})`` as scans, two clauses as primary-key lookups);
- filters appear only when given (LadybugDB types a null parameter as BOOL), so builders
  take flags and the caller passes only the parameters it set;
- relationship-type alternation (``[:A|B]`` in Neo4j 5, ``[:A|:B]`` in LadybugDB) is avoided:
  one query per type, merged in Python.
"""

from __future__ import annotations


def _where(*conds: str) -> str:
    kept = [c for c in conds if c]
    return f" WHERE {' AND '.join(kept)}" if kept else ""


def _period(var: str, since: bool, until: bool) -> tuple[str, str]:
    return (f"{var}.published >= $since" if since else "", f"{var}.published <= $until" if until else "")


# ---- overview ----------------------------------------------------------------------------------
def papers_per_day(*, cross_lists: bool) -> str:
    """Papers per (published day, category): primary category only, or every listed category."""
    if cross_lists:
        return ("MATCH (p:Paper)-[:IN_CATEGORY]->(c:Category) "
                "RETURN p.published AS day, c.code AS category, count(*) AS papers")
    return "MATCH (p:Paper) RETURN p.published AS day, p.primary_category AS category, count(*) AS papers"


def paper_date_range() -> str:
    return "MATCH (p:Paper) RETURN min(p.published) AS oldest, max(p.published) AS newest, count(p) AS papers"


# ---- countries ---------------------------------------------------------------------------------
def paper_countries(*, category: bool = False) -> str:
    """One row per paper with a known country: its distinct countries (via its organisations)."""
    return ("MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization)-[:LOCATED_IN]->(c:Country)"
            f"{_where('$category IN p.categories' if category else '')} "
            "RETURN p.arxiv_id AS arxiv_id, p.published AS day, collect(DISTINCT c.code) AS countries")


def papers_per_day_in(*, category: bool = False) -> str:
    """All papers per day (the denominator of country coverage), optionally of one category."""
    return (f"MATCH (p:Paper){_where('$category IN p.categories' if category else '')} "
            "RETURN p.published AS day, count(*) AS papers")


def countries() -> str:
    return "MATCH (c:Country) RETURN c.code AS code, c.name AS name ORDER BY code"


# ---- results, benchmarks, models ---------------------------------------------------------------
def benchmarks() -> str:
    """Benchmarks with at least one result, most results first."""
    return ("MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark) "
            "RETURN b.key AS key, b.name AS name, b.metric AS metric, b.higher_is_better AS higher_is_better, "
            "count(r) AS results ORDER BY results DESC, key")


_RESULT_COLS = ("r.key AS result, r.value AS value, r.metric AS metric, r.setting AS setting, r.source AS source, "
                "r.self_reported AS self_reported, r.confidence AS confidence, m.key AS model, m.name AS model_name, "
                "m.is_open AS is_open, m.accessibility AS accessibility, m.developer AS developer, "
                "r.page AS page, r.`table` AS table_ref, r.row_label AS row_label, "
                "p.arxiv_id AS arxiv_id, p.title AS title, p.published AS published")


def benchmark_results() -> str:
    """Every result on benchmark ``$benchmark`` with its model and paper."""
    return ("MATCH (b:Benchmark {key: $benchmark}) MATCH (r:Result)-[:ON_BENCHMARK]->(b) "
            "MATCH (p:Paper)-[:REPORTS]->(r) MATCH (r)-[:OF_MODEL]->(m:Model) "
            f"RETURN b.key AS benchmark, b.name AS benchmark_name, "
            "coalesce(r.higher_is_better, b.higher_is_better) AS higher_is_better, "
            f"{_RESULT_COLS}")


def all_results() -> str:
    """Every result with benchmark, model and paper (labs' frontier results)."""
    return ("MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:ON_BENCHMARK]->(b:Benchmark) MATCH (r)-[:OF_MODEL]->(m:Model) "
            f"RETURN b.key AS benchmark, b.name AS benchmark_name, "
            "coalesce(r.higher_is_better, b.higher_is_better) AS higher_is_better, "
            f"{_RESULT_COLS}")


def model_results() -> str:
    """Results of model ``$model``."""
    return ("MATCH (m:Model {key: $model}) MATCH (r:Result)-[:OF_MODEL]->(m) "
            "MATCH (p:Paper)-[:REPORTS]->(r) MATCH (r)-[:ON_BENCHMARK]->(b:Benchmark) "
            f"RETURN b.key AS benchmark, b.name AS benchmark_name, "
            "coalesce(r.higher_is_better, b.higher_is_better) AS higher_is_better, "
            f"{_RESULT_COLS} ORDER BY benchmark, value DESC")


def model_developers() -> str:
    """Model -> developer organisation and its country (for country filters and lab credit)."""
    return ("MATCH (m:Model)-[:DEVELOPED_BY]->(o:Organization) OPTIONAL MATCH (o)-[:LOCATED_IN]->(c:Country) "
            "RETURN m.key AS model, o.key AS org, o.name AS org_name, coalesce(c.code, o.country) AS country")


_MODEL_COLS = ("m.key AS key, m.name AS name, m.family AS family, m.developer AS developer, m.params_b AS params_b, "
               "m.is_open AS is_open, m.accessibility AS accessibility, m.license AS license")


def _model_filter(text: bool, is_open: bool) -> str:
    return _where("(m.key CONTAINS $text OR m.family CONTAINS $text OR m.developer CONTAINS $text)" if text else "",
                  "m.is_open = $is_open" if is_open else "")


def model_ranking(*, text: bool = False, is_open: bool = False) -> str:
    """Models by papers mentioning them (introduced or evaluated: the untyped Paper->Model edge covers
    both types in both dialects), with the first paper's date; top ``$n``. ``$text`` is matched against
    the lower-case slugs (key, family, developer): lower-casing a name is ``lower`` in LadybugDB and
    ``toLower`` in Neo4j, so names are not searched in Cypher."""
    return (f"MATCH (p:Paper)-[]->(m:Model){_model_filter(text, is_open)} "
            "RETURN m.key AS key, count(p) AS papers, min(p.published) AS first_paper "
            "ORDER BY papers DESC, key LIMIT $n")


def count_models(*, text: bool = False, is_open: bool = False) -> str:
    return f"MATCH (m:Model){_model_filter(text, is_open)} RETURN count(m) AS n"


def models_by_keys() -> str:
    return f"UNWIND $keys AS k MATCH (m:Model {{key: k}}) RETURN {_MODEL_COLS}"


def model_by_key() -> str:
    return f"MATCH (m:Model {{key: $model}}) RETURN {_MODEL_COLS}, m.release_date AS release_date"


def model_papers(rel: str) -> str:
    """Papers that introduce (or evaluate) model ``$model``."""
    assert rel in ("INTRODUCES", "EVALUATES")
    return (f"MATCH (m:Model {{key: $model}}) MATCH (p:Paper)-[:{rel}]->(m) "
            "RETURN p.arxiv_id AS arxiv_id, p.title AS title, p.published AS published ORDER BY published DESC")


def based_on_edges() -> str:
    """Every ``BASED_ON`` edge (lineage trees are drawn from these with networkx)."""
    return ("MATCH (a:Model)-[:BASED_ON]->(b:Model) "
            "RETURN a.key AS model, a.name AS model_name, b.key AS base, b.name AS base_name")


# ---- labs and collaboration --------------------------------------------------------------------
def org_papers(*, since: bool = False, until: bool = False) -> str:
    """Papers per organisation in the period."""
    return ("MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization)"
            f"{_where(*_period('p', since, until))} "
            "RETURN o.key AS org, count(DISTINCT p) AS papers")


def organizations() -> str:
    return ("MATCH (o:Organization) OPTIONAL MATCH (o)-[:LOCATED_IN]->(c:Country) "
            "RETURN o.key AS org, o.name AS name, o.type AS type, coalesce(c.code, o.country) AS country")


def introduced_by_developer(*, since: bool = False, until: bool = False) -> str:
    """(org, model) for models introduced in the period, credited to their developer."""
    return ("MATCH (p:Paper)-[:INTRODUCES]->(m:Model)-[:DEVELOPED_BY]->(o:Organization)"
            f"{_where(*_period('p', since, until))} "
            "RETURN DISTINCT o.key AS org, m.key AS model")


def introduced_by_affiliation(*, since: bool = False, until: bool = False) -> str:
    """(org, model) for models introduced in the period by papers affiliated with the organisation."""
    return ("MATCH (p:Paper)-[:INTRODUCES]->(m:Model) MATCH (p)-[:AFFILIATED_WITH]->(o:Organization)"
            f"{_where(*_period('p', since, until))} "
            "RETURN DISTINCT o.key AS org, m.key AS model")


def paper_orgs(*, since: bool = False, until: bool = False) -> str:
    """One row per paper with organisations: the organisation keys (collaboration networks)."""
    return ("MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization)"
            f"{_where(*_period('p', since, until))} "
            "RETURN p.arxiv_id AS arxiv_id, p.published AS day, collect(DISTINCT o.key) AS orgs")


def org_by_key() -> str:
    return ("MATCH (o:Organization {key: $org}) OPTIONAL MATCH (o)-[:LOCATED_IN]->(c:Country) "
            "RETURN o.key AS org, o.name AS name, o.type AS type, o.ror_id AS ror_id, "
            "coalesce(c.code, o.country) AS country")


def org_recent_papers() -> str:
    return ("MATCH (o:Organization {key: $org}) MATCH (p:Paper)-[:AFFILIATED_WITH]->(o) "
            "RETURN p.arxiv_id AS arxiv_id, p.title AS title, p.published AS published "
            "ORDER BY published DESC LIMIT $n")


def org_models() -> str:
    return ("MATCH (o:Organization {key: $org}) MATCH (m:Model)-[:DEVELOPED_BY]->(o) "
            "RETURN m.key AS key, m.name AS name LIMIT $n")


# ---- paper page --------------------------------------------------------------------------------
def paper() -> str:
    return ("MATCH (p:Paper {arxiv_id: $id}) RETURN p.arxiv_id AS arxiv_id, p.version AS version, p.title AS title, "
            "p.abstract AS abstract, p.published AS published, p.updated AS updated, "
            "p.primary_category AS primary_category, p.categories AS categories, p.comment AS comment, "
            "p.journal_ref AS journal_ref, p.doi AS doi, p.pdf_url AS pdf_url")


def paper_organizations() -> str:
    return ("MATCH (p:Paper {arxiv_id: $id}) MATCH (p)-[a:AFFILIATED_WITH]->(o:Organization) "
            "OPTIONAL MATCH (o)-[:LOCATED_IN]->(c:Country) "
            "RETURN o.key AS org, o.name AS name, o.type AS type, coalesce(c.code, o.country) AS country, "
            "a.source AS source, a.confidence AS confidence ORDER BY confidence DESC")


def paper_models(rel: str) -> str:
    assert rel in ("INTRODUCES", "EVALUATES")
    return (f"MATCH (p:Paper {{arxiv_id: $id}}) MATCH (p)-[e:{rel}]->(m:Model) "
            "RETURN m.key AS key, m.name AS name, m.family AS family, m.is_open AS is_open, "
            "m.developer AS developer, e.source AS source, e.confidence AS confidence ORDER BY name")


def paper_results() -> str:
    return ("MATCH (p:Paper {arxiv_id: $id}) MATCH (p)-[:REPORTS]->(r:Result)-[:OF_MODEL]->(m:Model) "
            "MATCH (r)-[:ON_BENCHMARK]->(b:Benchmark) "
            "RETURN m.key AS model, m.name AS model_name, b.key AS benchmark, b.name AS benchmark_name, "
            "r.value AS value, r.metric AS metric, r.setting AS setting, r.source AS source, "
            "r.self_reported AS self_reported ORDER BY benchmark, value DESC")


def similar_papers() -> str:
    return ("MATCH (p:Paper {arxiv_id: $id}) MATCH (p)-[s:SIMILAR_TO]->(q:Paper) "
            "RETURN q.arxiv_id AS arxiv_id, q.title AS title, q.published AS published, s.score AS score, "
            "s.rank AS rank ORDER BY rank")


def recent_papers() -> str:
    return ("MATCH (p:Paper) RETURN p.arxiv_id AS arxiv_id, p.title AS title, p.published AS published "
            "ORDER BY published DESC, arxiv_id DESC LIMIT $n")


def papers_with_results() -> str:
    """Papers reporting results, most results first (starting points for the paper page and explorer)."""
    return ("MATCH (p:Paper)-[:REPORTS]->(r:Result) RETURN p.arxiv_id AS arxiv_id, p.title AS title, "
            "count(r) AS results ORDER BY results DESC, arxiv_id LIMIT $n")


def paper_categories() -> str:
    return ("MATCH (p:Paper {arxiv_id: $id}) MATCH (p)-[r:IN_CATEGORY]->(c:Category) "
            "RETURN c.code AS code, c.name AS name, r.`primary` AS is_primary")


# ---- the console's starting points -------------------------------------------------------------
EXAMPLE_QUERIES: dict[str, str] = {
    "Newest papers": "MATCH (p:Paper) RETURN p.arxiv_id, p.title, p.published ORDER BY p.published DESC LIMIT 20",
    "Papers per primary category": ("MATCH (p:Paper) RETURN p.primary_category AS category, count(*) AS papers "
                                    "ORDER BY papers DESC LIMIT 20"),
    "Benchmarks with most results": ("MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark) RETURN b.key AS benchmark, "
                                     "b.name AS name, count(r) AS results ORDER BY results DESC LIMIT 20"),
    "Best results of open-weights models": (
        "MATCH (m:Model)<-[:OF_MODEL]-(r:Result)-[:ON_BENCHMARK]->(b:Benchmark) WHERE m.is_open = true "
        "RETURN b.name AS benchmark, m.name AS model, r.value AS value, r.metric AS metric "
        "ORDER BY benchmark, value DESC LIMIT 50"),
    "Models introduced per developer country": (
        "MATCH (p:Paper)-[:INTRODUCES]->(m:Model)-[:DEVELOPED_BY]->(o:Organization)-[:LOCATED_IN]->(c:Country) "
        "RETURN c.code AS country, count(DISTINCT m) AS models ORDER BY models DESC LIMIT 20"),
    "Models built on another model": ("MATCH (a:Model)-[:BASED_ON]->(b:Model) RETURN a.name AS model, "
                                      "b.name AS base LIMIT 50"),
    "Organisations by country": ("MATCH (o:Organization)-[:LOCATED_IN]->(c:Country) RETURN c.code AS country, "
                                 "count(o) AS organisations ORDER BY organisations DESC"),
    "Labs with most papers": ("MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization) RETURN o.name AS lab, "
                              "count(p) AS papers ORDER BY papers DESC LIMIT 20"),
}


# ---- the digest: what a run brought -------------------------------------------------------------
def ok_runs() -> str:
    """Finished runs that succeeded, newest first (``$n``)."""
    return ("MATCH (r:IngestRun) WHERE r.status = 'ok' "
            "RETURN r.run_id AS run_id, r.source AS source, r.started AS started, r.finished AS finished, "
            "r.window_from AS window_from, r.window_to AS window_to ORDER BY started DESC LIMIT $n")


def run_papers() -> str:
    """Papers last written by one of the runs ``$runs``."""
    return ("MATCH (p:Paper) WHERE p.ingest_run IN $runs "
            "RETURN p.arxiv_id AS arxiv_id, p.version AS version, p.title AS title, p.published AS published, "
            "p.updated AS updated, p.primary_category AS category ORDER BY arxiv_id")


def run_introduced() -> str:
    """Models introduced by papers of the runs ``$runs``."""
    return ("MATCH (p:Paper)-[:INTRODUCES]->(m:Model) WHERE p.ingest_run IN $runs "
            "RETURN p.arxiv_id AS arxiv_id, m.key AS model, m.name AS model_name, m.is_open AS is_open, "
            "m.developer AS developer ORDER BY model, arxiv_id")


def run_benchmarks() -> str:
    """Benchmarks that papers of the runs ``$runs`` report results on (their frontiers are recomputed)."""
    return ("MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:ON_BENCHMARK]->(b:Benchmark) WHERE p.ingest_run IN $runs "
            "RETURN DISTINCT b.key AS benchmark")


# ---- models by country, notable models ---------------------------------------------------------
def introduced_models() -> str:
    """(model, first introducing paper's date, openness, Epoch's developer countries) per introduced model."""
    return ("MATCH (p:Paper)-[:INTRODUCES]->(m:Model) "
            "RETURN m.key AS model, m.name AS model_name, min(p.published) AS day, m.is_open AS is_open, "
            "m.countries AS countries")


def evaluated_counts() -> str:
    """Per model: distinct papers that evaluate it (the "notable" test: used by others)."""
    return "MATCH (p:Paper)-[:EVALUATES]->(m:Model) RETURN m.key AS model, count(DISTINCT p) AS papers"


def paper_briefs() -> str:
    """Search rows: authors, abstract and categories of papers ``$ids``."""
    return ("UNWIND $ids AS id MATCH (p:Paper {arxiv_id: id}) OPTIONAL MATCH (a:Author)-[w:AUTHORED]->(p) "
            "RETURN p.arxiv_id AS arxiv_id, p.abstract AS abstract, p.categories AS categories, "
            "p.primary_category AS primary_category, p.published AS published, collect(a.name) AS authors, "
            "collect(w.position) AS positions")


def org_parents() -> str:
    """``PART_OF`` edges (a lab inside a company): a paper of a parent and its child is no collaboration."""
    return "MATCH (a:Organization)-[:PART_OF]->(b:Organization) RETURN a.key AS child, b.key AS parent"


def org_paper_count() -> str:
    return "MATCH (o:Organization {key: $org}) MATCH (p:Paper)-[:AFFILIATED_WITH]->(o) RETURN count(p) AS n"


def org_model_count() -> str:
    return "MATCH (o:Organization {key: $org}) MATCH (m:Model)-[:DEVELOPED_BY]->(o) RETURN count(m) AS n"
