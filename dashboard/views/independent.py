"""Self-reported vs independent: a paper's score beside Epoch's runs and leaderboards for the same model and
benchmark; per lab, how far self-reported scores sit above independent ones; the ECI reference lags."""

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, metrics, ui
from graph.cypher import curated as cq
from tracker.curated import lags

st.title("Self-reported vs independent")
st.caption("Papers report their own scores, under their own prompts, shots and harnesses. Independent scores "
           "come from curated sources: Epoch AI's own benchmark runs and the leaderboards it collects "
           "(`sotagraph import epoch PATH`). Difference = paper − independent, in the benchmark's points.")

summary = pd.DataFrame(data.rows(cq.curated_summary()),
                       columns=["source", "self_reported", "results", "models", "benchmarks"])
if summary.empty:
    ui.no_data("no curated source loaded", "Run `sotagraph import epoch PATH` with Epoch AI's data (folder or zip).")
    st.stop()

pairs = pd.DataFrame(data.rows(cq.self_vs_independent()),
                     columns=["model", "model_name", "developer", "benchmark", "benchmark_name", "scale", "arxiv_id",
                              "title", "paper_value", "paper_metric", "paper_setting", "paper_source", "self_reported",
                              "independent_value", "independent_raw", "independent_setting", "independent_source",
                              "independent_date", "difference"])
same_scale = pairs[pairs["scale"] == "percent"]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Curated results", f"{int(summary['results'].sum()):,}")
c2.metric("Independent results", f"{int(summary.loc[summary['self_reported'] == False, 'results'].sum()):,}")  # noqa: E712
c3.metric("Comparisons", f"{len(pairs):,}")
c4.metric("Median difference (points)", f"{same_scale['difference'].median():+.1f}" if not same_scale.empty else "–")

st.subheader("Paper vs independent, per model and benchmark")
if pairs.empty:
    ui.no_data("no model and benchmark has both a paper's score and an independent one yet",
               "Comparisons appear as papers with result tables on the same models are ingested.")
else:
    models = sorted(pairs["model"].unique())
    pick = st.multiselect("Models", models, key="ind-models")
    shown = pairs[pairs["model"].isin(pick)] if pick else pairs
    ui.table(ui.add_links(shown.drop(columns=["title"])), "self_vs_independent", key="ind-pairs")

st.subheader("Per lab: self-reported minus independent")
st.caption("Only a model's own paper counts as self-reported (the paper introduces the model); percentage-scale "
           "benchmarks only. n = (paper result, independent result) pairs.")
labs_df = pd.DataFrame(data.rows(cq.self_vs_independent_by_lab()),
                       columns=["lab", "lab_name", "n", "models", "mean_difference", "min_difference", "max_difference"])
if labs_df.empty:
    ui.no_data("no lab has a self-reported score with an independent counterpart yet")
else:
    ui.table(labs_df, "self_vs_independent_by_lab", key="ind-labs")

st.subheader("Reference lags on the Epoch Capabilities Index (ECI)")
st.caption("Same definitions as the per-benchmark open vs closed page: L(t) = best ECI up to t of the leading "
           "group, T(t) the same for the trailing group; lag at t = t − the first date a leading model reached "
           "T(t). Dates are Epoch's release dates of each model version.")
eci = data.rows(cq.eci_results())
if not eci:
    ui.no_data("no ECI score loaded")
    st.stop()
newest = max(d for r in eci if (d := metrics.as_date(r.get("published"))))
figures = {"open_closed": ("Open weights vs closed", lags.open_closed_lag(eci), lags.open_closed_lag_on,
                           ("closed", "open weights")),
           "us_china": ("China vs US", lags.us_china_lag(eci), lags.us_china_lag_on, ("US", "China"))}
for name, (title, fig, lag_on, sides) in figures.items():
    st.markdown(f"**{title}**")
    ref, lo, hi = lags.REFERENCE_MONTHS[name]
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(f"{title}: lag at the newest step (months)", f"{fig.latest_lag:.1f}" if fig.latest_lag is not None else "–",
              help=f"at {fig.latest_date}")
    m2.metric(f"{title}: median lag, last 12 months", f"{fig.median_lag_12m:.1f}" if fig.median_lag_12m is not None else "–")
    m3.metric(f"{title}: n (leading / trailing)", f"{fig.n_leading} / {fig.n_trailing}")
    m4.metric(f"{title}: Epoch's published lag (months)", f"{ref:g} ({lo:g}–{hi:g})")
    st.caption(lags.REFERENCE[name])
    on_day, n_day = lag_on(eci, newest)
    st.caption(f"Lag on the newest ECI date in the data ({newest}): "
               f"{on_day if on_day is not None else '–'} months (n = {n_day}). After the last loaded release the lag "
               f"grows by definition until a newer trailing model arrives.")
    if fig.series.empty:
        continue
    s = fig.series.rename(columns={"closed": sides[0], "open": sides[1]})
    long = s.melt(id_vars=["date"], value_vars=list(sides), var_name="frontier", value_name="eci").dropna()
    ch = alt.Chart(long).mark_line(interpolate="step-after", point=True).encode(
        x=alt.X("date:T"), y=alt.Y("eci:Q", scale=alt.Scale(zero=False), title="ECI"),
        color=alt.Color("frontier:N"), tooltip=["date:T", "frontier:N", "eci:Q"])
    ui.chart(ch, fig.series, f"eci_lag_{name}")

st.subheader("Paper-derived open vs closed lag, for comparison")
results = data.all_results()
per_bench = []
for bench in sorted({r["benchmark"] for r in results if r.get("benchmark")}):
    rows = [r for r in results if r.get("benchmark") == bench]
    rows = metrics.with_metric(rows, metrics.main_metric(rows))
    if sum(r.get("is_open") is True for r in rows) < 2 or sum(r.get("is_open") is False for r in rows) < 2:
        continue
    gap = metrics.open_closed_gap(rows, rows[0].get("higher_is_better") is not False).dropna(subset=["lag_months"])
    if not gap.empty:
        per_bench.append({"benchmark": bench, "results": len(rows), "lag_months": float(gap["lag_months"].iloc[-1])})
bench_df = pd.DataFrame(per_bench, columns=["benchmark", "results", "lag_months"])
if bench_df.empty:
    ui.no_data("no paper benchmark has at least two open and two closed results yet")
else:
    st.metric("Median per-benchmark lag from papers (months)", f"{bench_df['lag_months'].median():.1f}",
              help=f"over {len(bench_df)} benchmarks with at least two open and two closed results")
    ui.table(bench_df, "paper_lags", key="ind-paper-lags")
st.caption(f"Data as of {date.today()}; curated sources by result count:")
ui.table(summary, "curated_sources", key="ind-sources")
