"""Models: a searchable table; a model page with its results, papers and base-model lineage."""

import pandas as pd
import streamlit as st

from dashboard import data, metrics, ui

SHOW = 500
key = st.query_params.get("key")
if key:
    info = data.model(key)
    if st.button("← all models", key="mo-back"):
        del st.query_params["key"]
        st.rerun()
    if info is None:
        st.warning(f"No model {ui.md_escape(key)} in the graph.")
        st.stop()
    st.title(ui.md_escape(info.get("name") or key))
    openness = {True: "open weights", False: "closed"}.get(info.get("is_open"), "openness unknown")
    size = f"{info['params_b']:g}B parameters" if info.get("params_b") else "size unknown"
    st.markdown(f"{ui.md_code(key)} · family **{ui.md_escape(info.get('family') or '–')}** · developer "
                f"**{ui.md_escape(info.get('developer') or '–')}** · {size} · {openness} "
                f"({ui.md_escape(info.get('accessibility') or 'unknown')})")
    st.subheader("Results")
    res = pd.DataFrame(data.model_results(key), columns=["benchmark_name", "value", "metric", "setting", "source",
                                                         "self_reported", "arxiv_id", "title", "published"])
    if res.empty:
        ui.no_data("no benchmark result for this model")
    else:
        ui.table(ui.add_links(res), f"results_{key}", key="mo-results")
    st.subheader("Papers")
    ui.table(ui.add_links(data.model_papers(key)), f"papers_{key}", key="mo-papers")
    st.subheader("Lineage (BASED_ON)")
    lin = metrics.lineage_of(metrics.lineage_graph(data.lineage_edges()), key)
    if lin.number_of_nodes() == 0:
        st.info("No base model or derived model recorded.")
    else:
        names = {n: d.get("name", n) for n, d in lin.nodes(data=True)}
        ch, nodes, edges = ui.network_chart(lin, labels=names, links={n: ui.model_url(n) for n in lin.nodes},
                                            kinds={n: "this model" if n == key else "model" for n in lin.nodes},
                                            height=320, keep=key)
        ui.chart(ch, edges.rename(columns={"source": "model", "target": "based_on"})[["model", "based_on"]],
                 f"lineage_{key}")
    st.stop()

st.title("Models")
c1, c2 = st.columns([3, 1])
text = c1.text_input("Search models (key, family, developer)", key="mo-search", placeholder="e.g. deepseek, llama-3")
open_filter = c2.radio("Openness", ["any", "open", "closed"], horizontal=True, key="mo-open")
found, total = data.models_table(text, open_filter, SHOW)
st.caption(f"{total:,} models match" + (f"; showing the {SHOW} with most papers" if total > SHOW else "")
           + ". Papers = papers that introduce or evaluate the model.")
if found.empty:
    ui.no_data("no model matches")
else:
    ui.table(ui.add_links(found.rename(columns={"key": "model_key"})), "models", key="mo-table", height=500)
