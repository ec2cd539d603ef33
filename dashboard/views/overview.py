"""Overview: papers per week/month by category, totals, freshness, the last ingest runs."""

import altair as alt
import streamlit as st

from dashboard import data, ui

st.title("Overview")
status = data.status()
counts = data.counts()
nodes, rels = counts["nodes"], counts["relationships"]
cols = st.columns([1, 1, 1, 1, 1, 1.5])
cols[0].metric("Papers", f"{nodes.get('Paper', 0):,}")
cols[1].metric("Authors", f"{nodes.get('Author', 0):,}")
cols[2].metric("Models", f"{nodes.get('Model', 0):,}")
cols[3].metric("Results", f"{nodes.get('Result', 0):,}")
cols[4].metric("Organisations", f"{nodes.get('Organization', 0):,}")
cols[5].metric("Newest paper", str(status.newest or "-"))
st.caption(f"Papers published {status.oldest} … {status.newest}; {rels.get('SIMILAR_TO', 0):,} similarity edges, "
           f"{rels.get('AFFILIATED_WITH', 0):,} paper–organisation links.")

c1, c2 = st.columns(2)
freq = c1.radio("Period", ["month", "week"], horizontal=True, key="ov-freq")
cross = c2.toggle("Count cross-listed categories too", value=False, key="ov-cross",
                  help="Off: each paper counts once, in its primary category. On: once in every category it lists.")
series = data.papers_over_time(freq, cross_lists=cross)
st.subheader(f"Papers per {freq} by category" + (" (with cross-lists)" if cross else " (primary only)"))
if series.empty:
    ui.no_data("no dated papers")
else:
    ch = alt.Chart(series).mark_bar().encode(
        x=alt.X("period:T", title=freq, axis=alt.Axis(format="%b %Y" if freq == "month" else "%-d %b %Y")),
        y=alt.Y("papers:Q", title="papers", stack=True, axis=alt.Axis(format="~s")),
        color=alt.Color("category:N", sort="-y"), tooltip=[alt.Tooltip("period:T", format="%-d %b %Y"), "category:N", alt.Tooltip("papers:Q", format=",")])
    ui.chart(ch, series, f"papers_per_{freq}")

st.subheader("Categories")
ui.table(data.category_totals(cross).head(30), "category_totals", key="ov-cats", height=300)

st.subheader("Last ingest runs")
runs = data.last_runs(10)
if runs.empty:
    ui.no_data("no ingest run recorded")
else:
    ui.table(runs, "ingest_runs", key="ov-runs")
