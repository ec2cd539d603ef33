"""Search: semantic search over titles and abstracts, with date and category filters."""

import pandas as pd
import streamlit as st

from dashboard import data, ui

st.title("Search")
status = data.status()
with st.form("search-form"):
    text = st.text_input("Search papers by meaning", key="se-text",
                         placeholder="e.g. mixture-of-experts language model with efficient inference")
    c1, c2, c3, c4 = st.columns([1, 1, 2, 1])
    since = c1.date_input("From", value=None, key="se-since", min_value=status.oldest, max_value=status.newest)
    until = c2.date_input("To", value=None, key="se-until", min_value=status.oldest, max_value=status.newest)
    category = c3.selectbox("Category", ["(any)"] + data.categories(), key="se-cat")
    k = c4.number_input("Results", min_value=1, max_value=100, value=20, key="se-k")
    submitted = st.form_submit_button("Search")
index_ready = data.vector_index() is not None
if index_ready:
    data.preload_embedder()
if not index_ready:
    st.warning("No vector index yet: run `sotagraph reindex` (or an ingest with embedding on) to enable search.")
elif text.strip():
    try:
        with st.spinner("Searching…"):
            hits = data.search(text, since=since, until=until, category=None if category == "(any)" else category,
                               k=int(k))
    except (ValueError, LookupError) as exc:
        st.error(str(exc))
    else:
        st.subheader(f"{len(hits)} result(s)")
        if not hits:
            ui.no_data("no paper matches these filters")
        else:
            df = pd.DataFrame(hits, columns=["score", "arxiv_id", "title", "published", "category"])
            ui.table(ui.add_links(df), "search_results", key="se-results")
else:
    st.caption("Type a description of what you are looking for; results link to their paper pages.")
