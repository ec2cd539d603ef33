"""Reference lags on Epoch's Capabilities Index: open vs closed, and China vs the US.

Same definitions as the per-benchmark open vs closed page (docs/architecture.md), computed by
the same functions (:func:`dashboard.metrics.open_closed_gap`): the leading frontier L(t) is the best
ECI up to t of the leading group (closed models; US models), the trailing frontier T(t) the same for
the trailing group (open-weights models; Chinese models). Gap = L(t) − T(t) in ECI points; lag at t =
t − the first date a leading model reached T(t). Rows are ``{value, published, is_open, countries}``
as :func:`graph.cypher.curated.eci_results` returns them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard.metrics import DAYS_PER_MONTH, as_date, first_reached, frontier_steps, open_closed_gap, value_at

REFERENCE = {
    "open_closed": "Epoch AI: open-weights models trail closed ones by about 3.5 months on ECI "
                   "(October 2025, 90% CI 1.1–5.3 months), and about 4 months since January 2026.",
    "us_china": "Epoch AI: Chinese models trail the US frontier by about 7 months on ECI (90% CI 4–14 months).",
}
REFERENCE_MONTHS = {"open_closed": (3.5, 1.1, 5.3), "us_china": (7.0, 4.0, 14.0)}


@dataclass(frozen=True)
class LagFigure:
    """A lag series and its headline: the lag at the newest date, the median lag over the last year, and n."""

    series: pd.DataFrame
    latest_lag: float | None
    latest_gap: float | None
    latest_date: date | None
    median_lag_12m: float | None
    n_leading: int
    n_trailing: int


def _sided(rows: Iterable[Mapping[str, Any]], leading: Any, trailing: Any) -> list[dict[str, Any]]:
    """Rows relabelled for :func:`open_closed_gap`: ``is_open`` False = leading side, True = trailing side."""
    out = []
    for r in rows:
        lead, trail = leading(r), trailing(r)
        if lead == trail:
            continue  # neither side, or both (a model of two countries counts for neither)
        out.append({**r, "is_open": bool(trail)})
    return out


def lag_figure(rows: Iterable[Mapping[str, Any]], leading: Any, trailing: Any) -> LagFigure:
    sided = _sided(rows, leading, trailing)
    series = open_closed_gap(sided, higher_is_better=True)
    done = series.dropna(subset=["lag_months"])
    last = done.tail(1)
    median = None
    if not done.empty:
        newest = done["date"].max()
        recent = done[done["date"] >= date(newest.year - 1, newest.month, min(newest.day, 28))]
        median = float(recent["lag_months"].median()) if not recent.empty else None
    return LagFigure(series, float(last["lag_months"].iloc[0]) if not last.empty else None,
                     float(last["gap"].iloc[0]) if not last.empty else None,
                     last["date"].iloc[0] if not last.empty else None, median,
                     sum(1 for r in sided if r["is_open"] is False), sum(1 for r in sided if r["is_open"] is True))


def open_closed_lag(rows: Iterable[Mapping[str, Any]]) -> LagFigure:
    """Open-weights vs closed models on ECI; models of unknown accessibility are left out."""
    rows = list(rows)
    return lag_figure(rows, lambda r: r.get("is_open") is False, lambda r: r.get("is_open") is True)


def us_china_lag(rows: Iterable[Mapping[str, Any]], lead: str = "US", trail: str = "CN") -> LagFigure:
    """Chinese vs US models on ECI, by the developer countries Epoch gives (``Model.countries``)."""
    return lag_figure(rows, lambda r: lead in (r.get("countries") or ()), lambda r: trail in (r.get("countries") or ()))


def lag_on(rows: Iterable[Mapping[str, Any]], leading: Any, trailing: Any, day: date) -> tuple[float | None, int]:
    """The lag on any ``day`` by the definition (not only at step dates): ``day`` − the first date a
    leading model reached the trailing frontier's value on ``day``; with the results known by then (n)."""
    sided = [r for r in _sided(rows, leading, trailing) if (d := as_date(r.get("published"))) and d <= day]
    lead = frontier_steps([r for r in sided if r["is_open"] is False], True)
    trail = frontier_steps([r for r in sided if r["is_open"] is True], True)
    o = value_at(trail, day)
    if o is None or not lead:
        return None, len(sided)
    reached = first_reached(lead, o, True)
    lag = 0.0 if reached is None or reached > day else round((day - reached).days / DAYS_PER_MONTH, 1)
    return lag, len(sided)


def open_closed_lag_on(rows: Iterable[Mapping[str, Any]], day: date) -> tuple[float | None, int]:
    return lag_on(rows, lambda r: r.get("is_open") is False, lambda r: r.get("is_open") is True, day)


def us_china_lag_on(rows: Iterable[Mapping[str, Any]], day: date, lead: str = "US", trail: str = "CN"
                    ) -> tuple[float | None, int]:
    return lag_on(rows, lambda r: lead in (r.get("countries") or ()), lambda r: trail in (r.get("countries") or ()), day)


def frontier_table(rows: Iterable[Mapping[str, Any]], side: Any, label: str) -> pd.DataFrame:
    """The models that set each step of one side's ECI frontier."""
    steps = frontier_steps([r for r in rows if side(r)], True)
    return pd.DataFrame([{"frontier": label, "date": s.day, "eci": round(s.value, 1), "model": s.row.get("model_name"),
                          "key": s.row.get("model"), "setting": s.row.get("setting")} for s in steps],
                        columns=["frontier", "date", "eci", "model", "key", "setting"])
