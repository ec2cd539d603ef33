"""Open vs closed: per benchmark, the closed and open frontiers, the gap in points, the lag in months."""

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, metrics, ui

st.title("Open vs closed")
st.caption("C(t) = best score reported up to t by a closed model, O(t) = the same for open-weights models. "
           "Gap = C(t) − O(t) in points; lag at t = t − the first date a closed model reached O(t).")
benches, keys, names = ui.benchmarks_or_stop()
everything = data.all_results()
summary = metrics.gap_summary(everything, min_side=3)
st.subheader("Across benchmarks")
lag = metrics.median_lag(summary)
s1, s2, s3 = st.columns(3)
s1.metric("Median lag (months)", metrics.fmt_number(round(lag, 1)) if lag is not None else "–",
          help="median of the latest per-benchmark lags below")
s2.metric("Median gap (points)", metrics.fmt_number(round(float(summary["gap"].median()), 1))
          if not summary.empty else "–")
s3.metric("Benchmarks with ≥ 3 results on both sides", f"{len(summary):,}")
if summary.empty:
    st.caption("No benchmark has at least 3 open-weights and 3 closed results yet: no summary lag.")
else:
    ui.table(summary, "open_closed_summary", key="oc-summary", height=220,
             column_config={"gap": st.column_config.NumberColumn(format="%.1f"),
                            "lag_months": st.column_config.NumberColumn("lag (months)", format="%.1f")})
eci = data.eci_results()
if eci:
    eg = metrics.open_closed_gap(eci, True).dropna(subset=["gap"])
    if not eg.empty:
        st.caption(f"On Epoch's Capabilities Index (ECI, {len(eci):,} model versions), same definitions: lag "
                   f"{metrics.fmt_number(eg['lag_months'].iloc[-1])} months, gap "
                   f"{metrics.fmt_number(round(float(eg['gap'].iloc[-1]), 1))} ECI points on "
                   f"{metrics.fmt_period(eg['date'].iloc[-1], 'day')}.")
st.divider()
default_bench = metrics.default_gap_benchmark(everything) or keys[0]
wanted = st.query_params.get("benchmark") or default_bench
bench = st.selectbox("Benchmark", keys, index=keys.index(wanted) if wanted in keys else 0, key="oc-bench",
                     format_func=lambda k: f"{names.get(k, k)} ({int(benches.set_index('key').loc[k, 'results'])} results)")
results = data.benchmark_results(bench)
higher = metrics.higher_is_better(benches.set_index("key").loc[bench, "higher_is_better"],
                                  str(benches.set_index("key").loc[bench, "metric"] or bench))
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
m1.metric("Closed frontier", metrics.fmt_number(closed[-1].value) if closed else "–")
m2.metric("Open frontier", metrics.fmt_number(opened[-1].value) if opened else "–")
m3.metric("Gap (points)", f"{last['gap'].iloc[0]:.1f}" if not last.empty else "–")
m4.metric("Lag (months)", f"{last['lag_months'].iloc[0]:.1f}" if not last.empty else "–")
n_open, n_closed = metrics.both_sides(rows)
st.caption(f"n = {n_open:,} open-weights and {n_closed:,} closed results on this benchmark and metric.")
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
st.caption("Each point is the result that moved a frontier: click it to open its paper (the table below lists "
           "the same results with the page, table and row they were read from).")
ch = ui.frontier_chart(
    lines, alt.Y("value:Q", scale=alt.Scale(zero=False, reverse=not higher), title=metric or "value",
                 axis=alt.Axis(format="~g")),
    alt.Color("frontier:N", scale=alt.Scale(domain=["closed", "open"],
                                            range=[metrics.colour("closed"), metrics.colour("open")])))
ui.chart_opening_papers(ch, lines, f"frontiers_{bench}", key=f"oc-frontier-{bench}-{metric}")
if gap["gap"].notna().any():
    st.subheader("Gap and lag over time")
    g = gap.dropna(subset=["gap"])
    base = alt.Chart(g).encode(x=alt.X("date:T", axis=alt.Axis(format="%b %Y")))
    ch2 = alt.layer(base.mark_line(interpolate="step-after", point=True, color="#9467bd").encode(
        y=alt.Y("gap:Q", title="gap (points)", axis=alt.Axis(format="~g")),
        tooltip=[alt.Tooltip("date:T", format="%-d %b %Y"), alt.Tooltip("gap:Q", format=".1f"),
                 alt.Tooltip("lag_months:Q", format=".1f")]),
        base.mark_bar(opacity=0.25, color="#7f7f7f").encode(y=alt.Y("lag_months:Q", title="lag (months)",
                                                                    axis=alt.Axis(format="~g")))
    ).resolve_scale(y="independent")
    ui.chart(ch2, gap, f"gap_{bench}")
else:
    st.info("Gap needs both an open and a closed result; only one side has results so far.")
st.subheader("Results behind each step")
steps = pd.concat([metrics.steps_table(closed, "closed"), metrics.steps_table(opened, "open")], ignore_index=True)
ui.table(ui.add_links(steps.sort_values(["date", "frontier"])), f"frontier_steps_{bench}", key="oc-steps")
