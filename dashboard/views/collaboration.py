"""Collaboration: lab-to-lab and country-to-country networks (networkx), US–China co-authorship,
model lineage trees."""

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, metrics, ui

st.title("Collaboration")
st.caption("Two organisations (or countries) collaborate on a paper when both are among its organisations. "
           "Edge weight: shared papers (full) or each paper's 1 split across its pairs (fractional).")
c1, c2, c3 = st.columns(3)
level = c1.radio("Network of", ["organisations", "countries"], horizontal=True, key="cb-level")
mode = c2.radio("Edge weight", ["full", "fractional"], horizontal=True, key="cb-mode")
freq = c3.radio("Period", ["month", "week"], horizontal=True, key="cb-freq")

orgs = {o["org"]: o for o in data.organizations()}
if level == "organisations":
    top_of = data.org_parents()  # Meta FAIR counts as Meta: a parent and its own lab are no collaboration
    groups = [sorted({top_of.get(o, o) for o in r["orgs"]}) for r in data.paper_orgs()]
    label = {k: (o.get("name") or k) for k, o in orgs.items()}
    if top_of:
        st.caption(f"{len(top_of):,} organisations are counted as their parent (PART_OF), so a paper of a company "
                   "and its own lab is not a collaboration.")
else:
    groups = [r["countries"] for r in data.paper_countries()]
    names = data.country_names()
    label = {k: f"{k} {v}" for k, v in names.items()}
g = metrics.collaboration_graph(groups, mode)
collab = g.subgraph([n for n in g.nodes if g.degree(n) > 0])
m1, m2, m3 = st.columns(3)
m1.metric(f"Papers with {level}", f"{len(groups):,}")
m2.metric(level.capitalize(), f"{g.number_of_nodes():,}")
m3.metric("Collaborating pairs", f"{g.number_of_edges():,}")
if g.number_of_edges() == 0:
    ui.no_data(f"no paper has two or more {level} yet")
else:
    st.subheader("Strongest pairs")
    pairs = metrics.strongest_pairs(g, 25)
    pairs["a"] = [label.get(a, a) for a in pairs["a"]]
    pairs["b"] = [label.get(b, b) for b in pairs["b"]]
    ui.table(pairs, f"strongest_pairs_{level}_{mode}", key="cb-pairs")
    st.subheader("Centrality ranking")
    cent = metrics.centrality(g)
    cent.insert(1, "name", [label.get(n, n) for n in cent["node"]])
    ui.table(cent.head(50), f"centrality_{level}_{mode}", key="cb-cent", height=320)
    st.subheader("Communities")
    comms = metrics.communities(g)
    comm_df = pd.DataFrame([{"community": i + 1, "size": len(c), "members": ", ".join(label.get(m, m) for m in c[:15])}
                            for i, c in enumerate(comms)], columns=["community", "size", "members"])
    ui.table(comm_df, f"communities_{level}", key="cb-comms")
    st.subheader("Network")
    top = cent.head(40)["node"].tolist()
    sub = collab.subgraph(top)
    community_of = {m: f"community {i + 1}" for i, c in enumerate(comms) for m in c}
    ch, nodes, edges = ui.network_chart(
        sub, labels={n: label.get(n, n) for n in sub.nodes}, kinds={n: community_of.get(n, "other") for n in sub.nodes},
        links={n: ui.lab_url(n) for n in sub.nodes} if level == "organisations" else None,
        sizes={n: float(g.nodes[n]["papers"]) for n in sub.nodes})
    ui.chart(ch, edges, f"network_{level}_{mode}")

st.subheader("US–China co-authored share")
st.caption("Papers with both US and CN organisations / papers with either. Every period is drawn: an empty one "
           "as 0 papers, a partial one (the data starts or ends inside it) faded.")
span = data.status()
share = (metrics.us_china_share(data.paper_countries(), freq, first=span.oldest, last=span.newest)
         if span.oldest and span.newest else pd.DataFrame())
if share.empty or not share["either"].any():
    ui.no_data("no paper with a US or Chinese organisation")
else:
    min_n = data.min_n()
    bounds = [metrics.wilson(b, e) for b, e in zip(share["both"], share["either"], strict=True)]
    share = metrics.gate(share.assign(low=[b[0] for b in bounds], high=[b[1] for b in bounds]), "either", min_n,
                         ["share", "low", "high"])
    share["label"] = [metrics.fmt_period(p, freq) for p in share["period"]]
    thin = share[~share["enough"]]
    st.caption(f"n = {int(share['either'].sum()):,} papers with a US or CN organisation; 95% Wilson interval. "
               + (f"Not enough data (fewer than {min_n} papers) in {len(thin)} {freq}(s): no share drawn there "
                  "(dashed rules)." if not thin.empty else ""))
    x = alt.X("period:T", title=freq, axis=alt.Axis(format="%b %Y" if freq == "month" else "%-d %b %Y"))
    faded = alt.condition("datum.partial", alt.value(0.35), alt.value(1.0))
    counts = alt.Chart(share).mark_bar(color="#c7c7c7").encode(
        x=x, y=alt.Y("either:Q", title="papers with US or CN", axis=alt.Axis(format="~g", tickMinStep=1)),
        opacity=faded, tooltip=[alt.Tooltip("label:N", title=freq), alt.Tooltip("both:Q", format=",.0f"),
                                alt.Tooltip("either:Q", format=",.0f"), "partial:N"])
    line = alt.Chart(share).mark_line(point=True, color=metrics.colour("US")).encode(
        x=x, y=alt.Y("share:Q", title="co-authored share", axis=alt.Axis(format=".0%")), opacity=faded,
        tooltip=[alt.Tooltip("label:N", title=freq), alt.Tooltip("both:Q", format=",.0f"),
                 alt.Tooltip("either:Q", format=",.0f"), alt.Tooltip("share:Q", format=".1%"),
                 alt.Tooltip("low:Q", format=".1%"), alt.Tooltip("high:Q", format=".1%"), "partial:N"])
    share_layers = [line]
    if not thin.empty:
        share_layers.append(alt.Chart(thin).mark_rule(color="#bbbbbb", strokeDash=[2, 2]).encode(
            x=x, tooltip=[alt.Tooltip("label:N", title="not enough data")]))
    ch = alt.layer(counts, alt.layer(*share_layers)).resolve_scale(y="independent")
    ui.chart(ch, share, f"us_china_share_{freq}")
    partial = share[share["partial"]]
    if not partial.empty:
        st.caption(f"Partial {freq}s (data from {metrics.fmt_period(span.oldest, 'day')} to "
                   f"{metrics.fmt_period(span.newest, 'day')}): "
                   f"{', '.join(partial['label'])} are drawn faded.")

st.subheader("Model lineage (BASED_ON)")
st.caption("Pick a model: the models it is built on (ancestors) and the models built on it (descendants), up to "
           "a depth. Edges point from a model to its base.")
lineage = metrics.lineage_graph(data.lineage_edges())
if lineage.number_of_nodes() == 0:
    ui.no_data("no BASED_ON edge between models")
else:
    ranked = sorted(lineage.nodes, key=lambda n: (-lineage.in_degree(n) - lineage.out_degree(n), str(n)))
    l1, l2 = st.columns([3, 1])
    wanted = st.query_params.get("model")
    chosen = l1.selectbox("Model", ranked, index=ranked.index(wanted) if wanted in ranked else 0, key="cb-lineage",
                          format_func=lambda n: f"{lineage.nodes[n].get('name', n)} ({n})")
    depth = l2.number_input("Depth", min_value=1, max_value=6, value=2, key="cb-depth")
    t, levels = metrics.lineage_within(lineage, chosen, int(depth))
    n_up = sum(1 for v in levels.values() if v < 0)
    n_down = sum(1 for v in levels.values() if v > 0)
    st.caption(f"{n_up} ancestor(s) and {n_down} descendant(s) within depth {int(depth)}.")
    ch, nodes, edges = ui.network_chart(
        t, labels={n: d.get("name", n) for n, d in t.nodes(data=True)},
        kinds={n: "this model" if levels[n] == 0 else ("ancestor" if levels[n] < 0 else "descendant") for n in t.nodes},
        links={n: ui.model_url(n) for n in t.nodes}, height=360, keep=chosen, pos=metrics.lineage_layout(levels))
    ui.chart(ch, edges.rename(columns={"source": "model", "target": "based_on"})[["model", "based_on"]],
             f"lineage_{chosen}")
