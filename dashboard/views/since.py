"""Since last night: what the newest ingest run brought (the landing page for a returning user)."""

import pandas as pd
import streamlit as st

from dashboard import data, metrics, ui

st.title("Since last night")
st.caption("What the last ingest run brought: its papers, the models they introduce, new state-of-the-art "
           "results and new open/closed frontier points.")
runs = data.last_runs(10)
d = data.digest()
if d is None:
    st.info("This store was written before runs stamped the papers they bring; the next ingest fills this page.")
    st.stop()
if not d.runs:
    ui.no_data("no successful ingest run yet", "Run `sotagraph ingest` (nightly: scripts/nightly_ingest.py).")
    st.stop()
run = d.runs[0]
window = (f", window {metrics.fmt_period(run.get('window_from'), 'day')} … "
          f"{metrics.fmt_period(run.get('window_to'), 'day')}" if run.get("window_from") or run.get("window_to") else "")
st.caption(f"Run {ui.md_code(run['run_id'])} ({ui.md_escape(run.get('source'))}), started "
           f"{metrics.fmt_period(run.get('started'), 'day')}{window}. The same as text: `sotagraph digest --markdown`.")
c = st.columns(4)
c[0].metric("Papers", f"{len(d.papers):,}")
c[1].metric("Models introduced", f"{len(d.models):,}")
c[2].metric("New state of the art", f"{len(d.sota):,}")
c[3].metric("New open/closed frontier points", f"{len(d.frontier):,}")
if d.empty:
    st.info("Nothing new in the last run.")

if d.sota:
    st.subheader("New state of the art")
    ui.table(ui.add_links(pd.DataFrame(d.sota).rename(columns={"model": "model_key"})), "new_sota", key="sn-sota")
if d.frontier:
    st.subheader("New open/closed frontier points")
    ui.table(ui.add_links(pd.DataFrame(d.frontier).rename(columns={"model": "model_key"})), "new_frontier",
             key="sn-frontier")
if d.models:
    st.subheader("Models introduced")
    ui.table(ui.add_links(pd.DataFrame(d.models).rename(columns={"model": "model_key"})), "new_models", key="sn-models")
if d.papers:
    st.subheader("Papers")
    ui.table(ui.add_links(pd.DataFrame(d.papers)), "new_papers", key="sn-papers", height=400)
if not runs.empty:
    with st.expander("Last ingest runs"):
        ui.table(runs, "ingest_runs_recent", key="sn-runs")
