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
higher = benches.set_index("key").loc[bench, "higher_is_better"] is not False
metric_counts = pd.Series([r.get("metric") or "" for r in results]).value_counts()
metric = c2.selectbox("Metric", metric_counts.index.tolist(), key="lb-metric",
                      format_func=lambda m: f"{m or '(unnamed)'} ({metric_counts[m]})")
rows = metrics.with_metric(results, metric)
dates = [d for r in rows if (d := metrics.as_date(r.get("published"))) is not None]
if dates:
    period = st.date_input("Period (paper date)", value=(min(dates), max(dates)), min_value=min(dates),
                           max_value=max(dates), key=f"lb-period-{bench}-{metric}")
    if isinstance(period, tuple) and len(period) == 2:
        rows = [r for r in rows if period[0] <= (metrics.as_date(r.get("published")) or period[0]) <= period[1]]
f1, f2, f3, f4 = st.columns(4)
open_only = f1.toggle("Open weights only", key="lb-open")
countries = f2.multiselect("Developer country", sorted({r["country"] for r in rows if r.get("country")}),
                           key="lb-country")
sources = f3.multiselect("Source", sorted({r["source"] for r in rows if r.get("source")}), key="lb-source",
                         help="abstract, text or table (PDF result tables)")
self_rep = f4.selectbox("Self-reported", ["any", "only self-reported", "only third-party"], key="lb-self")
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
sota = metrics.step_series(steps, "state of the art", max(steps[-1].day, data.status().newest or steps[-1].day))
ch = alt.Chart(sota).mark_line(interpolate="step-after", point=True).encode(
    x="date:T", y=alt.Y("value:Q", scale=alt.Scale(zero=False)), tooltip=["date:T", "model:N", "value:Q"])
ui.chart(ch, metrics.steps_table(steps, "sota"), f"sota_{bench}")
