"""Countries: paper output per country over time, full or fractional counting, share, coverage."""

import altair as alt
import streamlit as st

from dashboard import data, metrics, ui

st.title("Countries")
st.caption("A paper's countries are those of its organisations. *Full* counting gives a paper 1 for every "
           "country; *fractional* splits 1 across them. Papers with no known country are counted as Unknown.")
c1, c2, c3 = st.columns([2, 1, 1])
cats = ["(all)"] + data.categories()
category = c1.selectbox("Category", cats, key="co-cat")
mode = c2.radio("Counting", ["full", "fractional"], horizontal=True, key="co-mode")
freq = c3.radio("Period", ["month", "week"], horizontal=True, key="co-freq")
cat = None if category == "(all)" else category

papers = data.paper_countries(cat)
totals = data.papers_per_day(cat)
known, total = metrics.country_coverage(papers, totals)
counts = metrics.country_counts(papers, totals, freq, mode)
names = data.country_names()
available = sorted(c for c in counts["country"].unique() if c != metrics.UNKNOWN) if not counts.empty else []
default = [c for c in ("US", "CN") if c in available] or available[:2]
chosen = st.multiselect("Countries", available, default=default, key="co-countries",
                        format_func=lambda c: f"{c} – {names.get(c, c)}")
m1, m2, m3 = st.columns(3)
m1.metric("Papers with a known country", f"{known:,}")
m2.metric("Papers", f"{total:,}")
m3.metric("Coverage", f"{(known / total if total else 0):.1%}")

if not available:
    ui.no_data("no paper has an organisation with a known country",
               "Organisations come from arXiv affiliations, PDFs and model developers.")
else:
    show = counts[counts["country"].isin([*chosen, metrics.UNKNOWN])]
    st.subheader(f"Papers per {freq} ({mode} counting)")
    include_unknown = st.toggle("Show Unknown", value=False, key="co-unknown")
    plot = show if include_unknown else show[show["country"] != metrics.UNKNOWN]
    ch = alt.Chart(plot).mark_line(point=True).encode(
        x=alt.X("period:T", title=freq), y=alt.Y("papers:Q", title="papers"), color="country:N",
        tooltip=["period:T", "country:N", alt.Tooltip("papers:Q", format=".2f")])
    ui.chart(ch, show, f"country_output_{mode}_{freq}")
    st.subheader("Share of known-country output")
    share = metrics.country_share(counts)
    share = share[share["country"].isin(chosen)]
    ch2 = alt.Chart(share).mark_area(opacity=0.7).encode(
        x=alt.X("period:T", title=freq), y=alt.Y("share:Q", axis=alt.Axis(format="%"), stack=True), color="country:N",
        tooltip=["period:T", "country:N", alt.Tooltip("share:Q", format=".1%")])
    ui.chart(ch2, share, f"country_share_{mode}_{freq}")
    st.subheader("Totals")
    tot = counts.groupby("country", as_index=False)["papers"].sum().sort_values("papers", ascending=False)
    tot["name"] = [names.get(c, c) for c in tot["country"]]
    ui.table(tot, f"country_totals_{mode}", key="co-totals", height=300)
