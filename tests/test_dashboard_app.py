"""Every dashboard page run by Streamlit's AppTest on a store loaded with real papers; assertions are
on the numbers and rows shown, checked against the graph itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_support import MATH_TITLE_ID, app_home, corpus
from streamlit.testing.v1 import AppTest

from dashboard.ui import md_escape

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
V3 = "2412.19437"
pytestmark = pytest.mark.usefixtures("shared_data")


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    return app_home(tmp_path_factory)


@pytest.fixture
def app(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("SOTAGRAPH_HOME", str(home))
    monkeypatch.setenv("SOTAGRAPH_GRAPH", "embedded")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    yield at


@pytest.fixture(scope="session")
def graph(home: Path) -> Any:
    """Independent answers straight from the store (read-only, beside the app's handle)."""
    from graph.embedded import EmbeddedStore
    from tracker.config import load_settings

    store = EmbeddedStore(load_settings(home=home, graph="embedded").store_path, read_only=True)
    yield store
    store.close()


def page(at: AppTest, name: str, **params: str) -> AppTest:
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(f"views/{name}.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def frame(at: AppTest, must_have: str) -> Any:
    return next(d.value for d in at.dataframe if must_have in d.value.columns)


def test_overview_shows_totals_categories_and_runs(app: AppTest, graph: Any) -> None:
    at = page(app, "overview")
    n = graph.count_papers()
    assert metric(at, "Papers") == f"{n:,}"
    assert metric(at, "Results") == f"{graph.counts()['nodes']['Result']:,}"
    assert metric(at, "Newest paper") == str(graph.newest_paper_date())
    cats = frame(at, "category")
    want = {r["category"]: r["primary"] for r in graph.category_counts()}
    assert cats.iloc[0]["category"] == max(want, key=want.get) and cats.iloc[0]["papers"] == max(want.values())
    runs = frame(at, "run_id")
    assert runs.iloc[0]["status"] == "ok"
    labels = [b.label for b in at.get("download_button")]
    assert "Download papers_per_month (CSV)" in labels
    at.radio(key="ov-freq").set_value("week").run()
    assert "Download papers_per_week (CSV)" in [b.label for b in at.get("download_button")]


def test_countries_coverage_and_unknown(app: AppTest, graph: Any) -> None:
    at = page(app, "countries")
    known = graph._read("MATCH (p:Paper)-[:AFFILIATED_WITH]->(:Organization)-[:LOCATED_IN]->(:Country) "
                        "RETURN count(DISTINCT p) AS n")[0]["n"]
    assert metric(at, "Papers with a known country") == f"{known:,}"
    assert metric(at, "Coverage") == f"{known / graph.count_papers():.1%}"
    assert "CN" in at.multiselect(key="co-countries").value
    totals = frame(at, "country").set_index("country")["papers"]
    assert totals["Unknown"] == graph.count_papers() - known
    at.radio(key="co-mode").set_value("fractional").run()
    totals = frame(at, "country").set_index("country")["papers"]
    assert totals.sum() == pytest.approx(graph.count_papers())  # fractional: every paper counted exactly once


def test_open_vs_closed_frontiers_gap_and_steps(app: AppTest, graph: Any) -> None:
    at = page(app, "open_closed", benchmark="mmlu")
    assert at.selectbox(key="oc-bench").value == "mmlu"
    metric_name = at.selectbox(key="oc-metric").value
    rows = graph._read("MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark {key: 'mmlu'}) MATCH (r)-[:OF_MODEL]->(m:Model) "
                       "RETURN r.value AS v, r.metric AS metric, m.is_open AS open")
    rows = [r for r in rows if (r["metric"] or "") == metric_name]
    best_closed = max(r["v"] for r in rows if r["open"] is False)
    best_open = max(r["v"] for r in rows if r["open"] is True)
    assert metric(at, "Closed frontier") == f"{best_closed:g}"
    assert metric(at, "Open frontier") == f"{best_open:g}"
    assert metric(at, "Gap (points)") == f"{best_closed - best_open:.1f}"
    steps = frame(at, "frontier")
    assert set(steps["frontier"]) == {"closed", "open"}
    assert steps[steps.frontier == "open"]["value"].max() == best_open
    assert steps["paper_page"].str.startswith("/paper?id=").all() and steps["arxiv"].str.startswith("https://arxiv").all()


def test_leaderboard_best_per_model_and_open_filter(app: AppTest, graph: Any) -> None:
    at = page(app, "leaderboards")
    at.selectbox(key="lb-bench").set_value("mmlu").run()
    metric_name = at.selectbox(key="lb-metric").value
    board = frame(at, "rank")
    rows = graph._read("MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark {key: 'mmlu'}) MATCH (r)-[:OF_MODEL]->(m:Model) "
                       "RETURN m.key AS model, r.value AS v, r.metric AS metric, m.is_open AS open")
    rows = [r for r in rows if (r["metric"] or "") == metric_name]
    best: dict[str, float] = {}
    for r in rows:
        best[r["model"]] = max(best.get(r["model"], r["v"]), r["v"])
    assert len(board) == len(best)
    assert dict(zip(board["model_key"], board["value"], strict=True)) == best
    at.toggle(key="lb-open").set_value(True).run()
    board = frame(at, "rank")
    assert board["open"].all() and len(board) == len({r["model"] for r in rows if r["open"] is True})


def test_labs_rank_deepseek_with_its_country(app: AppTest) -> None:
    at = page(app, "labs")
    records, _ = corpus()
    at.date_input(key="lab-period").set_value((min(r.published for r in records), max(r.published for r in records)))
    at.run()
    ranking = frame(at, "lab").set_index("org")
    assert ranking.loc["deepseek", "papers"] == 4 and ranking.loc["deepseek", "country"] == "CN"
    at = page(app, "labs", org="deepseek")
    assert "DeepSeek" in [h.value for h in at.header]
    assert len(frame(at, "published")) == 4


def test_models_search_and_model_page(app: AppTest, graph: Any) -> None:
    at = page(app, "models")
    at.text_input(key="mo-search").set_value("deepseek-v3").run()
    table = frame(at, "model_key")
    assert "deepseek-v3" in set(table["model_key"]) and all("deepseek-v3" in k for k in table["model_key"])
    at = page(app, "models", key="deepseek-v3")
    name = graph._read("MATCH (m:Model {key: 'deepseek-v3'}) RETURN m.name AS n")[0]["n"]
    assert at.title[0].value == md_escape(name)
    n = graph._read("MATCH (m:Model {key: 'deepseek-v3'}) MATCH (r:Result)-[:OF_MODEL]->(m) RETURN count(r) AS n")[0]["n"]
    assert len(frame(at, "benchmark_name")) == n > 0
    assert "2412.19437" in set(frame(at, "role")["arxiv_id"])


def test_search_finds_the_deepseek_papers(app: AppTest) -> None:
    at = page(app, "search")
    at.text_input(key="se-text").set_value("mixture-of-experts language model with efficient inference")
    at.button[0].click().run()
    assert not at.exception
    hits = frame(at, "score")
    assert len(hits) == 20 and hits["paper_page"].str.startswith("/paper?id=").all()
    assert set(hits["arxiv_id"].head(4)) & {"2405.04434", "2412.19437"}


def test_paper_page(app: AppTest, graph: Any) -> None:
    at = page(app, "paper", id=V3)
    assert at.title[0].value == "DeepSeek\\-V3 Technical Report"
    n = graph._read("MATCH (p:Paper {arxiv_id: $id}) MATCH (p)-[:REPORTS]->(r:Result) RETURN count(r) AS n",
                    {"id": V3})[0]["n"]
    assert len(frame(at, "benchmark_name")) == n
    orgs = frame(at, "confidence")
    assert orgs[["name", "country", "source"]].values.tolist()[0][1:] == ["CN", "pdf"]
    assert any("https://arxiv.org/abs/2412.19437" in m.value for m in at.markdown)
    sim = frame(at, "rank")
    assert len(sim) == 10 and V3 not in set(sim["arxiv_id"])
    # a title with Markdown/LaTeX specials is shown as the text it is
    at = page(app, "paper", id=MATH_TITLE_ID)
    title = graph._read("MATCH (p:Paper {arxiv_id: $id}) RETURN p.title AS t", {"id": MATH_TITLE_ID})[0]["t"]
    assert at.title[0].value == md_escape(title) and "\\$\\\\infty\\$" in at.title[0].value


def test_graph_explorer_neighbourhood(app: AppTest, graph: Any) -> None:
    at = page(app, "graph_explorer", kind="paper", id=V3)
    edges = frame(at, "relation")
    n_models = graph._read("MATCH (p:Paper {arxiv_id: $id}) MATCH (p)-[:INTRODUCES]->(m:Model) RETURN count(m) AS n",
                           {"id": V3})[0]["n"]
    assert (edges["relation"] == "INTRODUCES").sum() == n_models
    assert (edges["relation"] == "AFFILIATED_WITH").sum() == 1
    at = page(app, "graph_explorer", kind="model", id="deepseek-coder-v2")
    assert "BASED_ON" in set(frame(at, "relation")["relation"])


def test_collaboration_page(app: AppTest, graph: Any) -> None:
    at = page(app, "collaboration")
    n = graph._read("MATCH (p:Paper)-[:AFFILIATED_WITH]->(:Organization) RETURN count(DISTINCT p) AS n")[0]["n"]
    assert metric(at, "Papers with organisations") == f"{n:,}"
    edges = graph._read("MATCH (a:Model)-[:BASED_ON]->(b:Model) RETURN count(*) AS n")[0]["n"]
    assert edges > 0 and at.selectbox(key="cb-tree").value == 0
    at.radio(key="cb-level").set_value("countries").run()
    assert not at.exception


def test_cypher_console_runs_and_refuses(app: AppTest, graph: Any) -> None:
    at = page(app, "cypher_console")
    at.text_area(key="cy-query").set_value("MATCH (p:Paper) RETURN count(p) AS n")
    at.button(key="cy-run").click().run()
    assert frame(at, "n").iloc[0]["n"] == graph.count_papers()
    assert at.success[0].value == "1 row(s)"
    at.text_area(key="cy-query").set_value("MATCH (p:Paper) DETACH DELETE p")
    at.button(key="cy-run").click().run()
    assert at.error[0].value.startswith("Refused:") and "DETACH" in at.error[0].value
    at.text_area(key="cy-query").set_value("MATCH (p:Paper RETURN p")
    at.button(key="cy-run").click().run()
    assert at.error[0].value.startswith("Query error:")
    at.text_area(key="cy-query").set_value("MATCH (a:Author) MATCH (b:Author) WHERE a.name < b.name RETURN count(*) AS n")
    at.number_input(key="cy-timeout").set_value(0.05)
    at.button(key="cy-run").click().run()
    assert at.error[0].value.startswith("Timed out:")
    assert graph.count_papers() == len({r.arxiv_id for r in corpus()[0]})  # nothing was written


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_first_run_page_when_there_is_nothing_to_show(make: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SOTAGRAPH_HOME", str(home))
    monkeypatch.setenv("SOTAGRAPH_GRAPH", "embedded")
    if make == "empty":
        from graph.embedded import EmbeddedStore
        from tracker.config import load_settings

        EmbeddedStore(load_settings().store_path).close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Welcome to sotagraph"
    assert "sotagraph ingest" in at.code[0].value and "sotagraph backfill --from" in at.code[0].value
