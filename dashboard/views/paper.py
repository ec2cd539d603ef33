"""Paper page: metadata, authors, organisations (country, source), models, results, similar papers."""

import pandas as pd
import streamlit as st

from dashboard import data, ui

pid = st.query_params.get("id", "")
entered = st.text_input("arXiv id", value=pid, key=f"pa-id-{pid}", placeholder="e.g. 2412.19437")
if entered and entered != pid:
    st.query_params["id"] = entered.strip()
    pid = entered.strip()
if not pid:
    st.title("Paper")
    st.caption("Open a paper from search, a table, or enter its arXiv id.")
    c1, c2 = st.columns(2)
    with c1:
        st.subheader("Papers with the most results")
        ui.table(ui.add_links(pd.DataFrame(data.papers_with_results(15), columns=["arxiv_id", "title", "results"])),
                 "papers_with_results", key="pa-top")
    with c2:
        st.subheader("Newest papers")
        ui.table(ui.add_links(pd.DataFrame(data.recent_papers(15), columns=["arxiv_id", "title", "published"])),
                 "newest_papers", key="pa-new")
    st.stop()

p = data.paper(pid)
if p is None:
    st.warning(f"No paper {ui.md_escape(pid)} in the graph.")
    st.stop()
st.title(ui.md_escape(p["title"]))
cats = data.paper_categories(pid)
primary = next((c["code"] for c in cats if c.get("is_primary")), p.get("primary_category"))
st.markdown(f"[arXiv:{ui.md_escape(pid)}v{p['version']}]({ui.arxiv_url(pid)}) · published {p['published']}"
            f" · updated {p['updated']} · primary **{ui.md_escape(primary)}** · "
            f"{ui.md_escape(', '.join(p.get('categories') or []))}")
st.page_link("views/graph_explorer.py", label="Show in the graph explorer", query_params={"kind": "paper", "id": pid})
authors = data.paper_authors(pid)
st.markdown("**Authors:** " + ui.md_escape(", ".join(a["name"] for a in authors)))
for label, field in (("Comment", "comment"), ("Journal", "journal_ref"), ("DOI", "doi")):
    if p.get(field):
        st.markdown(f"**{label}:** {ui.md_escape(p[field])}")
st.subheader("Abstract")
st.markdown(ui.md_escape(p.get("abstract") or "(no abstract)"))

st.subheader("Organisations")
orgs = pd.DataFrame(data.paper_organizations(pid), columns=["name", "country", "type", "source", "confidence", "org"])
if orgs.empty:
    ui.no_data("no organisation extracted for this paper")
else:
    ui.table(orgs, f"organisations_{pid}", key="pa-orgs")
st.subheader("Models")
mods = data.paper_models(pid).rename(columns={"key": "model_key"})
if mods.empty:
    ui.no_data("no model extracted for this paper")
else:
    ui.table(ui.add_links(mods), f"models_{pid}", key="pa-models")
st.subheader("Results")
res = pd.DataFrame(data.paper_results(pid), columns=["model_name", "benchmark_name", "value", "metric", "setting",
                                                     "source", "self_reported", "model"])
if res.empty:
    ui.no_data("no benchmark result extracted for this paper")
else:
    ui.table(ui.add_links(res.rename(columns={"model": "model_key"})), f"results_{pid}", key="pa-results")
st.subheader("Similar papers")
sim = pd.DataFrame(data.similar_papers(pid), columns=["rank", "score", "arxiv_id", "title", "published"])
if sim.empty:
    ui.no_data("no similar papers (the vector index has no vector for this paper)")
else:
    ui.table(ui.add_links(sim), f"similar_{pid}", key="pa-similar")
