"""Graph explorer: the neighbourhood of a paper, model or lab as a network; nodes link to their pages."""

import pandas as pd
import streamlit as st

from dashboard import data, ui

KINDS = ["paper", "model", "lab"]
st.title("Graph explorer")
kind_q = st.query_params.get("kind", "paper")
c1, c2 = st.columns([1, 3])
kind = c1.selectbox("Start from a", KINDS, index=KINDS.index(kind_q) if kind_q in KINDS else 0,
                    key=f"gx-kind-{kind_q}")
default = st.query_params.get("id", "") if kind == kind_q else ""
if not default:
    top = data.papers_with_results(1) if kind == "paper" else []
    default = top[0]["arxiv_id"] if top else (data.recent_papers(1)[0]["arxiv_id"] if kind == "paper" else "")
    if kind == "model":
        models, _ = data.models_table(n=1)
        default = models["key"].iloc[0] if not models.empty else ""
    elif kind == "lab":
        orgs = data.lab_ranking()
        default = orgs["org"].iloc[0] if not orgs.empty else ""
ident = c2.text_input({"paper": "arXiv id", "model": "model key", "lab": "organisation key"}[kind], value=default,
                      key=f"gx-id-{kind}-{default}")
if not ident:
    ui.no_data(f"no {kind} to start from")
    st.stop()
g = data.neighbourhood(kind, ident.strip())
if g is None:
    st.warning(f"No {kind} {ui.md_escape(ident)} in the graph.")
    st.stop()
url = {"paper": ui.paper_url, "model": ui.model_url, "lab": ui.lab_url}
links = {n: url[d["kind"]](d["id"]) for n, d in g.nodes(data=True) if d["kind"] in url}
kinds = {n: ("this " + d["kind"]) if d.get("center") else d["kind"] for n, d in g.nodes(data=True)}
labels = {n: d["label"] for n, d in g.nodes(data=True)}
sizes = {n: 3.0 if d.get("center") else 1.0 for n, d in g.nodes(data=True)}
st.caption(f"{g.number_of_nodes() - 1} neighbours shown; click a paper, model or lab to open its page.")
for rel, (n_shown, n_all) in sorted(g.graph.get("truncated", {}).items()):
    st.warning(f"Showing {n_shown:,} of {n_all:,} {rel} neighbours (the most recent or first ones); "
               "the full list is on the node's own page.")
ch, nodes, edges = ui.network_chart(g, kinds=kinds, labels=labels, links=links, sizes=sizes, height=560)
rels = {(a, b): d["relation"] for a, b, d in g.edges(data=True)}
edges["relation"] = [rels.get((a, b)) or rels.get((b, a)) for a, b in zip(edges["source"], edges["target"], strict=False)]
ui.chart(ch, edges[["source", "target", "relation"]], f"neighbourhood_{kind}_{ident}")
st.subheader("Neighbours")
center = next(n for n, d in g.nodes(data=True) if d.get("center"))
table = [{"kind": d["kind"], "name": d["label"], "relation": rels.get((center, n)) or rels.get((n, center)),
          "id": d["id"], "page": links.get(n)} for n, d in g.nodes(data=True) if not d.get("center")]
ui.table(pd.DataFrame(table, columns=["kind", "name", "relation", "id", "page"]), f"neighbours_{kind}_{ident}",
         key="gx-neighbours", column_config={"page": st.column_config.LinkColumn("page", display_text="open")})
