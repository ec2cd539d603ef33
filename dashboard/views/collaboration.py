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
st.caption("Papers with both US and CN organisations / papers with either.")
share = metrics.us_china_share(data.paper_countries(), freq)
if share.empty:
    ui.no_data("no paper with a US or Chinese organisation")
else:
    min_n = data.min_n()
    bounds = [metrics.wilson(b, e) for b, e in zip(share["both"], share["either"], strict=True)]
    share = metrics.gate(share.assign(low=[b[0] for b in bounds], high=[b[1] for b in bounds]), "either", min_n,
                         ["share", "low", "high"])
    st.caption(f"n = {int(share['either'].sum()):,} papers with a US or CN organisation; 95% Wilson interval. "
               + (f"Not enough data (fewer than {min_n} papers) in {int((~share['enough']).sum())} {freq}(s): no "
                  "point drawn there." if not share["enough"].all() else ""))
    ch = alt.Chart(share).mark_line(point=True).encode(x=alt.X("period:T", title=freq, axis=alt.Axis(
                                                           format="%b %Y" if freq == "month" else "%-d %b %Y")),
                                                       y=alt.Y("share:Q", axis=alt.Axis(format=".0%")),
                                                       tooltip=["period:T", "both:Q", "either:Q",
                                                                alt.Tooltip("share:Q", format=".1%")])
    ui.chart(ch, share, f"us_china_share_{freq}")

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
