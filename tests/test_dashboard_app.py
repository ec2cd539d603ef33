"""Every dashboard page run by Streamlit's AppTest on a store loaded with real papers; assertions are
on the numbers and rows shown, checked against the graph itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_support import MATH_TITLE_ID, app_home, corpus, full_home, fulltext_home
from streamlit.testing.v1 import AppTest

from dashboard.metrics import as_date, fmt_number
from dashboard.ui import md_escape

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
V3 = "2412.19437"
pytestmark = pytest.mark.usefixtures("shared_data")


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    return app_home(tmp_path_factory)


def _started_app(home: Path, monkeypatch: pytest.MonkeyPatch, timeout: int) -> AppTest:
    """The app over ``home``'s embedded store, run once with no exception shown."""
    monkeypatch.setenv("SOTAGRAPH_HOME", str(home))
    monkeypatch.setenv("SOTAGRAPH_GRAPH", "embedded")
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _reader(home: Path) -> Iterator[Any]:
    """Independent answers straight from the store (read-only, beside the app's handle)."""
    from graph.embedded import EmbeddedStore
    from tracker.config import load_settings

    store = EmbeddedStore(load_settings(home=home, graph="embedded").store_path, read_only=True)
    yield store
    store.close()


@pytest.fixture
def app(home: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return _started_app(home, monkeypatch, 120)


@pytest.fixture(scope="session")
def graph(home: Path) -> Iterator[Any]:
    yield from _reader(home)


# Every number check runs on three stores: the 1,204-paper sample, the whole 74,728-paper snapshot loaded
# with `backfill --from` (extraction, no embeddings), and the shared PDFs and reports read through the
# full-text path over loopback. The two full stores are built once per session (about two minutes).
STORES = ["sample", pytest.param("snapshot", marks=pytest.mark.slow), pytest.param("fulltext", marks=pytest.mark.slow)]
_BUILDERS = {"sample": app_home, "snapshot": full_home, "fulltext": fulltext_home}


@pytest.fixture(scope="session", params=STORES)
def any_home(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    return _BUILDERS[request.param](tmp_path_factory)


@pytest.fixture
def any_app(any_home: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return _started_app(any_home, monkeypatch, 300)


@pytest.fixture(scope="session")
def any_graph(any_home: Path) -> Iterator[Any]:
    yield from _reader(any_home)


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


def test_overview_shows_totals_categories_and_runs(any_app: AppTest, any_graph: Any) -> None:
    at, graph = page(any_app, "overview"), any_graph
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


def charts(at: AppTest) -> list[tuple[dict[str, Any], list[Any]]]:
    """Every Altair chart on the page: its Vega-Lite spec and its data frames (as the browser gets them)."""
    import json

    import pyarrow as pa

    out = []
    for e in at.get("vega_lite_chart"):
        frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in e.proto.datasets]
        out.append((json.loads(e.proto.spec), frames))
    return out


def _colour_map(spec: dict[str, Any]) -> dict[str, str]:
    layers = spec.get("layer") or [spec]
    for layer in layers:
        scale = (layer.get("encoding", {}).get("color") or {}).get("scale") or {}
        if "domain" in scale:
            return dict(zip(scale["domain"], scale["range"], strict=True))
    return {}


def test_countries_evidence_gate_zero_fill_and_colours(any_app: AppTest, any_graph: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.metrics import all_periods, colour, partial_flags, period_start

    at, graph = page(any_app, "countries"), any_graph
    pairs = graph._read("MATCH (p:Paper)-[:AFFILIATED_WITH]->(:Organization)-[:LOCATED_IN]->(c:Country) "
                        "RETURN DISTINCT p.arxiv_id AS id, p.published AS day, c.code AS c")
    known_ids = {r["id"] for r in pairs}
    known, n_papers = len(known_ids), graph.count_papers()
    assert metric(at, "n (papers with a known country)") == f"{known:,}"
    assert metric(at, "Attributed") == f"{known / n_papers * 100:.1f}%"
    status = {r["s"]: r["n"] for r in graph._read(
        "MATCH (p:Paper) RETURN coalesce(p.fulltext_status, 'pending') AS s, count(*) AS n")}
    assert metric(at, "Full text pending") == f"{status.get('pending', 0):,}"
    assert metric(at, "Full text read") == f"{status.get('fetched', 0) / n_papers * 100:.1f}%"
    present = {r["c"] for r in pairs}
    want_default = [c for c in ("US", "CN") if c in present] or sorted(present)[:2]
    assert sorted(at.multiselect(key="co-countries").value) == sorted(want_default)
    totals = frame(at, "name").set_index("country")["papers"]
    if n_papers > known:
        assert totals["Unknown"] == n_papers - known
    per_country = {c: sum(1 for r in pairs if r["c"] == c) for c in present}
    for code, n in per_country.items():
        assert totals[code] == n, code  # full counting: one per paper and country
    # every month from the first paper to the last, each chosen country drawn (0 when it has no paper)
    span = graph._read("MATCH (p:Paper) RETURN min(p.published) AS a, max(p.published) AS b")[0]
    months = all_periods(span["a"], span["b"], "month")
    (count_spec, count_data), (share_spec, share_data) = charts(at)[:2]
    bars = count_data[0]
    assert len(bars) == len(want_default) * len(months) and set(bars["country"]) == set(want_default)
    cypher_bars = {}
    for r in pairs:
        key = (period_start(r["day"], "month"), r["c"])
        cypher_bars[key] = cypher_bars.get(key, 0) + 1
    for row in bars.itertuples():
        assert row.papers == cypher_bars.get((as_date(row.period), row.country), 0), (row.period, row.country)
    flags = partial_flags(months, span["a"], span["b"], "month")
    assert bars.drop_duplicates("period")["partial"].tolist() == [flags[m] for m in months]
    if any(flags.values()):
        assert any(c.value.startswith("Partial months") for c in at.caption)
    # the minimum-n gate: a month with fewer than 30 papers with a known country has no share, and says so
    known_by_month: dict[Any, int] = {}
    for _pid, day in {(r["id"], r["day"]) for r in pairs}:
        m = period_start(day, "month")
        known_by_month[m] = known_by_month.get(m, 0) + 1
    shares = share_data[0].drop_duplicates("period")
    assert shares["enough"].tolist() == [known_by_month.get(as_date(p), 0) >= 30 for p in shares["period"]]
    assert share_data[0].loc[~share_data[0]["enough"], "share"].isna().all()
    gated = [c.value for c in at.caption if c.value.startswith("Not enough data (fewer than 30 papers")]
    assert bool(gated) == (not shares["enough"].all())
    # one colour per country whatever the selection
    assert all(_colour_map(count_spec)[c] == colour(c) for c in want_default)
    at.multiselect(key="co-countries").set_value(want_default[-1:]).run()
    assert _colour_map(charts(at)[0][0])[want_default[-1]] == colour(want_default[-1])
    at.radio(key="co-mode").set_value("fractional").run()
    totals = frame(at, "name").set_index("country")["papers"]
    assert totals.sum() == pytest.approx(n_papers)  # fractional: every paper counted exactly once
    # a lower minimum n draws every month that has a paper with a country
    monkeypatch.setenv("SOTAGRAPH_DASHBOARD_MIN_N", "1")
    at2 = AppTest.from_file(APP, default_timeout=300)
    at2.run()
    at2 = page(at2, "countries")
    shares2 = charts(at2)[1][1][0].drop_duplicates("period")
    assert shares2["enough"].tolist() == [known_by_month.get(as_date(p), 0) >= 1 for p in shares2["period"]]


def test_models_by_country_matches_cypher(any_app: AppTest, any_graph: Any) -> None:
    at, graph = page(any_app, "countries"), any_graph
    table = frame(at, "total").set_index("country")
    rows = graph._read("MATCH (p:Paper)-[:INTRODUCES]->(m:Model) MATCH (m)-[:DEVELOPED_BY]->(o:Organization) "
                       "MATCH (o)-[:LOCATED_IN]->(c:Country) RETURN DISTINCT m.key AS m, c.code AS c")
    per = {}
    for r in rows:
        per[r["c"]] = per.get(r["c"], 0) + 1
    for code, n in per.items():
        assert table.loc[code, "total"] == n, code
    at.toggle(key="co-mopen").set_value(True).run()
    opened = frame(at, "total").set_index("country")
    assert opened["total"].sum() <= table["total"].sum()


def test_since_last_night_lists_the_last_run(any_app: AppTest, any_graph: Any) -> None:
    from dashboard.data import SINCE_ROWS

    at, graph = page(any_app, "since"), any_graph
    run = graph._read("MATCH (r:IngestRun) WHERE r.status = 'ok' RETURN r.run_id AS id ORDER BY r.started DESC "
                      "LIMIT 1")[0]["id"]
    n = graph._read("MATCH (p:Paper) WHERE p.ingest_run = $r RETURN count(p) AS n", {"r": run})[0]["n"]
    assert metric(at, "Papers") == f"{n:,}"
    if n:
        shown = frame(at, "version")
        assert len(shown) == min(n, SINCE_ROWS)  # a first backfill's tens of thousands: the newest shown
        assert shown["published"].is_monotonic_decreasing
        assert any(c.value.startswith(f"Showing the first {SINCE_ROWS:,} of {n:,}") for c in at.caption) == \
            (n > SINCE_ROWS)


def test_since_last_night_sample_run(app: AppTest, graph: Any) -> None:
    at = page(app, "since")
    assert metric(at, "Papers") == f"{graph.count_papers():,}"
    assert int(metric(at, "New state of the art").replace(",", "")) > 0
    # DeepSeek-V3 (Dec 2024) is older than the 1,000 newest papers listed, but its new results are listed
    assert any(V3 in set(d.value["arxiv_id"]) for d in at.dataframe if "arxiv_id" in d.value.columns)


def _selects_papers(spec: Any) -> bool:
    """The chart's points carry the click selection of their paper (the page opens it: see test_browser)."""
    if isinstance(spec, dict):
        sel = spec.get("select")
        if spec.get("name") == "evidence" and isinstance(sel, dict) and sel.get("fields") == ["arxiv_id"]:
            return True
        return any(_selects_papers(v) for v in spec.values())
    if isinstance(spec, list):
        return any(_selects_papers(v) for v in spec)
    return False


def _best(values: list[float], higher: bool) -> float:
    return max(values) if higher else min(values)


def test_open_vs_closed_frontiers_gap_and_steps(any_app: AppTest, any_graph: Any) -> None:
    from dashboard.metrics import higher_is_better

    at, graph = page(any_app, "open_closed"), any_graph
    bench = at.selectbox(key="oc-bench").value
    metric_name = at.selectbox(key="oc-metric").value
    info = graph._read("MATCH (b:Benchmark {key: $b}) RETURN b.higher_is_better AS h, b.metric AS m", {"b": bench})[0]
    higher = higher_is_better(info["h"], str(info["m"] or bench))
    rows = graph._read("MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark {key: $b}) MATCH (r)-[:OF_MODEL]->(m:Model) "
                       "MATCH (p:Paper)-[:REPORTS]->(r) "
                       "RETURN r.value AS v, r.metric AS metric, m.is_open AS open, p.arxiv_id AS paper", {"b": bench})
    rows = [r for r in rows if (r["metric"] or "") == metric_name]
    closed = [r["v"] for r in rows if r["open"] is False]
    opened = [r["v"] for r in rows if r["open"] is True]
    assert metric(at, "Closed frontier") == (fmt_number(_best(closed, higher)) if closed else "–")
    assert metric(at, "Open frontier") == (fmt_number(_best(opened, higher)) if opened else "–")
    summary = [d.value for d in at.dataframe if "lag_months" in d.value.columns]
    if summary:
        assert summary[0]["lag_months"].median() == pytest.approx(float(metric(at, "Median lag (months)")), abs=0.051)
    if not closed and not opened:
        return
    steps = frame(at, "frontier")
    assert set(steps["frontier"]) == {side for side, vals in (("closed", closed), ("open", opened)) if vals}
    if opened:
        assert steps[steps.frontier == "open"]["value"].agg("max" if higher else "min") == _best(opened, higher)
    assert steps["paper_page"].str.startswith("/paper?id=").all() and steps["arxiv"].str.startswith("https://arxiv").all()
    # each frontier point is a link to its evidence: the paper page of the result that set it
    spec, datasets = charts(at)[0]
    points = next(d for d in datasets if "link" in d.columns)
    assert len(points) == len(steps)
    assert sorted(points["link"]) == sorted(steps["paper_page"])
    assert set(points["result"]) == set(steps["result"])
    assert set(points["arxiv_id"]) <= {r["paper"] for r in rows}
    assert _selects_papers(spec)


def test_leaderboard_best_per_model_and_open_filter(any_app: AppTest, any_graph: Any) -> None:
    at, graph = page(any_app, "leaderboards"), any_graph
    bench = at.selectbox(key="lb-bench").value
    metric_name = at.selectbox(key="lb-metric").value
    board = frame(at, "rank")
    higher = "higher is better" in next(h.value for h in at.subheader if "best result per model" in h.value)
    rows = graph._read("MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark {key: $b}) MATCH (r)-[:OF_MODEL]->(m:Model) "
                       "MATCH (p:Paper)-[:REPORTS]->(r) "
                       "RETURN m.key AS model, r.value AS v, r.metric AS metric, m.is_open AS open, p.arxiv_id AS paper",
                       {"b": bench})
    rows = [r for r in rows if (r["metric"] or "") == metric_name]
    best: dict[str, float] = {}
    for r in rows:
        best[r["model"]] = _best([best.get(r["model"], r["v"]), r["v"]], higher)
    assert len(board) == len(best)
    assert dict(zip(board["model_key"], board["value"], strict=True)) == best
    # the state of the art over time: every result a dot linked to its paper page, the steps listed with theirs
    spec, datasets = charts(at)[0]
    dots = next(d for d in datasets if "link" in d.columns)
    assert len(dots) == len(rows) and set(dots["link"]) == {f"/paper?id={r['paper']}" for r in rows}
    assert _selects_papers(spec)
    steps = frame(at, "frontier")
    assert steps["value"].iloc[-1] == _best(list(best.values()), higher)
    assert steps["paper_page"].str.startswith("/paper?id=").all()
    at.toggle(key="lb-open").set_value(True).run()
    if any(r["open"] is True for r in rows):
        board = frame(at, "rank")
        assert board["open"].all() and len(board) == len({r["model"] for r in rows if r["open"] is True})


def test_labs_papers_match_cypher(any_app: AppTest, any_graph: Any) -> None:
    at, graph = page(any_app, "labs"), any_graph
    want = {r["org"]: r["n"] for r in graph._read("MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization) "
                                                  "RETURN o.key AS org, count(DISTINCT p) AS n")}
    ranking = frame(at, "lab").set_index("org")
    got = {k: v for k, v in ranking["papers"].items() if v}
    assert got == want  # the default period is all the data
    attributed = len({r["p"] for r in graph._read("MATCH (p:Paper)-[:AFFILIATED_WITH]->(:Organization) "
                                                   "RETURN DISTINCT p.arxiv_id AS p")})
    assert metric(at, "n (papers with an organisation)") == f"{attributed:,}"
    assert metric(at, "Attributed") == f"{attributed / graph.count_papers() * 100:.1f}%"


def test_paper_page_numbers_match_cypher(any_app: AppTest, any_graph: Any) -> None:
    graph = any_graph
    top = graph._read("MATCH (p:Paper)-[:REPORTS]->(r:Result) RETURN p.arxiv_id AS id, count(r) AS n "
                      "ORDER BY n DESC, id LIMIT 1")
    pid = top[0]["id"] if top else graph._read("MATCH (p:Paper) RETURN p.arxiv_id AS id LIMIT 1")[0]["id"]
    at = page(any_app, "paper", id=pid)
    title = graph._read("MATCH (p:Paper {arxiv_id: $id}) RETURN p.title AS t", {"id": pid})[0]["t"]
    assert at.title[0].value == md_escape(title)
    if top:
        assert len(frame(at, "benchmark_name")) == top[0]["n"]
    orgs = graph._read("MATCH (p:Paper {arxiv_id: $id})-[:AFFILIATED_WITH]->(o:Organization) RETURN o.key AS k",
                       {"id": pid})
    if orgs:
        assert sorted(frame(at, "confidence")["org"]) == sorted(r["k"] for r in orgs)


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
    assert any(m.value.startswith("`deepseek-v3` · family") for m in at.markdown)  # the key as typed, no "\\-"
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
    top = hits.iloc[0]
    assert top["authors"] and top["abstract"] and top["published"] is not None
    at.selectbox(key="se-cat").set_value("cs.CL")
    at.button[0].click().run()
    assert all("cs.CL" in c.split(", ") for c in frame(at, "score")["categories"])  # the filter matches the rows
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


def test_collaboration_page(any_app: AppTest, any_graph: Any) -> None:
    from dashboard.metrics import all_periods, partial_flags, period_start

    at, graph = page(any_app, "collaboration"), any_graph
    n = graph._read("MATCH (p:Paper)-[:AFFILIATED_WITH]->(:Organization) RETURN count(DISTINCT p) AS n")[0]["n"]
    assert metric(at, "Papers with organisations") == f"{n:,}"
    # US-China share: every month drawn (0 papers when empty), partial months flagged, counts as in Cypher
    pairs = graph._read("MATCH (p:Paper)-[:AFFILIATED_WITH]->(:Organization)-[:LOCATED_IN]->(c:Country) "
                        "WHERE c.code IN ['US', 'CN'] RETURN DISTINCT p.arxiv_id AS id, p.published AS day, c.code AS c")
    share = [d for _, ds in charts(at) for d in ds if "either" in d.columns]
    if not pairs:
        return
    share = share[0]
    span = graph._read("MATCH (p:Paper) RETURN min(p.published) AS a, max(p.published) AS b")[0]
    months = all_periods(span["a"], span["b"], "month")
    assert [as_date(p) for p in share["period"]] == months
    by: dict[str, set[str]] = {}
    for r in pairs:
        by.setdefault(r["id"], set()).add(r["c"])
    day = {r["id"]: r["day"] for r in pairs}
    either = {m: sum(1 for i in by if period_start(day[i], "month") == m) for m in months}
    both = {m: sum(1 for i, cs in by.items() if len(cs) == 2 and period_start(day[i], "month") == m) for m in months}
    assert share["either"].tolist() == [either[m] for m in months]
    assert share["both"].tolist() == [both[m] for m in months]
    flags = partial_flags(months, span["a"], span["b"], "month")
    assert share["partial"].tolist() == [flags[m] for m in months]
    assert share.loc[share["either"] < 30, "share"].isna().all()
    edges = graph._read("MATCH (a:Model)-[:BASED_ON]->(b:Model) RETURN count(*) AS n")[0]["n"]
    assert edges > 0 and at.selectbox(key="cb-lineage").value
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


def test_console_schema_panel_and_examples_that_return_rows(app: AppTest, graph: Any) -> None:
    from graph.cypher.dashboard import EXAMPLE_QUERIES

    at = page(app, "cypher_console")
    labels = frame(at, "label").set_index("label")
    assert labels.loc["Paper", "nodes"] == graph.count_papers() and "arxiv_id" in labels.loc["Paper", "properties"]
    assert "is_open" in labels.loc["Model", "properties"]
    rels = frame(at, "relationship").set_index("relationship")
    assert rels.loc["(:Paper)-[:REPORTS]->(:Result)", "count"] == graph.counts()["relationships"]["REPORTS"]
    for name, query in EXAMPLE_QUERIES.items():
        assert graph.read_only_query(query).rows, f"example {name!r} returns no row"


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


def test_open_vs_closed_opens_the_linked_benchmark(app: AppTest) -> None:
    at = page(app, "open_closed", benchmark="mmlu")
    assert at.selectbox(key="oc-bench").value == "mmlu"
    assert int(metric(at, "Benchmarks with ≥ 3 results on both sides")) >= 1
