"""Countries: paper output per country over time (full or fractional), the share with its interval, and
models introduced per developer country (the AI Index view); every figure with its n and coverage."""

import altair as alt
import pandas as pd
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
min_n = data.min_n()

papers = data.paper_countries(cat)
totals = data.papers_per_day(cat)
known, total = metrics.country_coverage(papers, totals)
counts = data.country_counts(cat, freq, mode)
names = data.country_names()
available = sorted(c for c in counts["country"].unique() if c != metrics.UNKNOWN) if not counts.empty else []
default = [c for c in ("US", "CN") if c in available] or available[:2]
chosen = st.multiselect("Countries", available, default=default, key="co-countries",
                        format_func=lambda c: f"{c} – {names.get(c, c)}")
ui.evidence(known, total, data.fulltext_coverage(), what="papers with a known country")

days = [d for r in totals if (d := metrics.as_date(r["day"])) is not None]
if not available or not days:
    ui.no_data("no paper has an organisation with a known country",
               "Organisations come from arXiv affiliations, PDFs and model developers.")
else:
    first, last = min(days), max(days)
    share = metrics.share_series(counts, "country", first, last, freq, min_n, chosen)
    thin = share.drop_duplicates("period")
    thin = thin[~thin["enough"]]
    st.subheader(f"Papers per {freq} ({mode} counting)")
    plot = share.copy()
    plot["label"] = [metrics.fmt_period(p, freq) for p in plot["period"]]
    dom, rng = metrics.colour_scale(available)
    colour = alt.Color("country:N", scale=alt.Scale(domain=dom, range=rng), title="country")
    # counts are evidence, not a trend: bars, every period drawn (an empty one as 0), partial ones faded
    bars = alt.Chart(plot).mark_bar().encode(
        x=alt.X("period:O", title=freq, sort=None, axis=alt.Axis(labelExpr=ui.period_label_expr(freq))),
        xOffset="country:N", y=alt.Y("papers:Q", title="papers", axis=alt.Axis(format="~g", tickMinStep=1)), color=colour,
        opacity=alt.condition("datum.partial", alt.value(0.35), alt.value(1.0)),
        tooltip=[alt.Tooltip("label:N", title=freq), "country:N", alt.Tooltip("papers:Q", format=",.1f"),
                 alt.Tooltip("n:Q", title="papers with a country", format=",.0f"), "partial:N"])
    layers = [bars]
    ui.chart(alt.layer(*layers), share.drop(columns=["share", "low", "high"]), f"country_output_{mode}_{freq}")
    notes = []
    partial = share.drop_duplicates("period")
    partial = partial[partial["partial"]]
    if not partial.empty:
        notes.append(f"Partial {freq}s (data from {metrics.fmt_period(first, 'day')} to "
                     f"{metrics.fmt_period(last, 'day')}): {', '.join(metrics.fmt_period(p, freq) for p in partial['period'])}"
                     " are drawn faded.")
    for note in notes:
        st.caption(note)

    st.subheader("Share of known-country output, with 95% interval")
    st.caption("Share = the country's papers / papers with any known country in the period (Wilson interval). "
               "Periods below the minimum n are left out, never drawn as a trend.")
    band = alt.Chart(share).mark_area(opacity=0.2).encode(
        x=alt.X("period:T", axis=alt.Axis(format="%b %Y")), y=alt.Y("low:Q", axis=alt.Axis(format=".0%"), title="share"),
        y2="high:Q", color=colour)
    sline = alt.Chart(share).mark_line(point=True).encode(
        x="period:T", y="share:Q", color=colour,
        opacity=alt.condition("datum.partial", alt.value(0.35), alt.value(1.0)),
        tooltip=["country:N", alt.Tooltip("share:Q", format=".1%"), alt.Tooltip("low:Q", format=".1%"),
                 alt.Tooltip("high:Q", format=".1%"), alt.Tooltip("n:Q", format=",.0f")])
    share_layers = [band, sline]
    if not thin.empty:
        share_layers.append(alt.Chart(thin.assign(label=[metrics.fmt_period(p, freq) for p in thin["period"]]))
                            .mark_rule(color="#bbbbbb", strokeDash=[2, 2])
                            .encode(x="period:T", tooltip=[alt.Tooltip("label:N", title="not enough data")]))
    ui.chart(alt.layer(*share_layers), share, f"country_share_{mode}_{freq}")
    if not thin.empty:
        st.caption(f"Not enough data (fewer than {min_n} papers with a known country) in {len(thin)} "
                   f"{freq}(s): {', '.join(metrics.fmt_period(p, freq) for p in thin['period'][:6])}"
                   f"{' …' if len(thin) > 6 else ''}; no share drawn there (dashed rules).")

    st.subheader("Totals")
    tot = counts.groupby("country", as_index=False)["papers"].sum().sort_values("papers", ascending=False)
    tot["name"] = [names.get(c, c) for c in tot["country"]]
    ui.table(tot, f"country_totals_{mode}", key="co-totals", height=300,
             column_config={"papers": st.column_config.NumberColumn(format="%.0f" if mode == "full" else "%.1f")})

st.header("Models introduced, by developer country")
st.caption("The AI Index view: a model counts in the period of its first introducing paper, once for each "
           "country of its developers (Epoch's countries when loaded, else the developer organisations'). "
           "**Notable** = evaluated by at least N other papers in the graph, or holding a state-of-the-art "
           "(frontier) result on some benchmark.")
m1, m2, m3, m4 = st.columns(4)
mfreq = m1.radio("Per", ["year", "quarter"], horizontal=True, key="co-mfreq")
open_only = m2.toggle("Open weights only", key="co-mopen")
notable_on = m3.toggle("Notable only", key="co-notable")
min_papers = m4.number_input("N (notable)", min_value=1, max_value=50, value=3, key="co-notable-n")
mrows = data.introduced_model_countries()
by_country = data.models_by_country(mfreq, open_only, int(min_papers) if notable_on else None)
n_models = len({r["model"] for r in mrows})
n_known = len({r["model"] for r in mrows if r.get("country")})
st.caption(f"n = {n_models:,} introduced models, {n_known:,} with a known developer country "
           f"({metrics.fmt_pct(n_known / n_models if n_models else 0)}).")
if by_country.empty:
    ui.no_data("no introduced model matches")
else:
    shown = by_country[by_country["country"].isin(chosen or default)] if (chosen or default) else by_country
    mdom, mrng = metrics.colour_scale(by_country["country"])
    ch = alt.Chart(shown).mark_bar().encode(
        x=alt.X("period:N", title=mfreq), xOffset="country:N", y=alt.Y("models:Q", axis=alt.Axis(format=",d")),
        color=alt.Color("country:N", scale=alt.Scale(domain=mdom, range=mrng)),
        tooltip=["period:N", "country:N", "models:Q"])
    ui.chart(ch, shown, f"models_by_country_{mfreq}")
    pivot = by_country.pivot_table(index="country", columns="period", values="models", aggfunc="sum", fill_value=0)
    pivot = pivot.assign(total=pivot.sum(axis=1)).sort_values("total", ascending=False).reset_index()
    if not counts.empty:  # paper output beside it, same periods
        yearly = counts.assign(period=[str(p.year) if mfreq == "year" else metrics.quarter_of(p)
                                       for p in counts["period"]])
        papers_tot = yearly.groupby("country")["papers"].sum()
        pivot["papers (all periods)"] = [float(papers_tot.get(c, 0.0)) for c in pivot["country"]]
    ui.table(pd.DataFrame(pivot), f"models_by_country_table_{mfreq}", key="co-models", height=300)
