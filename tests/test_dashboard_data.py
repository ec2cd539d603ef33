"""The dashboard's data layer and its Cypher on both backends, on real papers; and the embedded
store keeps serving (and then shows the new data) while another process ingests."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from dashboard_support import MATH_TITLE_ID, corpus, expected_results, load

from dashboard import data, metrics
from graph.store import QuerySyntaxError, ReadOnlyViolation

pytestmark = pytest.mark.usefixtures("shared_data")
V3 = "2412.19437"


@pytest.fixture
def loaded(any_store: Any) -> Any:
    load(any_store)
    with data.use_store(any_store):
        yield any_store


def test_overview_counts_and_periods(loaded: Any) -> None:
    records, _ = corpus()
    status = data.status()
    assert status.ready and status.papers == len({r.arxiv_id for r in records})
    assert status.newest == max(r.published for r in records)
    primary = Counter(r.categories[0] for r in {r.arxiv_id: r for r in records}.values())
    totals = data.category_totals(False).set_index("category")["papers"].to_dict()
    assert totals == dict(primary)
    cross = data.category_totals(True).set_index("category")["papers"].to_dict()
    assert cross["cs.AI"] == sum(1 for r in {r.arxiv_id: r for r in records}.values() if "cs.AI" in r.categories)
    monthly = data.papers_over_time("month", cross_lists=False, top=100)
    assert monthly["papers"].sum() == status.papers
    runs = data.last_runs(5)
    assert runs["status"].tolist()[0] == "ok" and runs["source"].tolist()[0] == "test"


def test_results_frontier_and_leaderboard_match_the_extractions(loaded: Any) -> None:
    got = data.benchmark_results("mmlu")
    want = expected_results("mmlu")
    assert sorted((r["arxiv_id"], r["model"], r["value"]) for r in got) == sorted(
        (r["arxiv_id"], r["model"], r["value"]) for r in want)
    metric = metrics.main_metric(got)
    rows = metrics.with_metric(got, metric)
    closed = metrics.frontier_steps([r for r in rows if r["is_open"] is False])
    opened = metrics.frontier_steps([r for r in rows if r["is_open"] is True])
    want_rows = [r for r in want if (r["metric"] or "") == metric]
    assert closed[-1].value == max(r["value"] for r in want_rows if r["is_open"] is False)
    assert opened[-1].value == max(r["value"] for r in want_rows if r["is_open"] is True)
    board = metrics.leaderboard(rows)
    assert board.iloc[0]["value"] == max(r["value"] for r in want_rows)
    # DeepSeek-V3's comparison table: GPT-4o and Claude are closed, developed by US labs when known
    names = {r["model"]: r for r in got}
    assert names["deepseek-v3"]["is_open"] is True
    assert any(r["is_open"] is False and r["model"].startswith(("gpt-4o", "claude")) for r in got)


def test_paper_page_reads(loaded: Any) -> None:
    _, extractions = corpus()
    p = data.paper(V3)
    assert p["title"] == "DeepSeek-V3 Technical Report" and str(p["published"]) == "2024-12-27"
    assert len(data.paper_results(V3)) == len(extractions[V3].results)
    orgs = data.paper_organizations(V3)
    assert [(o["org"], o["country"]) for o in orgs] == [("deepseek", "CN")]
    models = data.paper_models(V3)
    assert set(models["key"]) == {m.key for m in extractions[V3].models}
    assert data.paper(MATH_TITLE_ID)["title"].startswith("QwenLong-CPRS: Towards $\\infty$-LLMs")
    g = data.neighbourhood("paper", V3)
    kinds = Counter(d["kind"] for _, d in g.nodes(data=True))
    assert kinds["lab"] == 1 and kinds["category"] == 2 and kinds["model"] == len(set(models["key"]))


def test_models_labs_lineage(loaded: Any) -> None:
    table, total = data.models_table(n=100_000)
    # every extracted model is linked to its paper; base models named only by BASED_ON have no paper
    assert len(table) == len({m.key for e in corpus()[1].values() for m in e.models}) <= total
    row = table.set_index("key").loc["deepseek-v3"]
    assert str(row["first_paper"]) == "2024-12-27" and row["is_open"] == True  # noqa: E712
    assert row["papers"] == sum(1 for e in corpus()[1].values() if "deepseek-v3" in {m.key for m in e.models})
    found, n = data.models_table("DeepSeek R1", "open")
    assert "deepseek-r1" in set(found["key"]) and found["is_open"].all() and n == len(found)
    assert all("deepseek-r1" in k for k in found["key"])
    lin = metrics.lineage_graph(data.lineage_edges())
    assert "deepseek-v2" in metrics.lineage_of(lin, "deepseek-coder-v2")
    ranking = data.lab_ranking().set_index("org")
    assert ranking.loc["deepseek", "papers"] == 4 and ranking.loc["deepseek", "country"] == "CN"
    assert ranking.loc["deepseek", "models_introduced"] >= 3
    in_2025 = data.lab_ranking(since=metrics.as_date("2025-01-01"), until=metrics.as_date("2025-12-31"))
    assert in_2025.set_index("org").loc["deepseek", "papers"] == 1  # only R1 is from 2025


def test_countries_and_collaboration_reads(loaded: Any) -> None:
    papers = data.paper_countries()
    totals = data.papers_per_day()
    known, total = metrics.country_coverage(papers, totals)
    assert total == data.status().papers and 4 <= known < total
    by_paper = {r["arxiv_id"]: r["countries"] for r in papers}
    assert by_paper[V3] == ["CN"]
    cl = data.paper_countries("cs.CL")
    assert V3 in {r["arxiv_id"] for r in cl} and len(cl) <= len(papers)
    groups = data.paper_orgs()
    assert {r["arxiv_id"] for r in groups} >= {V3, "2405.04434", "2406.11931", "2501.12948"}


def test_console_is_read_only_on_both_backends(loaded: Any) -> None:
    result = data.run_cypher("MATCH (p:Paper) RETURN count(p) AS n")
    assert result.rows[0][0] == data.status().papers
    with pytest.raises(ReadOnlyViolation):
        data.run_cypher("CREATE (p:Paper {arxiv_id: 'x'})")
    with pytest.raises(QuerySyntaxError):
        data.run_cypher("MATCH (p:Paper RETURN p")
    assert data.run_cypher("MATCH (p:Paper) RETURN p.arxiv_id", row_cap=3).truncated


_WRITER = textwrap.dedent("""
    import sys
    from itertools import islice
    sys.path.insert(0, "benchmarks")  # devsupport/ (pytest's pythonpath does not reach this child)
    from graph.embedded import EmbeddedStore
    from devsupport.devdata import snapshot_records
    from tracker.pipeline import run_ingest
    store = EmbeddedStore(sys.argv[1])
    recs = list(islice(snapshot_records(None, step=7), 3000, 3000 + int(sys.argv[2])))
    print(run_ingest(store, recs, source="nightly", progress=False).counts["papers_new"], flush=True)
    store.close()
""")


def test_dashboard_keeps_serving_while_another_process_ingests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """The embedded store opened read-only beside a writer process: reads go on during the write, and
    the holder reopens on the changed files so the new papers appear."""
    from graph.embedded import EmbeddedStore

    home = tmp_path / "home"
    monkeypatch.setenv("SOTAGRAPH_HOME", str(home))
    monkeypatch.setenv("SOTAGRAPH_GRAPH", "embedded")
    from tracker.config import load_settings

    settings = load_settings()
    store = EmbeddedStore(settings.store_path)
    load(store)
    store.close()
    holder = data.StoreHolder(settings)
    holder.refresh(force=True)
    before = holder.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"]
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(settings.store_path), "400"], cwd=Path(__file__).parents[1],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reads = 0
    while writer.poll() is None:
        assert holder.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"] == before  # state as of opening
        reads += 1
    out, err = writer.communicate()
    assert writer.returncode == 0, err[-2000:]
    added = int(out.strip().splitlines()[-1])
    assert added > 0 and reads > 0
    holder.refresh(force=True)
    assert holder.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"] == before + added
    holder.store.close()


def test_evidence_models_by_country_digest_and_polish_reads(loaded: Any) -> None:
    """The reads behind the newer views, on both backends, checked against the graph."""
    cov = data.fulltext_coverage()
    assert cov["total"] == loaded.count_papers() and cov["fetched"] + cov["pending"] + cov["failed"] + \
        cov["skipped"] == cov["total"]
    rows = data.introduced_model_countries()
    introduced = loaded._read("MATCH (p:Paper)-[:INTRODUCES]->(m:Model) RETURN count(DISTINCT m) AS n")[0]["n"]
    assert len({r["model"] for r in rows}) == introduced
    assert any(r["country"] == "CN" and r["model"].startswith("deepseek") for r in rows)
    notable = data.notable_models(1)
    evaluated = {r["m"] for r in loaded._read("MATCH (p:Paper)-[:EVALUATES]->(m:Model) RETURN DISTINCT m.key AS m")}
    assert evaluated <= notable
    d = data.digest()
    assert d is not None and len(d.runs) == 1 and len(d.papers) == loaded.count_papers()
    assert d.sota and all(s["arxiv_id"] for s in d.sota)
    briefs = data.search_details([V3])
    assert briefs[V3]["authors"] and briefs[V3]["abstract"]
    many = loaded._read("MATCH (a:Author)-[:AUTHORED]->(p:Paper) RETURN p.arxiv_id AS id, count(a) AS n "
                        "ORDER BY n DESC, id LIMIT 1")[0]
    g = data.neighbourhood("paper", many["id"], limit=5)
    assert g.graph["truncated"]["AUTHORED"] == (5, many["n"]) and many["n"] > 5  # said, not silent
    assert any(d_["kind"] == "benchmark" for _, d_ in data.neighbourhood("paper", V3).nodes(data=True))
    summary = metrics.gap_summary(data.all_results())
    assert not summary.empty and (summary["open_results"] >= 3).all() and (summary["closed_results"] >= 3).all()
    assert isinstance(data.org_parents(), dict)
    for query in __import__("graph.cypher.dashboard", fromlist=["EXAMPLE_QUERIES"]).EXAMPLE_QUERIES.values():
        assert loaded.read_only_query(query).rows, query
