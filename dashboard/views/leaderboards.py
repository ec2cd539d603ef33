"""Leaderboards: per benchmark, the best result per model and the state of the art over time."""

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, metrics, ui

st.title("Leaderboards")
benches, keys, names = ui.benchmarks_or_stop()
c1, c2 = st.columns([2, 1])
bench = c1.selectbox("Benchmark", keys, key="lb-bench", format_func=lambda k: names.get(k, k))
results = data.benchmark_results(bench)
info = benches.set_index("key").loc[bench]
higher = metrics.higher_is_better(info["higher_is_better"], str(info["metric"] or "") or None)
metric_counts = pd.Series([r.get("metric") or "" for r in results]).value_counts()
metric = c2.selectbox("Metric", metric_counts.index.tolist(), key="lb-metric",
                      format_func=lambda m: f"{m or '(unnamed)'} ({metric_counts[m]})")
rows = metrics.with_metric(results, metric)
# the chosen metric's own direction: its name (FID on CIFAR-10 goes down), else what its results say
# (each result records its metric's direction), else the benchmark's
own = [r["higher_is_better"] for r in rows if r.get("higher_is_better") in (True, False)]
flag = (2 * sum(own) >= len(own)) if own else info["higher_is_better"]
higher = metrics.higher_is_better(flag, metric or str(info["metric"] or ""))
variants = pd.Series([r.get("setting") or "(none)" for r in rows]).value_counts()
with st.expander(f"Variants of {names.get(bench, bench)}: {len(variants)} setting(s), {len(metric_counts)} metric(s)"):
    st.dataframe(pd.DataFrame({"setting": variants.index, "results": variants.values}), hide_index=True)
    st.dataframe(pd.DataFrame({"metric": metric_counts.index, "results": metric_counts.values}), hide_index=True)
dates = [d for r in rows if (d := metrics.as_date(r.get("published"))) is not None]
if dates:
    period = st.date_input("Period (paper date)", value=(min(dates), max(dates)), min_value=min(dates),
                           max_value=max(dates), key=f"lb-period-{bench}-{metric}")
    if isinstance(period, tuple) and len(period) == 2:
        rows = [r for r in rows if period[0] <= (metrics.as_date(r.get("published")) or period[0]) <= period[1]]
settings_pick = st.multiselect("Setting", sorted(variants.index), key="lb-setting",
                               help="compare like with like: e.g. 5-shot, 0-shot CoT")
if settings_pick:
    rows = [r for r in rows if (r.get("setting") or "(none)") in settings_pick]
f1, f2, f3, f4 = st.columns(4)
open_only = f1.toggle("Open weights only", key="lb-open")
countries = f2.multiselect("Developer country", sorted({r["country"] for r in rows if r.get("country")}),
                           key="lb-country")
sources = f3.multiselect("Source", sorted({r["source"] for r in rows if r.get("source")}), key="lb-source",
                         help="abstract, text or table (PDF result tables)")
self_rep = f4.selectbox("Self-reported", ["any", "only self-reported", "only third-party"], key="lb-self",
                        help="self-reported: the model's own paper; third-party: other papers and independent "
                             "curated runs (Epoch)")
flt = metrics.filter_results(rows, open_only=open_only, countries=countries, sources=sources,
                             self_reported={"any": None, "only self-reported": True,
                                            "only third-party": False}[self_rep])
board = metrics.leaderboard(flt, higher)
st.subheader(f"{names.get(bench, bench)}: best result per model ({len(board)} models, "
             f"{'higher' if higher else 'lower'} is better)")
if board.empty:
    ui.no_data("no result passes these filters")
    st.stop()
ui.table(ui.add_links(board), f"leaderboard_{bench}", key="lb-board", height=400)
st.subheader("State of the art over time")
steps = metrics.frontier_steps(flt, higher)
dots = pd.DataFrame([{"date": d, "value": float(r["value"]), "model": r.get("model_name") or r["model"],
                      "open": {True: "open", False: "closed"}.get(r.get("is_open"), "unknown"),
                      "setting": r.get("setting"), "arxiv_id": r.get("arxiv_id"),
                      "link": ui.paper_url(r["arxiv_id"]) if r.get("arxiv_id") else None}
                     for r in flt if (d := metrics.as_date(r.get("published"))) is not None
                     and metrics._finite(r.get("value"))])
sota = metrics.step_series(steps, "state of the art", max(steps[-1].day, data.status().newest or steps[-1].day)) \
    if steps else pd.DataFrame(columns=metrics.STEP_SERIES_COLUMNS)
st.caption(f"Every result is a dot (colour: open weights or closed); the line is the best so far "
           f"({'higher' if higher else 'lower'} is better). Click a dot to open the paper it comes from.")
y = alt.Y("value:Q", scale=alt.Scale(zero=False, reverse=not higher), axis=alt.Axis(format="~g"),
          title=f"{metric or 'value'} ({'higher' if higher else 'lower'} is better)")
dom = ["open", "closed", "unknown"]
pts = alt.Chart(dots).mark_circle(size=50, opacity=0.6, cursor="pointer").encode(
    x=alt.X("date:T", axis=alt.Axis(format="%b %Y")), y=y,
    color=alt.Color("open:N", title="model", scale=alt.Scale(domain=dom, range=[metrics.colour(k) for k in dom])),
    tooltip=[alt.Tooltip("date:T", format="%-d %b %Y"), "model:N", alt.Tooltip("value:Q", format="~g"),
             "setting:N", alt.Tooltip("arxiv_id:N", title="paper (click to open)")]).add_params(ui.evidence_selection())
line = alt.Chart(sota).mark_line(interpolate="step-after", color=metrics.colour("state of the art")).encode(
    x="date:T", y="value:Q", tooltip=[alt.Tooltip("date:T", format="%-d %b %Y"), "model:N",
                                      alt.Tooltip("value:Q", format="~g")])
steps_df = metrics.steps_table(steps, "sota")
ui.chart_opening_papers(alt.layer(pts, line), steps_df, f"sota_{bench}", key=f"lb-sota-{bench}-{metric}")
st.subheader("Results behind each state-of-the-art step")
ui.table(ui.add_links(steps_df), f"sota_steps_{bench}", key="lb-steps")
