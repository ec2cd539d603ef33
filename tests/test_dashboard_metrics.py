"""The dashboard's definitions (docs/architecture.md) as pure functions: frontiers, gap and lag, country
counting, collaboration networks, leaderboards, lineage, safe text."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import metrics
from dashboard.ui import md_escape


def res(model: str, value: float, day: date, is_open: bool | None, **extra: object) -> dict[str, object]:
    return {"model": model, "model_name": model, "value": value, "published": day, "is_open": is_open,
            "arxiv_id": f"p-{model}", "title": f"paper of {model}", **extra}


# Frontier example worked by hand (MMLU-like, higher is better):
#   closed: 2024-01-01 80 (A), 2024-06-01 86 (B)          open: 2024-03-01 70 (X), 2024-09-01 84 (Y), 2025-01-01 88 (Z)
ROWS = [res("A", 80, date(2024, 1, 1), False), res("B", 86, date(2024, 6, 1), False),
        res("C", 75, date(2024, 7, 1), False),  # below the closed frontier: no step
        res("X", 70, date(2024, 3, 1), True), res("Y", 84, date(2024, 9, 1), True),
        res("Z", 88, date(2025, 1, 1), True), res("U", 99, date(2024, 2, 1), None)]


def test_frontier_steps_keep_only_improvements_in_date_order() -> None:
    steps = metrics.frontier_steps([r for r in ROWS if r["is_open"] is False])
    assert [(s.day, s.value, s.row["model"]) for s in steps] == [(date(2024, 1, 1), 80, "A"), (date(2024, 6, 1), 86, "B")]
    lower = metrics.frontier_steps([res("a", 3.0, date(2024, 1, 1), True), res("b", 2.5, date(2024, 2, 1), True),
                                    res("c", 2.9, date(2024, 3, 1), True)], higher_is_better=False)
    assert [s.value for s in lower] == [3.0, 2.5]


def test_gap_in_points_and_lag_in_months_follow_the_design_definitions() -> None:
    gap = metrics.open_closed_gap(ROWS).set_index("date")
    # 2024-03-01: C = 80, O = 70 -> gap 10; closed first reached 70 on 2024-01-01 -> lag 60 days = 2.0 months
    assert gap.loc[date(2024, 3, 1), "gap"] == 10
    assert gap.loc[date(2024, 3, 1), "lag_months"] == round(60 / metrics.DAYS_PER_MONTH, 1) == 2.0
    # 2024-09-01: C = 86, O = 84 -> gap 2; closed reached 84 on 2024-06-01 -> 92 days = 3.0 months
    assert gap.loc[date(2024, 9, 1), "gap"] == 2
    assert gap.loc[date(2024, 9, 1), "lag_months"] == 3.0
    # 2025-01-01: open 88 passes every closed result -> negative gap, no lag
    assert gap.loc[date(2025, 1, 1), "gap"] == -2
    assert gap.loc[date(2025, 1, 1), "lag_months"] == 0.0
    # before any open result there is no gap; the unknown-openness 99 never counts
    assert gap.loc[date(2024, 1, 1), "open"] is None or gap["open"].isna()[date(2024, 1, 1)]
    assert 99 not in gap["closed"].tolist() + gap["open"].tolist()


def test_lower_is_better_gap_is_positive_when_closed_leads() -> None:
    rows = [res("c", 2.0, date(2024, 1, 1), False), res("o", 2.5, date(2024, 2, 1), True)]
    gap = metrics.open_closed_gap(rows, higher_is_better=False)
    assert gap.iloc[-1]["gap"] == 0.5


def test_full_and_fractional_country_counting_with_unknown() -> None:
    papers = [{"day": date(2025, 3, 3), "countries": ["US", "CN"]}, {"day": date(2025, 3, 20), "countries": ["US"]},
              {"day": date(2025, 4, 2), "countries": ["CN", "CN", "GB"]}]
    totals = [{"day": date(2025, 3, 3), "papers": 4}, {"day": date(2025, 3, 20), "papers": 1},
              {"day": date(2025, 4, 2), "papers": 1}]
    full = metrics.country_counts(papers, totals, "month", "full")
    frac = metrics.country_counts(papers, totals, "month", "fractional")
    get = lambda df, p, c: float(df[(df.period == p) & (df.country == c)]["papers"].sum())  # noqa: E731
    march, april = date(2025, 3, 1), date(2025, 4, 1)
    assert (get(full, march, "US"), get(full, march, "CN"), get(full, march, metrics.UNKNOWN)) == (2, 1, 3)
    assert (get(frac, march, "US"), get(frac, march, "CN")) == (1.5, 0.5)
    assert get(frac, april, "CN") == get(frac, april, "GB") == 0.5
    # fractional counts of a period sum to its papers: nothing dropped, nothing double-counted
    assert frac.groupby("period")["papers"].sum().to_dict() == {march: 5.0, april: 1.0}
    assert metrics.country_coverage(papers, totals) == (3, 6)
    share = metrics.country_share(full)
    assert share[(share.period == march)]["share"].sum() == pytest.approx(1.0)
    with pytest.raises(ValueError):
        metrics.country_counts(papers, totals, "month", "half")


def test_us_china_share() -> None:
    papers = [{"day": date(2025, 3, 3), "countries": ["US", "CN"]}, {"day": date(2025, 3, 9), "countries": ["US"]},
              {"day": date(2025, 3, 9), "countries": ["CN", "SG"]}, {"day": date(2025, 3, 9), "countries": ["FR"]}]
    share = metrics.us_china_share(papers, "month")
    assert share.to_dict("records") == [{"period": date(2025, 3, 1), "both": 1, "either": 3, "share": 1 / 3}]
    # given the data's span: every month drawn (an empty one as 0 papers, no share), partial months flagged
    filled = metrics.us_china_share(papers, "month", first=date(2025, 1, 15), last=date(2025, 4, 30))
    assert filled["period"].tolist() == [date(2025, m, 1) for m in (1, 2, 3, 4)]
    assert filled["either"].tolist() == [0, 0, 3, 0] and filled["both"].tolist() == [0, 0, 1, 0]
    assert filled["share"].isna().tolist() == [True, True, False, True]
    assert filled["partial"].tolist() == [True, False, False, False]


def test_frontier_points_carry_their_evidence() -> None:
    rows = [{"published": date(2025, 3, 1), "value": 70.0, "model_name": "A", "arxiv_id": "2503.00001", "result": "r1"},
            {"published": date(2025, 5, 1), "value": 75.0, "model_name": "B", "arxiv_id": "2505.00002", "result": "r2"},
            {"published": date(2025, 6, 1), "value": 72.0, "model_name": "C", "arxiv_id": "2506.00003", "result": "r3"}]
    steps = metrics.frontier_steps(rows)
    line = metrics.step_series(steps, "open", date(2025, 7, 1))
    assert line[line["evidence"]][["arxiv_id", "result"]].values.tolist() == [["2503.00001", "r1"], ["2505.00002", "r2"]]
    assert line.iloc[-1]["date"] == date(2025, 7, 1) and not line.iloc[-1]["evidence"]  # carried, no result of its own
    assert metrics.steps_table(steps, "open")["result"].tolist() == ["r1", "r2"]


def test_week_and_month_periods() -> None:
    assert metrics.period_start(date(2025, 3, 20), "week") == date(2025, 3, 17)
    assert metrics.period_start(date(2025, 3, 20), "month") == date(2025, 3, 1)
    rows = [{"day": date(2025, 3, 20), "category": "cs.CL", "papers": 2},
            {"day": date(2025, 3, 21), "category": "cs.CL", "papers": 1},
            {"day": date(2025, 3, 21), "category": "cs.CV", "papers": 5}]
    df = metrics.papers_over_time(rows, "month", top=1)
    assert df.to_dict("records") == [{"period": date(2025, 3, 1), "category": "cs.CV", "papers": 5},
                                     {"period": date(2025, 3, 1), "category": "other", "papers": 3}]


def test_collaboration_graph_weights_centrality_and_communities() -> None:
    groups = [["mit", "google"], ["mit", "google"], ["mit", "google", "stanford"], ["tsinghua", "alibaba"],
              ["tsinghua", "alibaba"], ["mit"], ["stanford", "berkeley"]]
    full = metrics.collaboration_graph(groups, "full")
    frac = metrics.collaboration_graph(groups, "fractional")
    assert full["mit"]["google"]["weight"] == 3 and full.nodes["mit"]["papers"] == 4
    assert frac["mit"]["google"]["weight"] == pytest.approx(2 + 1 / 3)
    assert frac["google"]["stanford"]["weight"] == pytest.approx(1 / 3)
    pairs = metrics.strongest_pairs(full, 2)
    assert pairs[["a", "b", "weight"]].values.tolist() == [["google", "mit", 3.0], ["alibaba", "tsinghua", 2.0]]
    cent = metrics.centrality(full).set_index("node")
    assert cent.loc["mit", "strength"] == 4 and cent.loc["mit", "collaborators"] == 2
    assert cent.loc["stanford", "betweenness"] > cent.loc["berkeley", "betweenness"] == 0  # berkeley reaches all via it
    comms = metrics.communities(full)
    assert ["alibaba", "tsinghua"] in comms and all("alibaba" not in c for c in comms if "mit" in c)


def test_leaderboard_best_per_model_and_filters() -> None:
    rows = [res("A", 80, date(2024, 1, 1), False, source="abstract", country="US", self_reported=True),
            res("A", 82, date(2024, 5, 1), False, source="table", country="US", self_reported=False),
            res("X", 81, date(2024, 2, 1), True, source="table", country="CN", self_reported=True)]
    board = metrics.leaderboard(rows)
    assert board[["rank", "model_key", "value"]].values.tolist() == [[1, "A", 82.0], [2, "X", 81.0]]
    assert [r["model"] for r in metrics.filter_results(rows, open_only=True)] == ["X"]
    assert len(metrics.filter_results(rows, countries=["US"], sources=["table"])) == 1
    assert [r["value"] for r in metrics.filter_results(rows, self_reported=True)] == [80, 81]
    sota = metrics.frontier_results([{**r, "benchmark": "mmlu", "metric": "acc"} for r in rows])
    assert [r["value"] for r in sota] == [80, 81, 82]


def test_lab_ranking_merges_papers_models_and_frontier_credit() -> None:
    orgs = [{"org": "deepseek", "name": "DeepSeek", "country": "CN", "type": "company"},
            {"org": "openai", "name": "OpenAI", "country": "US", "type": "company"}]
    df = metrics.lab_ranking(orgs, [{"org": "deepseek", "papers": 4}],
                             [{"org": "deepseek", "model": "v3"}, {"org": "deepseek", "model": "v3"},
                              {"org": "deepseek", "model": "r1"}],
                             [{"model": "gpt-4o"}, {"model": "v3"}], {"gpt-4o": "openai", "v3": "deepseek"})
    assert df[["org", "country", "papers", "models_introduced", "frontier_results"]].values.tolist() == [
        ["deepseek", "CN", 4, 2, 1], ["openai", "US", 0, 0, 1]]


def test_lineage_trees() -> None:
    edges = [{"model": "coder-v2", "base": "v2"}, {"model": "v2-chat", "base": "v2"}, {"model": "r1", "base": "v3"},
             {"model": "r1-distill", "base": "r1"}]
    g = metrics.lineage_graph(edges)
    assert set(metrics.lineage_of(g, "r1").nodes) == {"v3", "r1", "r1-distill"}
    assert [sorted(t.nodes) for t in metrics.lineage_trees(g)] == [["coder-v2", "v2", "v2-chat"],
                                                                   ["r1", "r1-distill", "v3"]]
    assert metrics.lineage_of(g, "missing").number_of_nodes() == 0


def test_titles_render_as_text() -> None:
    title = "Towards $\\infty$-LLMs <b>bold</b> *not emphasis* [link](http://x)"
    escaped = md_escape(title)
    assert "<b>" not in escaped and "\\<b\\>" in escaped
    assert "\\$\\\\infty\\$" in escaped and "\\*not emphasis\\*" in escaped and "\\[link\\]" in escaped


# ---- evidence before trend ---------------------------------------------------------------------
def test_wilson_interval() -> None:
    from dashboard.metrics import wilson

    lo, hi = wilson(8, 10)
    assert 0.49 < lo < 0.5 and 0.94 < hi < 0.95  # the textbook 95% Wilson interval of 8/10 (0.490, 0.943)
    assert wilson(0, 0) == (0.0, 0.0)
    lo, hi = wilson(0, 20)
    assert lo == 0.0 and 0.15 < hi < 0.17


def test_share_series_zero_fills_marks_partial_and_gates_thin_periods() -> None:
    from dashboard.metrics import country_counts, share_series

    rows = [{"day": date(2025, 3, 18), "countries": ["US"]}] * 40 + [{"day": date(2025, 5, 2), "countries": ["CN"]}] * 5
    totals = [{"day": date(2025, 3, 18), "papers": 40}, {"day": date(2025, 5, 2), "papers": 5}]
    s = share_series(country_counts(rows, totals), "country", date(2025, 3, 18), date(2025, 5, 2), "month", 30,
                     ["US", "CN"])
    assert [str(p) for p in s["period"].unique()] == ["2025-03-01", "2025-04-01", "2025-05-01"]  # April drawn
    april = s[s["period"] == date(2025, 4, 1)]
    assert (april["papers"] == 0).all() and not april["enough"].any() and april["share"].isna().all()
    march = s[(s["period"] == date(2025, 3, 1)) & (s["country"] == "US")].iloc[0]
    assert march["share"] == 1.0 and march["enough"] and march["partial"]  # data starts on the 18th
    may = s[s["period"] == date(2025, 5, 1)]
    assert may["partial"].all() and may["share"].isna().all()  # 5 papers < 30: no share drawn


def test_colours_are_stable_per_name() -> None:
    from dashboard.metrics import colour, colour_scale

    assert colour("US") != colour("CN") and colour("open") != colour("closed")
    assert colour_scale(["CN", "US"]) == colour_scale(["US", "CN", "US"])
    _, both = colour_scale(["US", "CN", "FR"])
    _, one = colour_scale(["CN"])
    assert one[0] in both and colour("Some Lab") == colour("Some Lab")


def test_direction_and_formats() -> None:
    from dashboard.metrics import fmt_number, fmt_pct, fmt_period, higher_is_better

    assert higher_is_better(None, "FID") is False and higher_is_better(None, "perplexity") is False
    assert higher_is_better(None, "word error rate") is False and higher_is_better(None, "accuracy") is True
    # an FID column on an accuracy benchmark (CIFAR-10 marked higher-is-better) still goes down
    assert higher_is_better(True, "FID") is False and higher_is_better(False, "accuracy") is False
    assert higher_is_better(True, "top-1 accuracy") is True and higher_is_better(None, None) is True
    assert fmt_number(77.3) == "77.3" and fmt_number(1234.0) == "1,234" and fmt_number(None) == "–"
    assert fmt_pct(0.005) == "0.5%" and fmt_period(date(2025, 3, 3), "week") == "week of 3 Mar 2025"
    assert fmt_period(date(2025, 3, 7), "month") == "Mar 2025"


def test_models_by_country_and_gap_summary() -> None:
    from dashboard.metrics import default_gap_benchmark, gap_summary, median_lag, models_by_country

    rows = [{"model": "a", "day": date(2024, 2, 1), "country": "US", "is_open": False},
            {"model": "a", "day": date(2025, 1, 1), "country": "US", "is_open": False},  # first paper counts
            {"model": "b", "day": date(2024, 5, 1), "country": "CN", "is_open": True},
            {"model": "c", "day": date(2025, 5, 1), "country": None, "is_open": True}]
    df = models_by_country(rows, "year")
    assert {(r.period, r.country): r.models for r in df.itertuples()} == {("2024", "US"): 1, ("2024", "CN"): 1,
                                                                          ("2025", "Unknown"): 1}
    assert set(models_by_country(rows, "quarter", open_only=True)["period"]) == {"2024 Q2", "2025 Q2"}
    assert models_by_country(rows, "year", notable={"a"})["models"].sum() == 1

    def r(bench: str, day: str, v: float, is_open: bool) -> dict:
        return {"benchmark": bench, "metric": "acc", "value": v, "is_open": is_open,
                "published": date.fromisoformat(day), "higher_is_better": True}

    res = [r("x", "2025-01-01", 80, False), r("x", "2025-02-01", 85, False), r("x", "2025-03-01", 90, False),
           r("x", "2025-04-01", 70, True), r("x", "2025-05-01", 80, True), r("x", "2025-06-01", 84, True),
           r("y", "2025-01-01", 50, False), r("y", "2025-02-01", 40, True)]
    summary = gap_summary(res, min_side=3)
    assert list(summary["benchmark"]) == ["x"]  # y has one result a side
    # on 1 June the open best is 84; closed reached >= 84 on 1 Feb: lag = 4 months
    assert summary.iloc[0]["gap"] == 6.0 and summary.iloc[0]["lag_months"] == pytest.approx(3.9, abs=0.1)
    assert median_lag(summary) == summary.iloc[0]["lag_months"]
    assert default_gap_benchmark(res) == "x"
