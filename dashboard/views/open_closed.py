"""Open vs closed: per benchmark, the closed and open frontiers, the gap in points, the lag in months."""

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, metrics, ui

st.title("Open vs closed")
st.caption("C(t) = best score reported up to t by a closed model, O(t) = the same for open-weights models. "
           "Gap = C(t) − O(t) in points; lag at t = t − the first date a closed model reached O(t).")
benches, keys, names = ui.benchmarks_or_stop()
wanted = st.query_params.get("benchmark") or ("mmlu" if "mmlu" in keys else keys[0])
bench = st.selectbox("Benchmark", keys, index=keys.index(wanted) if wanted in keys else 0, key="oc-bench",
                     format_func=lambda k: f"{names.get(k, k)} ({int(benches.set_index('key').loc[k, 'results'])} results)")
results = data.benchmark_results(bench)
higher = benches.set_index("key").loc[bench, "higher_is_better"] is not False
metric_counts = pd.Series([r.get("metric") or "" for r in results]).value_counts()
sides = {m: {r.get("is_open") for r in metrics.with_metric(results, m)} for m in metric_counts.index}
# default: the metric with most results among those that have both open and closed results
options = sorted(metric_counts.index, key=lambda m: (not {True, False} <= sides[m], -metric_counts[m], m))
metric = st.selectbox("Metric", options, key="oc-metric",
                      format_func=lambda m: f"{m or '(unnamed)'} ({metric_counts[m]} results)")
rows = metrics.with_metric(results, metric)
unknown = sum(1 for r in rows if r.get("is_open") is None)
closed = metrics.frontier_steps([r for r in rows if r.get("is_open") is False], higher)
opened = metrics.frontier_steps([r for r in rows if r.get("is_open") is True], higher)
gap = metrics.open_closed_gap(rows, higher)

last = gap.dropna(subset=["gap"]).tail(1)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Closed frontier", f"{closed[-1].value:g}" if closed else "–")
m2.metric("Open frontier", f"{opened[-1].value:g}" if opened else "–")
m3.metric("Gap (points)", f"{last['gap'].iloc[0]:.1f}" if not last.empty else "–")
m4.metric("Lag (months)", f"{last['lag_months'].iloc[0]:.1f}" if not last.empty else "–")
if unknown:
    st.caption(f"{unknown} result(s) of models whose openness is unknown are left out.")

if not closed and not opened:
    ui.no_data(f"no result with a known open/closed model on {names.get(bench, bench)}")
    st.stop()
newest = data.status().newest
today = max([s.day for s in closed + opened] + ([newest] if newest else []))
lines = pd.concat([metrics.step_series(closed, "closed", today), metrics.step_series(opened, "open", today)],
                  ignore_index=True)
st.subheader(f"Frontiers on {names.get(bench, bench)} ({metric or 'value'})")
ch = alt.Chart(lines).mark_line(interpolate="step-after", point=True).encode(
    x=alt.X("date:T"), y=alt.Y("value:Q", scale=alt.Scale(zero=False), title=metric or "value"),
    color=alt.Color("frontier:N", scale=alt.Scale(domain=["closed", "open"], range=["#d62728", "#2ca02c"])),
    tooltip=["date:T", "frontier:N", "model:N", "value:Q"])
ui.chart(ch, lines, f"frontiers_{bench}")
if gap["gap"].notna().any():
    st.subheader("Gap and lag over time")
    g = gap.dropna(subset=["gap"])
    base = alt.Chart(g).encode(x=alt.X("date:T"))
    ch2 = alt.layer(base.mark_line(interpolate="step-after", point=True, color="#9467bd").encode(
        y=alt.Y("gap:Q", title="gap (points)"), tooltip=["date:T", "gap:Q", "lag_months:Q"]),
        base.mark_bar(opacity=0.25, color="#7f7f7f").encode(y=alt.Y("lag_months:Q", title="lag (months)"))
    ).resolve_scale(y="independent")
    ui.chart(ch2, gap, f"gap_{bench}")
else:
    st.info("Gap needs both an open and a closed result; only one side has results so far.")
st.subheader("Results behind each step")
steps = pd.concat([metrics.steps_table(closed, "closed"), metrics.steps_table(opened, "open")], ignore_index=True)
ui.table(ui.add_links(steps.sort_values(["date", "frontier"])), f"frontier_steps_{bench}", key="oc-steps")
