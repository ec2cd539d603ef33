"""Search: semantic search over titles and abstracts, with date and category filters."""

import pandas as pd
import streamlit as st

from dashboard import data, metrics, ui

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
            briefs = data.search_details([h["arxiv_id"] for h in hits])
            rows = []
            for h in hits:
                b = briefs.get(h["arxiv_id"], {})
                names = [a for a in b.get("authors") or [] if a]
                cats = list(b.get("categories") or [])
                primary = b.get("primary_category") or h.get("category")
                rows.append({"score": round(float(h["score"]), 3), "arxiv_id": h["arxiv_id"], "title": h["title"],
                             "authors": ", ".join(names[:3]) + (" et al." if len(names) > 3 else ""),
                             "published": metrics.as_date(h["published"]),
                             # the filter matches any listed category: show them all, the primary first
                             "categories": ", ".join([primary, *[c for c in cats if c != primary]] if primary else cats),
                             "abstract": ui.first_lines(b.get("abstract"))})
            df = pd.DataFrame(rows, columns=["score", "arxiv_id", "title", "authors", "published", "categories",
                                             "abstract"])
            if category != "(any)":
                st.caption(f"Papers listed in {category} (primary or cross-listed).")
            ui.table(ui.add_links(df), "search_results", key="se-results",
                     column_config={"abstract": st.column_config.TextColumn(width="large"),
                                    "published": st.column_config.DateColumn(format="D MMM YYYY")})
else:
    st.caption("Type a description of what you are looking for; results link to their paper pages.")
