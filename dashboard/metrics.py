"""The dashboard's numbers, as pure functions of query rows (DESIGN.md, "What the dashboard shows").

No Streamlit and no store here: pages fetch rows through :mod:`dashboard.data` and hand them to
these functions, so every definition is unit-tested on its own (tests/test_dashboard_metrics.py).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

UNKNOWN = "Unknown"
DAYS_PER_MONTH = 365.25 / 12
FREQS = {"week": "W", "month": "M"}


# ---- periods -----------------------------------------------------------------------------------
def as_date(value: Any) -> date | None:
    """Engine values (date, datetime, ISO text, Neo4j Date) to a date; ``None`` stays ``None``."""
    if value is None or value == "":
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def period_start(day: date, freq: str) -> date:
    """First day of the ISO week (Monday) or of the month holding ``day``."""
    if freq == "week":
        return day - timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period {freq!r}: use 'week' or 'month'")


def papers_over_time(rows: Iterable[Mapping[str, Any]], freq: str = "month", top: int | None = 8) -> pd.DataFrame:
    """Rows (day, category, papers) -> (period, category, papers); categories past the ``top`` most
    frequent are folded into "other" so the chart stays readable (totals are unchanged)."""
    data = [(period_start(d, freq), r["category"] or UNKNOWN, int(r["papers"]))
            for r in rows if (d := as_date(r["day"])) is not None]
    df = pd.DataFrame(data, columns=["period", "category", "papers"])
    if df.empty:
        return df
    if top is not None:
        keep = set(df.groupby("category")["papers"].sum().nlargest(top).index)
        df.loc[~df["category"].isin(keep), "category"] = "other"
    return df.groupby(["period", "category"], as_index=False)["papers"].sum().sort_values(["period", "category"],
                                                                                            ignore_index=True)


# ---- countries ---------------------------------------------------------------------------------
def country_counts(paper_rows: Iterable[Mapping[str, Any]], totals: Iterable[Mapping[str, Any]], freq: str = "month",
                   mode: str = "full") -> pd.DataFrame:
    """Papers per (period, country), with papers of no known country as ``Unknown``.

    ``paper_rows``: one row per paper with a known country (day, countries); ``totals``: all papers
    per day (day, papers). *full*: a paper counts 1 for every one of its countries; *fractional*:
    it splits 1 across them. Unknown = all papers of the period minus those with a country, so no
    paper is dropped silently: the fractional counts of a period always sum to its paper total.
    """
    if mode not in ("full", "fractional"):
        raise ValueError(f"unknown counting mode {mode!r}: use 'full' or 'fractional'")
    counts: dict[tuple[date, str], float] = defaultdict(float)
    known: Counter[date] = Counter()
    for row in paper_rows:
        day = as_date(row["day"])
        codes = sorted({c for c in row.get("countries") or [] if c})
        if day is None or not codes:
            continue
        period = period_start(day, freq)
        known[period] += 1
        share = 1.0 if mode == "full" else 1.0 / len(codes)
        for code in codes:
            counts[(period, code)] += share
    total: Counter[date] = Counter()
    for row in totals:
        day = as_date(row["day"])
        if day is not None:
            total[period_start(day, freq)] += int(row["papers"])
    for period, n in total.items():
        unknown = n - known.get(period, 0)
        if unknown > 0:
            counts[(period, UNKNOWN)] += unknown
    df = pd.DataFrame([(p, c, v) for (p, c), v in counts.items()], columns=["period", "country", "papers"])
    return df.sort_values(["period", "country"], ignore_index=True)


def country_coverage(paper_rows: Iterable[Mapping[str, Any]], totals: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """(papers with a known country, all papers)."""
    known = sum(1 for r in paper_rows if r.get("countries"))
    return known, sum(int(r["papers"]) for r in totals)


def country_share(counts: pd.DataFrame) -> pd.DataFrame:
    """Each country's share of the period's known-country output (``Unknown`` left out)."""
    df = counts[counts["country"] != UNKNOWN].copy()
    if df.empty:
        return df.assign(share=pd.Series(dtype=float))
    df["share"] = df["papers"] / df.groupby("period")["papers"].transform("sum")
    return df


def us_china_share(paper_rows: Iterable[Mapping[str, Any]], freq: str = "month", a: str = "US", b: str = "CN"
                   ) -> pd.DataFrame:
    """Per period: papers with both ``a`` and ``b`` organisations / papers with either (DESIGN.md)."""
    both: Counter[date] = Counter()
    either: Counter[date] = Counter()
    for row in paper_rows:
        day = as_date(row["day"])
        codes = set(row.get("countries") or [])
        if day is None or not ({a, b} & codes):
            continue
        period = period_start(day, freq)
        either[period] += 1
        if {a, b} <= codes:
            both[period] += 1
    data = [(p, both[p], either[p], both[p] / either[p]) for p in sorted(either)]
    return pd.DataFrame(data, columns=["period", "both", "either", "share"])


# ---- frontier, gap and lag ---------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One improvement of a frontier: the result that set it."""

    day: date
    value: float
    row: Mapping[str, Any]


def _better(a: float, b: float, higher: bool) -> bool:
    return a > b if higher else a < b


def frontier_steps(rows: Iterable[Mapping[str, Any]], higher_is_better: bool = True) -> list[Step]:
    """The results that raised the best score so far, in date order (ties keep the earlier)."""
    dated = sorted(((d, float(r["value"]), r) for r in rows
                    if (d := as_date(r.get("published"))) is not None and _finite(r.get("value"))),
                   key=lambda t: (t[0], -t[1] if higher_is_better else t[1]))
    steps: list[Step] = []
    for day, value, row in dated:
        if not steps or _better(value, steps[-1].value, higher_is_better):
            steps.append(Step(day, value, row))
    return steps


def _finite(value: Any) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def value_at(steps: Sequence[Step], day: date) -> float | None:
    """The frontier's value on ``day`` (the last step on or before it)."""
    out = None
    for step in steps:
        if step.day > day:
            break
        out = step.value
    return out


def first_reached(steps: Sequence[Step], value: float, higher_is_better: bool = True) -> date | None:
    """The first date the frontier reached ``value`` (>= when higher is better)."""
    for step in steps:
        if step.value >= value if higher_is_better else step.value <= value:
            return step.day
    return None


def open_closed_gap(rows: Iterable[Mapping[str, Any]], higher_is_better: bool = True) -> pd.DataFrame:
    """Closed frontier C(t), open frontier O(t), gap C(t) − O(t) and lag in months at every step date.

    Open = open weights (``is_open`` true); closed = ``is_open`` false; models of unknown openness
    are left out. Lag at t = t − the first date a closed model reached O(t); 0 when open models are
    ahead of every closed result so far. Gap is in the benchmark's points; it is negated when lower
    is better so a positive gap always means closed models lead.
    """
    rows = list(rows)
    closed = frontier_steps([r for r in rows if r.get("is_open") is False], higher_is_better)
    opened = frontier_steps([r for r in rows if r.get("is_open") is True], higher_is_better)
    days = sorted({s.day for s in closed} | {s.day for s in opened})
    out = []
    for day in days:
        c, o = value_at(closed, day), value_at(opened, day)
        gap = None if c is None or o is None else (c - o if higher_is_better else o - c)
        lag = None
        if o is not None and c is not None:
            reached = first_reached(closed, o, higher_is_better)
            lag = 0.0 if reached is None or reached > day else round((day - reached).days / DAYS_PER_MONTH, 1)
        out.append({"date": day, "closed": c, "open": o, "gap": gap, "lag_months": lag})
    return pd.DataFrame(out, columns=["date", "closed", "open", "gap", "lag_months"])


def steps_table(steps: Sequence[Step], kind: str) -> pd.DataFrame:
    """The results behind each step of a frontier (model, value, paper, date)."""
    return pd.DataFrame([{"frontier": kind, "date": s.day, "value": s.value, "model": s.row.get("model_name"),
                          "setting": s.row.get("setting"), "source": s.row.get("source"),
                          "arxiv_id": s.row.get("arxiv_id"), "title": s.row.get("title")} for s in steps],
                        columns=["frontier", "date", "value", "model", "setting", "source", "arxiv_id", "title"])


def step_series(steps: Sequence[Step], kind: str, until: date | None = None) -> pd.DataFrame:
    """A step line for charting: one point per step, plus the last value carried to ``until``."""
    data = [{"date": s.day, "value": s.value, "frontier": kind, "model": s.row.get("model_name")} for s in steps]
    if steps and until is not None and until > steps[-1].day:
        data.append({"date": until, "value": steps[-1].value, "frontier": kind, "model": steps[-1].row.get("model_name")})
    return pd.DataFrame(data, columns=["date", "value", "frontier", "model"])


def main_metric(rows: Iterable[Mapping[str, Any]]) -> str | None:
    """The metric most results on a benchmark use (frontiers compare like with like)."""
    counts = Counter((r.get("metric") or "") for r in rows)
    return counts.most_common(1)[0][0] if counts else None


def with_metric(rows: Iterable[Mapping[str, Any]], metric: str | None) -> list[Mapping[str, Any]]:
    return [r for r in rows if (r.get("metric") or "") == (metric or "")]


# ---- leaderboards ------------------------------------------------------------------------------
def leaderboard(rows: Iterable[Mapping[str, Any]], higher_is_better: bool = True) -> pd.DataFrame:
    """Best result per model (ties: the earliest paper), ranked."""
    best: dict[str, Mapping[str, Any]] = {}
    for r in rows:
        if not _finite(r.get("value")):
            continue
        cur = best.get(r["model"])
        if cur is None or _better(float(r["value"]), float(cur["value"]), higher_is_better) or (
                float(r["value"]) == float(cur["value"])
                and (as_date(r.get("published")) or date.max) < (as_date(cur.get("published")) or date.max)):
            best[r["model"]] = r
    ordered = sorted(best.values(), key=lambda r: -float(r["value"]) if higher_is_better else float(r["value"]))
    df = pd.DataFrame([{"rank": i + 1, "model": r.get("model_name") or r["model"], "model_key": r["model"],
                        "value": float(r["value"]), "open": r.get("is_open"), "setting": r.get("setting"),
                        "source": r.get("source"), "self_reported": r.get("self_reported"),
                        "country": r.get("country"), "date": as_date(r.get("published")),
                        "arxiv_id": r.get("arxiv_id"), "title": r.get("title")} for i, r in enumerate(ordered)],
                      columns=["rank", "model", "model_key", "value", "open", "setting", "source", "self_reported",
                               "country", "date", "arxiv_id", "title"])
    return df


def filter_results(rows: Iterable[Mapping[str, Any]], *, open_only: bool = False, countries: Sequence[str] = (),
                   sources: Sequence[str] = (), self_reported: bool | None = None) -> list[Mapping[str, Any]]:
    """Leaderboard filters: open weights only, developer country, fact source, self-reported or not."""
    out = []
    for r in rows:
        if open_only and r.get("is_open") is not True:
            continue
        if countries and r.get("country") not in countries:
            continue
        if sources and r.get("source") not in sources:
            continue
        if self_reported is not None and bool(r.get("self_reported")) != self_reported:
            continue
        out.append(r)
    return out


def frontier_results(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Results that set the state of the art on their (benchmark, metric) when published."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["benchmark"], r.get("metric") or "")].append(r)
    out: list[Mapping[str, Any]] = []
    for group in groups.values():
        higher = group[0].get("higher_is_better") is not False
        out.extend(s.row for s in frontier_steps(group, higher))
    return out


# ---- labs --------------------------------------------------------------------------------------
def lab_ranking(orgs: Iterable[Mapping[str, Any]], papers: Iterable[Mapping[str, Any]],
                introduced: Iterable[Mapping[str, Any]], frontier: Iterable[Mapping[str, Any]],
                developers: Mapping[str, str]) -> pd.DataFrame:
    """Per organisation: papers, distinct models introduced and frontier results in the period.

    ``introduced``: (org, model) pairs (developer credit and paper affiliation, merged);
    ``frontier``: results that set a state of the art, credited to the model's developer.
    """
    info = {o["org"]: o for o in orgs}
    paper_n = {r["org"]: int(r["papers"]) for r in papers}
    models: dict[str, set[str]] = defaultdict(set)
    for r in introduced:
        models[r["org"]].add(r["model"])
    front: Counter[str] = Counter()
    for r in frontier:
        org = developers.get(r["model"])
        if org:
            front[org] += 1
    keys = set(paper_n) | set(models) | set(front)
    data = [{"org": k, "lab": (info.get(k) or {}).get("name") or k, "country": (info.get(k) or {}).get("country"),
             "type": (info.get(k) or {}).get("type"), "papers": paper_n.get(k, 0), "models_introduced": len(models[k]),
             "frontier_results": front.get(k, 0)} for k in keys]
    df = pd.DataFrame(data, columns=["org", "lab", "country", "type", "papers", "models_introduced",
                                     "frontier_results"])
    return df.sort_values(["papers", "models_introduced", "frontier_results", "org"],
                          ascending=[False, False, False, True], ignore_index=True)


# ---- collaboration networks --------------------------------------------------------------------
def collaboration_graph(groups: Iterable[Sequence[str]], mode: str = "full") -> nx.Graph:
    """Nodes = organisations (or countries); an edge joins two that share a paper.

    Edge ``weight``: *full* = shared papers; *fractional* = each paper splits 1 across its
    pairs (1 / C(n, 2) each), so a 30-lab consortium paper does not outweigh a two-lab one.
    Node ``papers`` counts every paper the node appears on (also single-node papers).
    """
    if mode not in ("full", "fractional"):
        raise ValueError(f"unknown counting mode {mode!r}: use 'full' or 'fractional'")
    g = nx.Graph()
    for group in groups:
        members = sorted({m for m in group if m})
        for m in members:
            if m in g:
                g.nodes[m]["papers"] += 1
            else:
                g.add_node(m, papers=1)
        pairs = list(combinations(members, 2))
        if not pairs:
            continue
        share = 1.0 if mode == "full" else 1.0 / len(pairs)
        for a, b in pairs:
            if g.has_edge(a, b):
                g[a][b]["weight"] += share
                g[a][b]["papers"] += 1
            else:
                g.add_edge(a, b, weight=share, papers=1)
    return g


def strongest_pairs(g: nx.Graph, n: int = 20) -> pd.DataFrame:
    rows = sorted(((a, b, d["weight"], d["papers"]) for a, b, d in g.edges(data=True)),
                  key=lambda t: (-t[2], t[0], t[1]))[:n]
    return pd.DataFrame(rows, columns=["a", "b", "weight", "papers"])


def centrality(g: nx.Graph) -> pd.DataFrame:
    """Per node: papers, collaborators, weighted degree (strength), betweenness (distance = 1/weight)."""
    if g.number_of_nodes() == 0:
        return pd.DataFrame(columns=["node", "papers", "collaborators", "strength", "betweenness"])
    for _, _, d in g.edges(data=True):
        d["distance"] = 1.0 / d["weight"] if d["weight"] else math.inf
    between = nx.betweenness_centrality(g, weight="distance", normalized=True) if g.number_of_nodes() <= 3000 else {}
    data = [{"node": n, "papers": g.nodes[n].get("papers", 0), "collaborators": g.degree(n),
             "strength": round(g.degree(n, weight="weight"), 4), "betweenness": round(between.get(n, 0.0), 4)}
            for n in g.nodes]
    return pd.DataFrame(data).sort_values(["strength", "papers", "node"], ascending=[False, False, True],
                                          ignore_index=True)


def communities(g: nx.Graph, seed: int = 0) -> list[list[str]]:
    """Communities of the collaboration network (Louvain on edge weights), largest first; nodes
    without any collaboration are left out."""
    sub = g.subgraph([n for n in g.nodes if g.degree(n) > 0])
    if sub.number_of_edges() == 0:
        return []
    comms = nx.community.louvain_communities(sub, weight="weight", seed=seed)
    return sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c[0]))


# ---- lineage and neighbourhoods ----------------------------------------------------------------
def lineage_graph(edges: Iterable[Mapping[str, Any]]) -> nx.DiGraph:
    """``BASED_ON`` edges as a directed graph, model -> base (node attribute ``name``)."""
    g = nx.DiGraph()
    for e in edges:
        g.add_node(e["model"], name=e.get("model_name") or e["model"])
        g.add_node(e["base"], name=e.get("base_name") or e["base"])
        g.add_edge(e["model"], e["base"])
    return g


def lineage_of(g: nx.DiGraph, key: str) -> nx.DiGraph:
    """The model, every model it is built on (transitively) and every model built on it."""
    if key not in g:
        return nx.DiGraph()
    keep = {key} | nx.descendants(g, key) | nx.ancestors(g, key)
    return g.subgraph(keep).copy()


def lineage_trees(g: nx.DiGraph, min_size: int = 2) -> list[nx.DiGraph]:
    """Connected lineage families, largest first."""
    comps = [g.subgraph(c).copy() for c in nx.weakly_connected_components(g) if len(c) >= min_size]
    return sorted(comps, key=lambda c: (-c.number_of_nodes(), min(c.nodes)))


def layout(g: nx.Graph | nx.DiGraph, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Node positions for drawing (spring layout, fixed seed so a page looks the same each visit)."""
    if g.number_of_nodes() == 0:
        return {}
    pos = nx.spring_layout(g, seed=seed, weight=None)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def star_graph(center: tuple[str, str, str], neighbours: Iterable[tuple[str, str, str, str]]) -> nx.Graph:
    """A neighbourhood: ``center`` = (kind, id, label); neighbours = (kind, id, label, relation).
    Nodes are keyed ``kind:id`` (a paper and a model may share an id string)."""
    kind, ident, label = center
    g = nx.Graph()
    root = f"{kind}:{ident}"
    g.add_node(root, kind=kind, id=ident, label=label, center=True)
    for n_kind, n_id, n_label, rel in neighbours:
        node = f"{n_kind}:{n_id}"
        if node == root:
            continue
        if node not in g:
            g.add_node(node, kind=n_kind, id=n_id, label=n_label, center=False)
        g.add_edge(root, node, relation=rel, weight=1.0)
    return g
