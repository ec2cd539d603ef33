"""The dashboard's numbers, as pure functions of query rows (docs/architecture.md).

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


def us_china_share(paper_rows: Iterable[Mapping[str, Any]], freq: str = "month", a: str = "US", b: str = "CN",
                   first: date | None = None, last: date | None = None) -> pd.DataFrame:
    """Per period: papers with both ``a`` and ``b`` organisations / papers with either (docs/architecture.md).

    Given the data's ``first`` and ``last`` day, every period between them is a row (an empty one with
    0 papers and no share, never skipped) flagged ``partial`` when the data covers only part of it."""
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
    if first is None or last is None:
        data = [(p, both[p], either[p], both[p] / either[p]) for p in sorted(either)]
        return pd.DataFrame(data, columns=["period", "both", "either", "share"])
    periods = all_periods(first, last, freq)
    flags = partial_flags(periods, first, last, freq)
    data = [(p, both[p], either[p], both[p] / either[p] if either[p] else float("nan"), flags[p]) for p in periods]
    return pd.DataFrame(data, columns=["period", "both", "either", "share", "partial"])


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
                          "arxiv_id": s.row.get("arxiv_id"), "page": s.row.get("page"),
                          "table": s.row.get("table_ref"), "row": s.row.get("row_label"),
                          "result": s.row.get("result"), "title": s.row.get("title")} for s in steps],
                        columns=["frontier", "date", "value", "model", "setting", "source", "arxiv_id", "page",
                                 "table", "row", "result", "title"])


STEP_SERIES_COLUMNS = ["date", "value", "frontier", "model", "arxiv_id", "result", "evidence"]


def step_series(steps: Sequence[Step], kind: str, until: date | None = None) -> pd.DataFrame:
    """A step line for charting: one point per step, plus the last value carried to ``until``.

    Each step point carries its evidence: the source paper (``arxiv_id``), the result row (``result``) and
    ``evidence``, True for a point that a result set (the carried point is no result of its own)."""
    data = [{"date": s.day, "value": s.value, "frontier": kind, "model": s.row.get("model_name"),
             "arxiv_id": s.row.get("arxiv_id"), "result": s.row.get("result"), "evidence": True} for s in steps]
    if steps and until is not None and until > steps[-1].day:
        data.append({"date": until, "value": steps[-1].value, "frontier": kind, "model": steps[-1].row.get("model_name"),
                     "arxiv_id": None, "result": None, "evidence": False})
    return pd.DataFrame(data, columns=STEP_SERIES_COLUMNS)


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


# ---- metric direction --------------------------------------------------------------------------
_LOWER_BETTER = ("fid", "perplexity", "ppl", "error", "wer", "cer", "ter", "loss", "latency", "bpb", "bits per",
                 "mae", "mse", "rmse", "distance", "kid", "lpips")


def _names_lower_better(metric: str | None) -> bool:
    name = (metric or "").casefold()
    words = set(name.replace("-", " ").replace("_", " ").split())
    return any((w in words) if " " not in w and len(w) <= 4 else (w in name) for w in _LOWER_BETTER)


def higher_is_better(flag: Any, metric: str | None = None) -> bool:
    """A metric whose name says it goes down (FID, perplexity, error rates, losses, latencies) goes down,
    whatever its benchmark's usual metric does (FID on CIFAR-10, an accuracy benchmark); else the
    result's or benchmark's own flag; else higher is better."""
    if _names_lower_better(metric):
        return False
    if flag is True or flag is False:
        return bool(flag)
    return True


# ---- evidence before trend ---------------------------------------------------------------------
def wilson(k: float, n: float, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a share k/n (95 % by default); (0, 0) when n is 0."""
    if n <= 0:
        return 0.0, 0.0
    p = min(max(k / n, 0.0), 1.0)
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def all_periods(first: date, last: date, freq: str) -> list[date]:
    """Every period start from the one holding ``first`` to the one holding ``last``."""
    out, cur, end = [], period_start(first, freq), period_start(last, freq)
    while cur <= end:
        out.append(cur)
        cur = cur + timedelta(days=7) if freq == "week" else (cur.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def period_end(start: date, freq: str) -> date:
    """Last day of the period starting ``start``."""
    if freq == "week":
        return start + timedelta(days=6)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def zero_fill(df: pd.DataFrame, groups: Sequence[str], first: date, last: date, freq: str, group_col: str,
              value_col: str) -> pd.DataFrame:
    """Every (period, group) from ``first`` to ``last``, a missing pair drawn as 0 (not skipped)."""
    periods = all_periods(first, last, freq)
    full = pd.MultiIndex.from_product([periods, list(groups)], names=["period", group_col])
    if df.empty:
        return pd.DataFrame({"period": [p for p, _ in full], group_col: [g for _, g in full], value_col: 0.0})
    out = df.set_index(["period", group_col])[value_col].groupby(level=[0, 1]).sum().reindex(full, fill_value=0)
    return out.reset_index()


def partial_flags(periods: Iterable[date], first: date, last: date, freq: str) -> dict[date, bool]:
    """Per period start: True when the data covers only part of it (the data's first or last period
    starting after, or ending before, the period's own bounds)."""
    return {p: (p < first) or (period_end(p, freq) > last) for p in periods}


def gate(df: pd.DataFrame, n_col: str, min_n: int, value_cols: Sequence[str]) -> pd.DataFrame:
    """Blank (NaN) the values of periods with fewer than ``min_n`` items and flag them ``enough`` False:
    such a period is shown as "not enough data", never as a point of a trend."""
    out = df.copy()
    out["enough"] = out[n_col] >= min_n
    for col in value_cols:
        out[col] = out[col].where(out["enough"])
    return out


def share_series(counts: pd.DataFrame, group_col: str, first: date, last: date, freq: str, min_n: int,
                 groups: Sequence[str]) -> pd.DataFrame:
    """Per (period, group): count ``k``, the period's attributed total ``n``, share k/n with a Wilson
    interval, ``partial`` and ``enough`` (n >= ``min_n``); shares of thin periods are blanked."""
    known = counts[counts[group_col] != UNKNOWN]
    n_by = known.groupby("period")["papers"].sum() if not known.empty else pd.Series(dtype=float)
    filled = zero_fill(known[known[group_col].isin(groups)], groups, first, last, freq, group_col, "papers")
    filled["n"] = [float(n_by.get(p, 0.0)) for p in filled["period"]]
    filled["share"] = [k / n if n else float("nan") for k, n in zip(filled["papers"], filled["n"], strict=True)]
    bounds = [wilson(k, n) for k, n in zip(filled["papers"], filled["n"], strict=True)]
    filled["low"] = [b[0] for b in bounds]
    filled["high"] = [b[1] for b in bounds]
    flags = partial_flags(filled["period"], first, last, freq)
    filled["partial"] = [flags[p] for p in filled["period"]]
    return gate(filled, "n", min_n, ["share", "low", "high"])


def fulltext_coverage(status_rows: Iterable[Mapping[str, Any]]) -> dict[str, int | float]:
    """From papers per full-text status: read (fetched), pending, failed, skipped, total and the share read."""
    by = Counter()
    for r in status_rows:
        by[str(r.get("status") or "pending")] += int(r.get("papers") or 0)
    total = sum(by.values())
    return {"fetched": by["fetched"], "pending": by["pending"], "failed": by["failed"], "skipped": by["skipped"],
            "total": total, "share": (by["fetched"] / total) if total else 0.0}


# ---- colours -----------------------------------------------------------------------------------
_FIXED = {"US": "#1f77b4", "CN": "#d62728", "GB": "#9467bd", "FR": "#17becf", "DE": "#8c564b", "KR": "#e377c2",
          "JP": "#bcbd22", "CA": "#ff7f0e", "IN": "#2ca02c", "SG": "#7f7f7f", UNKNOWN: "#c7c7c7",
          "open": "#2ca02c", "closed": "#d62728", "unknown": "#c7c7c7", "state of the art": "#1f77b4"}
_PALETTE = ("#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#31a354", "#756bb1", "#e6550d",
            "#636363", "#6baed6", "#74c476", "#9e9ac8", "#fd8d3c", "#969696", "#5254a3", "#8ca252", "#bd9e39",
            "#ad494a", "#a55194")


def colour(name: Any) -> str:
    """One colour per country, lab or open/closed class, the same on every page and selection (fixed
    for the usual ones, else a stable hash of the name: never the position in a legend)."""
    key = str(name)
    if key in _FIXED:
        return _FIXED[key]
    h = 0
    for ch in key:
        h = (h * 131 + ord(ch)) % 1_000_003
    return _PALETTE[h % len(_PALETTE)]


def colour_scale(names: Iterable[Any]) -> tuple[list[str], list[str]]:
    """(domain, range) for an Altair colour scale built from :func:`colour`."""
    dom = sorted({str(n) for n in names})
    return dom, [colour(n) for n in dom]


# ---- formatting for people ---------------------------------------------------------------------
def fmt_number(value: Any, digits: int = 3) -> str:
    """``77.3`` not ``77.300000``, ``1,234`` for counts, ``–`` for nothing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    v = float(value)
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.{digits}g}" if abs(v) >= 1 else f"{v:.{digits}g}"


def fmt_pct(share: Any, digits: int = 1) -> str:
    if share is None or (isinstance(share, float) and not math.isfinite(share)):
        return "–"
    return f"{float(share) * 100:.{digits}f}%"


def fmt_period(day: Any, freq: str = "month") -> str:
    """``Mar 2025`` for a month, ``week of 3 Mar 2025`` for a week, ``3 Mar 2025`` for a day."""
    d = as_date(day)
    if d is None:
        return "–"
    if freq == "month":
        return d.strftime("%b %Y")
    if freq == "quarter":
        return f"{d.year} Q{(d.month - 1) // 3 + 1}"
    if freq == "year":
        return str(d.year)
    if freq == "week":
        return f"week of {d.day} {d.strftime('%b %Y')}"
    return f"{d.day} {d.strftime('%b %Y')}"


# ---- models by country -------------------------------------------------------------------------
def quarter_of(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def models_by_country(rows: Iterable[Mapping[str, Any]], freq: str = "year", open_only: bool = False,
                      notable: set[str] | None = None) -> pd.DataFrame:
    """Models introduced per (period, developer country): a model counts once per country of its
    developers, in the period of its first introducing paper. ``rows``: (model, country, day, is_open)."""
    first: dict[str, date] = {}
    countries: dict[str, set[str]] = defaultdict(set)
    is_open: dict[str, Any] = {}
    for r in rows:
        d = as_date(r.get("day"))
        if d is None:
            continue
        m = r["model"]
        first[m] = min(first.get(m, d), d)
        if r.get("country"):
            countries[m].add(r["country"])
        is_open[m] = r.get("is_open")
    counts: Counter[tuple[str, str]] = Counter()
    for m, d in first.items():
        if open_only and is_open.get(m) is not True:
            continue
        if notable is not None and m not in notable:
            continue
        period = str(d.year) if freq == "year" else quarter_of(d)
        for c in countries.get(m) or {UNKNOWN}:
            counts[(period, c)] += 1
    df = pd.DataFrame([(p, c, n) for (p, c), n in counts.items()], columns=["period", "country", "models"])
    return df.sort_values(["period", "models", "country"], ascending=[True, False, True], ignore_index=True)


# ---- open vs closed across benchmarks ----------------------------------------------------------
def both_sides(rows: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """(open results, closed results)."""
    rows = list(rows)
    return (sum(1 for r in rows if r.get("is_open") is True), sum(1 for r in rows if r.get("is_open") is False))


def gap_summary(results: Iterable[Mapping[str, Any]], min_side: int = 3) -> pd.DataFrame:
    """Per (benchmark, main metric) with at least ``min_side`` results on each side: the latest gap and lag.
    The summary lag is the median of the ``lag_months`` column (see :func:`median_lag`)."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in results:
        groups[r["benchmark"]].append(r)
    out = []
    for bench, group in sorted(groups.items()):
        metric = main_metric(group)
        rows = with_metric(group, metric)
        n_open, n_closed = both_sides(rows)
        if n_open < min_side or n_closed < min_side:
            continue
        higher = higher_is_better(rows[0].get("higher_is_better"), metric or bench)
        gap = open_closed_gap(rows, higher).dropna(subset=["gap"])
        if gap.empty:
            continue
        last = gap.iloc[-1]
        out.append({"benchmark": bench, "benchmark_name": rows[0].get("benchmark_name") or bench, "metric": metric,
                    "open_results": n_open, "closed_results": n_closed, "as_of": last["date"],
                    "gap": float(last["gap"]), "lag_months": float(last["lag_months"])})
    return pd.DataFrame(out, columns=["benchmark", "benchmark_name", "metric", "open_results", "closed_results",
                                      "as_of", "gap", "lag_months"])


def median_lag(summary: pd.DataFrame) -> float | None:
    return None if summary.empty else float(summary["lag_months"].median())


def default_gap_benchmark(results: Iterable[Mapping[str, Any]]) -> str | None:
    """The benchmark with most results on both sides (min of open and closed counts, then the total)."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        if r.get("is_open") is True:
            per[r["benchmark"]][0] += 1
        elif r.get("is_open") is False:
            per[r["benchmark"]][1] += 1
    if not per:
        return None
    return max(sorted(per), key=lambda b: (min(per[b]), sum(per[b])))


# ---- readable lineage --------------------------------------------------------------------------
def lineage_within(g: nx.DiGraph, key: str, depth: int) -> tuple[nx.DiGraph, dict[str, int]]:
    """A model's ancestors (the models it is built on, level -1, -2, ...) and descendants (built on it,
    level 1, 2, ...) up to ``depth`` steps; edges point model -> base. Returns (subgraph, levels)."""
    if key not in g:
        return nx.DiGraph(), {}
    levels = {key: 0}
    for sign, step in ((-1, g.successors), (1, g.predecessors)):
        frontier = [key]
        for d in range(1, depth + 1):
            nxt = []
            for node in frontier:
                for other in step(node):
                    if other not in levels:
                        levels[other] = sign * d
                        nxt.append(other)
            frontier = nxt
    return g.subgraph(levels).copy(), levels


def lineage_layout(levels: Mapping[str, int]) -> dict[str, tuple[float, float]]:
    """Layers: ancestors above, the model in the middle, descendants below; names sorted within a layer."""
    by_level: dict[int, list[str]] = defaultdict(list)
    for node, level in levels.items():
        by_level[level].append(node)
    pos = {}
    for level, nodes in by_level.items():
        nodes.sort()
        for i, node in enumerate(nodes):
            pos[node] = ((i + 1) / (len(nodes) + 1), float(-level))
    return pos
