"""Shared page pieces: safe text, links between pages, charts with their CSV, network drawings.

Titles and abstracts come from arXiv and may hold ``<tags>``, ``$math$`` or ``*stars*``: they are
shown through :func:`md_escape` (Markdown escaped; Streamlit never renders raw HTML unless asked),
so they render as the text they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import altair as alt
import networkx as nx
import pandas as pd
import streamlit as st

from dashboard import metrics

# Altair validates every schema object as it is built (its "debug mode"): about a third of a chart page's
# script time. The whole spec is still validated once when Streamlit serialises the chart.
alt.utils.schemapi.disable_debug_mode()

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~&:])")
PAGE_PATHS = {"paper": "paper", "model": "models", "lab": "labs", "graph": "graph"}


def md_escape(text: Any) -> str:
    """Text shown literally by ``st.markdown``: every Markdown/HTML special character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text or ""))


def md_code(text: Any) -> str:
    """Text shown literally as inline code by ``st.markdown`` (keys, ids). A code span shows backslashes as
    typed, so nothing is escaped inside it (``md_escape`` there would show ``linklm\\-7b``); the fence is one
    backtick longer than any run of backticks in the text, so the text cannot close it."""
    body = " ".join(str(text or "").split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def paper_url(arxiv_id: str) -> str:
    return f"/paper?id={quote(str(arxiv_id))}"


def model_url(key: str) -> str:
    return f"/models?key={quote(str(key))}"


def lab_url(key: str) -> str:
    return f"/labs?org={quote(str(key))}"


def arxiv_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


EVIDENCE = "evidence"
"""The point selection of charts whose points are results: a click selects the result's paper."""


def evidence_selection() -> Any:
    """Click a point -> its ``arxiv_id`` is selected (:func:`chart_opening_papers` opens that paper's page)."""
    return alt.selection_point(name=EVIDENCE, fields=["arxiv_id"], on="click", clear=False)


def frontier_chart(lines: pd.DataFrame, y: alt.Y, colour: alt.Color) -> alt.Chart:
    """A frontier as a step line whose step points are the evidence: clicking a point opens the paper page
    of the result that set it (the tooltip names the paper and the result row)."""
    pts = lines[lines["evidence"].astype(bool)].assign(link=lambda d: [paper_url(a) if a else None
                                                                       for a in d["arxiv_id"]])
    base_x = alt.X("date:T", axis=alt.Axis(format="%b %Y"))
    line = alt.Chart(lines).mark_line(interpolate="step-after").encode(x=base_x, y=y, color=colour)
    dots = alt.Chart(pts).mark_point(filled=True, size=70, cursor="pointer").encode(
        x=base_x, y=y, color=colour,
        tooltip=[alt.Tooltip("date:T", format="%-d %b %Y"), "frontier:N", "model:N", alt.Tooltip("value:Q", format="~g"),
                 alt.Tooltip("arxiv_id:N", title="paper (click to open)"), alt.Tooltip("result:N", title="result")]
    ).add_params(evidence_selection())
    return alt.layer(line, dots)


def chart_opening_papers(ch: alt.Chart, df: pd.DataFrame, name: str, key: str) -> None:
    """A chart whose points carry :func:`evidence_selection`, and the CSV of its data: clicking a point
    opens that result's paper page in the app."""
    event = st.altair_chart(ch, width="stretch", on_select="rerun", selection_mode=EVIDENCE, key=key)
    download(df, name)
    picked = (event.get("selection") or {}).get(EVIDENCE) or [] if event else []
    arxiv_id = next((p.get("arxiv_id") for p in picked if isinstance(p, dict) and p.get("arxiv_id")), None)
    if arxiv_id:
        st.switch_page("views/paper.py", query_params={"id": str(arxiv_id)})


def add_links(df: pd.DataFrame) -> pd.DataFrame:
    """Add link columns for ids present (paper page, arXiv, model page)."""
    out = df.copy()
    if "arxiv_id" in out.columns:
        out["paper_page"] = [paper_url(a) if a else None for a in out["arxiv_id"]]
        out["arxiv"] = [arxiv_url(a) if a else None for a in out["arxiv_id"]]
    if "model_key" in out.columns:
        out["model_page"] = [model_url(k) if k else None for k in out["model_key"]]
    return out


LINK_COLUMNS = {
    "paper_page": st.column_config.LinkColumn("paper", display_text=r"/paper\?id=(.*)"),
    "arxiv": st.column_config.LinkColumn("arXiv", display_text="arXiv"),
    "model_page": st.column_config.LinkColumn("model page", display_text=r"/models\?key=(.*)"),
}


def table(df: pd.DataFrame, name: str, *, key: str | None = None, height: int | str = "auto",
          column_config: Mapping[str, Any] | None = None) -> None:
    """A table with link columns and a CSV download of exactly what it shows."""
    cfg = {k: v for k, v in LINK_COLUMNS.items() if k in df.columns}
    cfg.update(column_config or {})
    st.dataframe(df, hide_index=True, column_config=cfg, height=height, key=key)
    download(df, name, key=f"csv-{key or name}")


def download(df: pd.DataFrame, name: str, key: str | None = None) -> None:
    st.download_button(f"Download {name} (CSV)", df.to_csv(index=False).encode("utf-8"), file_name=f"{name}.csv",
                       mime="text/csv", key=key or f"csv-{name}")


def chart(ch: alt.Chart, df: pd.DataFrame, name: str) -> None:
    """An Altair chart and the CSV of its data."""
    st.altair_chart(ch, width="stretch")
    download(df, name)


def no_data(what: str, hint: str | None = None) -> None:
    st.info(f"No data yet: {what}." + (f" {hint}" if hint else ""))


def benchmarks_or_stop() -> tuple[Any, list[str], dict[str, str]]:
    """The benchmarks that have results (with their keys and names), or a friendly stop when none do."""
    from dashboard import data

    benches = data.benchmarks()
    if benches.empty:
        no_data("no benchmark results extracted", "Results come from abstracts and PDF result tables.")
        st.stop()
    return benches, benches["key"].tolist(), dict(zip(benches["key"], benches["name"], strict=False))


def first_run(message: str | None, backend: str) -> None:
    """The page an empty (or missing) store shows: how to fill it."""
    st.title("Welcome to sotagraph")
    st.markdown("The graph store has **no papers yet**, so there is nothing to chart. Fill it first:")
    if message:
        st.caption(md_escape(message))
    st.code("sotagraph ingest                      # the last few days from arXiv, then nightly from the watermark\n"
            "sotagraph backfill --from FILE.jsonl  # a JSON-lines snapshot (arXiv metadata shape)\n"
            "sotagraph backfill --since 2025-01-01 --until 2025-02-01  # a date range from the arXiv API",
            language="bash")
    st.markdown(f"Backend: `{backend}` (set `SOTAGRAPH_GRAPH` and `SOTAGRAPH_HOME`). "
                "This page refreshes by itself once data arrives.")


MAX_DRAWN = 120


def network_chart(g: nx.Graph, *, kinds: Mapping[Any, str] | None = None, labels: Mapping[Any, str] | None = None,
                  links: Mapping[Any, str] | None = None, sizes: Mapping[Any, float] | None = None,
                  height: int = 480, keep: Any = None, pos: Mapping[Any, tuple[float, float]] | None = None
                  ) -> tuple[alt.Chart, pd.DataFrame, pd.DataFrame]:
    """Draw a networkx graph with Altair: edges as rules, nodes as points coloured by kind; a node
    with a link is clickable (``href``) to its page. Returns (chart, nodes table, edges table).

    Past ``MAX_DRAWN`` nodes only the best-connected are drawn (plus ``keep``): a layout of a
    1,600-model lineage family takes tens of seconds and is unreadable anyway; the caption says so."""
    if g.number_of_nodes() > MAX_DRAWN:
        top = sorted(g.nodes, key=lambda n: (-g.degree(n), str(n)))[:MAX_DRAWN]
        st.caption(f"Drawing the {MAX_DRAWN} best-connected of {g.number_of_nodes():,} nodes.")
        g = g.subgraph(set(top) | ({keep} if keep in g else set()))
    pos = pos if pos is not None else metrics.layout(g)
    nodes = pd.DataFrame([{"id": str(n), "label": (labels or {}).get(n, str(n)), "kind": (kinds or {}).get(n, "node"),
                           "x": pos[n][0], "y": pos[n][1], "size": float((sizes or {}).get(n, 1.0)),
                           "link": (links or {}).get(n)} for n in g.nodes])
    edges = pd.DataFrame([{"source": str(a), "target": str(b), "x": pos[a][0], "y": pos[a][1], "x2": pos[b][0],
                           "y2": pos[b][1], "weight": float(d.get("weight", 1.0))} for a, b, d in g.edges(data=True)],
                         columns=["source", "target", "x", "y", "x2", "y2", "weight"])
    axis = alt.Axis(title=None, labels=False, ticks=False, grid=False, domain=False)
    rules = alt.Chart(edges).mark_rule(opacity=0.35).encode(
        x=alt.X("x:Q", axis=axis), y=alt.Y("y:Q", axis=axis), x2="x2:Q", y2="y2:Q",
        strokeWidth=alt.StrokeWidth("weight:Q", legend=None, scale=alt.Scale(range=[0.5, 4])))
    points = alt.Chart(nodes).mark_circle(opacity=0.9).encode(
        x=alt.X("x:Q", axis=axis), y=alt.Y("y:Q", axis=axis), color=alt.Color("kind:N", title="node"),
        size=alt.Size("size:Q", legend=None, scale=alt.Scale(range=[60, 600])), href="link:N",
        tooltip=["label:N", "kind:N"])
    text = alt.Chart(nodes).mark_text(dy=-10, fontSize=10).encode(x="x:Q", y="y:Q", text="label:N")
    ch = (rules + points + text).properties(height=height).configure_view(strokeWidth=0)
    return ch, nodes, edges


def evidence(known: int, total: int, fulltext: Mapping[str, Any], *, what: str) -> None:
    """The n behind a figure and its coverage: attributed items, their share of all, and the share of
    papers whose full text has been read (affiliations and results come mostly from it), with what waits."""
    c = st.columns(4)
    c[0].metric(f"n ({what})", f"{known:,}")
    c[1].metric("Attributed", metrics.fmt_pct(known / total if total else 0), help=f"of {total:,} papers")
    c[2].metric("Full text read", metrics.fmt_pct(fulltext.get("share", 0.0)),
                help=f"{int(fulltext.get('fetched', 0)):,} of {int(fulltext.get('total', 0)):,} papers")
    c[3].metric("Full text pending", f"{int(fulltext.get('pending', 0)):,}",
                help=f"failed {int(fulltext.get('failed', 0)):,}, skipped {int(fulltext.get('skipped', 0)):,}")


def period_label_expr(freq: str) -> str:
    """Vega label expression for an ordinal period axis: ``Mar 2025`` / ``3 Mar 2025`` (never ``Fri 07``)."""
    return ("timeFormat(toDate(datum.value), '%b %Y')" if freq == "month"
            else "timeFormat(toDate(datum.value), '%-d %b %Y')")


def first_lines(text: Any, n: int = 220) -> str:
    """An abstract's opening, whitespace folded, cut at a word and marked when cut."""
    body = " ".join(str(text or "").split())
    if len(body) <= n:
        return body
    return body[:n].rsplit(" ", 1)[0] + " …"


def schema_panel(counts: Mapping[str, Mapping[str, int]]) -> None:
    """The graph's labels with their properties and node counts, and relationship types with their ends,
    properties and counts (so a query names ``p.arxiv_id`` and ``m.is_open``, not guesses)."""
    from graph.schema import NODES, RELS

    nodes, rels = counts.get("nodes", {}), counts.get("relationships", {})
    st.dataframe(pd.DataFrame([{"label": n.label, "key": n.key, "nodes": int(nodes.get(n.label, 0)),
                                "properties": ", ".join(name for name, _ in n.properties)} for n in NODES]),
                 hide_index=True, key="cy-schema-nodes")
    st.dataframe(pd.DataFrame([{"relationship": f"(:{r.src})-[:{r.type}]->(:{r.dst})",
                                "count": int(rels.get(r.type, 0)),
                                "properties": ", ".join(name for name, _ in r.properties)} for r in RELS]),
                 hide_index=True, key="cy-schema-rels")
