"""Since last night: what the newest ingest run brought (the landing page for a returning user)."""

import streamlit as st

from dashboard import data, metrics, ui

st.title("Since last night")
st.caption("What the last ingest run brought: its papers, the models they introduce, new state-of-the-art "
           "results and new open/closed frontier points.")
runs = data.last_runs(10)
d = data.since_view()
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
c[0].metric("Papers", f"{d.counts['papers']:,}")
c[1].metric("Models introduced", f"{d.counts['models']:,}")
c[2].metric("New state of the art", f"{d.counts['sota']:,}")
c[3].metric("New open/closed frontier points", f"{d.counts['frontier']:,}")
if d.empty:
    st.info("Nothing new in the last run.")


def _capped(kind: str, what: str) -> None:
    shown, total = len(d.tables[kind]), d.counts[kind]
    if total > shown:
        st.caption(f"Showing the first {shown:,} of {total:,} {what} (all of them: `sotagraph digest --json`).")


if d.counts["sota"]:
    st.subheader("New state of the art")
    ui.table(ui.add_links(d.tables["sota"].rename(columns={"model": "model_key"})), "new_sota", key="sn-sota")
if d.counts["frontier"]:
    st.subheader("New open/closed frontier points")
    ui.table(ui.add_links(d.tables["frontier"].rename(columns={"model": "model_key"})), "new_frontier",
             key="sn-frontier")
if d.counts["models"]:
    st.subheader("Models introduced")
    _capped("models", "models")
    ui.table(ui.add_links(d.tables["models"].rename(columns={"model": "model_key"})), "new_models", key="sn-models")
if d.counts["papers"]:
    st.subheader("Papers")
    _capped("papers", "papers, newest first")
    ui.table(ui.add_links(d.tables["papers"]), "new_papers", key="sn-papers", height=400)
if not runs.empty:
    with st.expander("Last ingest runs"):
        ui.table(runs, "ingest_runs_recent", key="sn-runs")
