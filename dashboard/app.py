"""The Streamlit dashboard: ``sotagraph dashboard`` runs ``streamlit run dashboard/app.py``.

This file only wires pages together (``st.navigation``); pages are thin and call the data layer
(:mod:`dashboard.data`) and the pure metrics (:mod:`dashboard.metrics`). An empty or missing store
gets the first-run page instead, telling how to ingest.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, ui  # the installed package: `streamlit run` puts only dashboard/ on the path

PAGES = [
    ("views/since.py", "Since last night", "since", ":material/wb_twilight:"),
    ("views/overview.py", "Overview", "overview", ":material/monitoring:"),
    ("views/countries.py", "Countries", "countries", ":material/public:"),
    ("views/open_closed.py", "Open vs closed", "open-vs-closed", ":material/compare_arrows:"),
    ("views/independent.py", "Self-reported vs independent", "independent", ":material/fact_check:"),
    ("views/leaderboards.py", "Leaderboards", "leaderboards", ":material/leaderboard:"),
    ("views/labs.py", "Labs", "labs", ":material/apartment:"),
    ("views/models.py", "Models", "models", ":material/neurology:"),
    ("views/search.py", "Search", "search", ":material/search:"),
    ("views/paper.py", "Paper", "paper", ":material/article:"),
    ("views/graph_explorer.py", "Graph explorer", "graph", ":material/hub:"),
    ("views/collaboration.py", "Collaboration", "collaboration", ":material/diversity_3:"),
    ("views/cypher_console.py", "Cypher console", "cypher", ":material/terminal:"),
]


def _first_run_page() -> None:
    s = data.status()
    ui.first_run(s.message, s.backend)


def main() -> None:
    st.set_page_config(page_title="sotagraph", page_icon=":material/hub:", layout="wide")
    status = data.status()
    if not status.ready:
        nav = st.navigation([st.Page(_first_run_page, title="Get started", url_path="start", default=True)])
        nav.run()
        return
    data.warm_up()  # once per store generation: the pages' default views computed in the background
    pages = [st.Page(path, title=title, url_path=url, icon=icon, default=(i == 0))
             for i, (path, title, url, icon) in enumerate(PAGES)]
    nav = st.navigation(pages, expanded=True)  # every page listed (no "View N more" fold past ten)
    with st.sidebar:
        st.caption(f"{status.papers:,} papers · newest {status.newest} · backend {status.backend}")
    nav.run()


main()
