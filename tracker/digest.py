"""What the last ingest run brought: papers, models introduced, new state-of-the-art results and new
open/closed frontier points, for the dashboard's landing page and ``sotagraph digest``.

"Brought by a run" is exact, not a date guess: the pipeline stamps every paper it writes anew (a new
paper or a new version) with the run's id (``Paper.ingest_run``), so a paper fetched again unchanged
(the nightly window overlaps the previous one) is not counted twice. Results added later by the
full-text pass to an older paper belong to that paper's run, not to the night they were read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from graph.cypher import dashboard as q

Rows = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


@dataclass
class Digest:
    """One digest: the runs it covers and what they brought."""

    runs: list[dict[str, Any]]
    papers: list[dict[str, Any]] = field(default_factory=list)
    models: list[dict[str, Any]] = field(default_factory=list)
    sota: list[dict[str, Any]] = field(default_factory=list)
    frontier: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.papers or self.models or self.sota or self.frontier)


def select_runs(runs: Sequence[Mapping[str, Any]], since: date | None = None) -> list[dict[str, Any]]:
    """The runs a digest covers: the newest ok run, or every ok run started on or after ``since``."""
    if since is None:
        return [dict(runs[0])] if runs else []
    out = []
    for r in runs:
        started = _day(r.get("started"))
        if started is not None and started >= since:
            out.append(dict(r))
    return out


def _day(value: Any) -> date | None:
    from dashboard.metrics import as_date

    return as_date(value)


def new_frontier_points(results: Iterable[Mapping[str, Any]], papers: set[str]) -> tuple[list[dict[str, Any]],
                                                                                     list[dict[str, Any]]]:
    """(new state-of-the-art results, new open/closed frontier points) set by results of ``papers``.

    Frontiers are per (benchmark, metric) over every result in the graph, metric direction respected;
    a point is new when the result that set it is reported by one of ``papers``."""
    from dashboard import metrics

    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for r in results:
        groups.setdefault((r["benchmark"], r.get("metric") or ""), []).append(r)
    sota: list[dict[str, Any]] = []
    frontier: list[dict[str, Any]] = []
    for (bench, metric), group in sorted(groups.items()):
        higher = metrics.higher_is_better(group[0].get("higher_is_better"), metric or bench)
        for step in metrics.frontier_steps(group, higher):
            if step.row.get("arxiv_id") in papers:
                sota.append(_point(step, bench, metric, None))
        for side, flag in (("open", True), ("closed", False)):
            for step in metrics.frontier_steps([r for r in group if r.get("is_open") is flag], higher):
                if step.row.get("arxiv_id") in papers:
                    frontier.append(_point(step, bench, metric, side))
    return sota, frontier


def _point(step: Any, bench: str, metric: str, side: str | None) -> dict[str, Any]:
    r = step.row
    out = {"benchmark": bench, "benchmark_name": r.get("benchmark_name") or bench, "metric": metric,
           "value": step.value, "model": r.get("model"), "model_name": r.get("model_name") or r.get("model"),
           "arxiv_id": r.get("arxiv_id"), "date": step.day, "setting": r.get("setting"), "source": r.get("source")}
    if side is not None:
        out["side"] = side
    return out


def build(read: Rows, since: date | None = None, recent: int = 200) -> Digest:
    """The digest of the newest ok run (or of every ok run since ``since``), read through ``read``."""
    runs = select_runs(read(q.ok_runs(), {"n": recent}), since)
    if not runs:
        return Digest(runs=[])
    ids = [r["run_id"] for r in runs]
    papers = read(q.run_papers(), {"runs": ids})
    models = read(q.run_introduced(), {"runs": ids})
    paper_ids = {p["arxiv_id"] for p in papers}
    benches = [r["benchmark"] for r in read(q.run_benchmarks(), {"runs": ids})]
    results: list[dict[str, Any]] = []
    for bench in sorted(benches):
        results.extend(read(q.benchmark_results(), {"benchmark": bench}))
    sota, frontier = new_frontier_points(results, paper_ids)
    return Digest(runs=runs, papers=papers, models=models, sota=sota, frontier=frontier)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "to_native"):
        return _plain(value.to_native())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def to_json(d: Digest) -> str:
    return json.dumps(asdict(d), default=_plain, indent=2, sort_keys=True)


def _fmt_value(v: Any) -> str:
    from dashboard.metrics import fmt_number

    return fmt_number(v)


def to_markdown(d: Digest) -> str:
    """A newsletter/chat-hook text: one section per kind, each item one line with its paper link."""
    if not d.runs:
        return "# sotagraph digest\n\nNo successful ingest run yet.\n"
    starts = sorted(str(_day(r.get("started"))) for r in d.runs)
    span = starts[0] if len(starts) == 1 else f"{starts[0]} … {starts[-1]}"
    lines = [f"# sotagraph digest: {span}", "",
             f"{len(d.papers):,} papers · {len(d.models):,} models introduced · {len(d.sota):,} new state-of-the-art "
             f"results · {len(d.frontier):,} new open/closed frontier points ({len(d.runs)} run(s))", ""]

    def link(aid: Any) -> str:
        return f"[{aid}](https://arxiv.org/abs/{aid})"

    if d.papers:
        lines += ["## Papers", ""]
        lines += [f"- {link(p['arxiv_id'])} {' '.join(str(p.get('title') or '').split())}" for p in d.papers[:200]]
        if len(d.papers) > 200:
            lines.append(f"- … and {len(d.papers) - 200:,} more")
        lines.append("")
    if d.models:
        lines += ["## Models introduced", ""]
        lines += [f"- {m.get('model_name') or m['model']} ({'open weights' if m.get('is_open') else 'closed' if m.get('is_open') is False else 'openness unknown'}) in {link(m['arxiv_id'])}"
                  for m in d.models]
        lines.append("")
    for title, items in (("New state of the art", d.sota), ("New open/closed frontier points", d.frontier)):
        if items:
            lines += [f"## {title}", ""]
            lines += [f"- {i['benchmark_name']}{' (' + i['metric'] + ')' if i.get('metric') else ''}: "
                      f"{i['model_name']} {_fmt_value(i['value'])}"
                      f"{' [' + i['side'] + ']' if i.get('side') else ''} in {link(i['arxiv_id'])}" for i in items]
            lines.append("")
    if d.empty:
        lines.append("Nothing new in this run.")
    return "\n".join(lines).rstrip() + "\n"


def to_text(d: Digest) -> str:
    """Terminal output: the Markdown reads fine as text."""
    return to_markdown(d)
