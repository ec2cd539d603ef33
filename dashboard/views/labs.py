"""Labs: organisations ranked by papers, models introduced and frontier results in a period."""

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, metrics, ui

st.title("Labs")
status = data.status()
newest = status.newest or date.today()
oldest = status.oldest or date(newest.year, 1, 1)
c1, c2 = st.columns([2, 1])
period = c1.date_input("Period", value=(oldest, newest), min_value=oldest,
                       max_value=newest, key="lab-period")
since, until = (period[0], period[1]) if isinstance(period, tuple) and len(period) == 2 else (oldest, newest)
ranking = data.lab_ranking(since, until)
countries = sorted(c for c in ranking["country"].dropna().unique())
chosen = c2.multiselect("Country", countries, key="lab-country")
if chosen:
    ranking = ranking[ranking["country"].isin(chosen)]
sort = st.radio("Rank by", ["papers", "models_introduced", "frontier_results"], horizontal=True, key="lab-sort",
                format_func=lambda s: s.replace("_", " "))
ranking = ranking.sort_values([sort, "papers", "org"], ascending=[False, False, True], ignore_index=True)
ranking.insert(0, "rank", range(1, len(ranking) + 1))
st.subheader(f"{len(ranking)} labs, {metrics.fmt_period(since, 'day')} … {metrics.fmt_period(until, 'day')}")
attributed = sum(1 for r in data.paper_orgs(since, until))
in_period = sum(int(r["papers"]) for r in data.papers_per_day() if data._in_period(r["day"], since, until))
ui.evidence(attributed, in_period, data.fulltext_coverage(), what="papers with an organisation")
if ranking.empty:
    ui.no_data("no organisation has papers or models in this period")
else:
    top = ranking.head(20)
    ch = alt.Chart(top).mark_bar().encode(x=alt.X(f"{sort}:Q"), y=alt.Y("lab:N", sort="-x"), color=alt.Color("country:N", scale=alt.Scale(
                                              domain=metrics.colour_scale(top["country"].fillna("Unknown"))[0],
                                              range=metrics.colour_scale(top["country"].fillna("Unknown"))[1])),
                                          tooltip=["lab:N", "country:N", "papers:Q", "models_introduced:Q",
                                                   "frontier_results:Q"])
    ui.chart(ch, top, f"labs_top_by_{sort}")
    ranking["lab_page"] = [ui.lab_url(k) for k in ranking["org"]]
    ui.table(ranking, "lab_ranking", key="lab-table", height=400,
             column_config={"lab_page": st.column_config.LinkColumn("details", display_text="open")})

org_key = st.query_params.get("org")
if org_key:
    info = data.org(org_key)
    if info is None:
        st.warning(f"No organisation {ui.md_escape(org_key)} in the graph.")
    else:
        st.header(ui.md_escape(info.get("name") or org_key))
        st.markdown(f"Country: **{ui.md_escape(info.get('country') or 'unknown')}** · type: "
                    f"{ui.md_escape(info.get('type') or 'unknown')}")
        papers = pd.DataFrame(data.org_recent_papers(org_key), columns=["arxiv_id", "title", "published"])
        st.subheader("Recent papers")
        ui.table(ui.add_links(papers), f"papers_{org_key}", key="lab-papers")
        st.subheader("Models developed")
        mods = pd.DataFrame(data.org_models(org_key), columns=["key", "name"]).rename(columns={"key": "model_key"})
        ui.table(ui.add_links(mods), f"models_{org_key}", key="lab-models")
