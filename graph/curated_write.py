"""The write of a curated source (Epoch AI's data) as one backend-neutral plan over the store's writer
primitives (``upsert_nodes``, ``add_edges``), run inside one transaction by each backend.

Curated results belong to no paper: ``(Result)-[:OF_MODEL]->(Model)`` and ``(Result)-[:ON_BENCHMARK]->
(Benchmark)``, no ``REPORTS``. Models a paper made keep their own properties; only the curated facts
(accessibility and its source, release date, developer, countries) are set on them, and only those the
source asserts (a null never blanks a stored value). Organisations,
countries and benchmarks that exist are left as they are (a benchmark gains a ``scale`` when it had none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph import plan
from graph.cypher import curated
from graph.rows import Row

CURATED_MODEL_PROPS = ("accessibility", "is_open", "accessibility_source", "release_date", "developer", "countries")


@dataclass
class CuratedBatch:
    """Everything one curated import writes; the importer decided what is new and what changed."""

    countries: list[Row] = field(default_factory=list)
    organizations: list[Row] = field(default_factory=list)
    located_in: list[Row] = field(default_factory=list)
    models_new: list[Row] = field(default_factory=list)
    models_update: list[Row] = field(default_factory=list)
    benchmarks: list[Row] = field(default_factory=list)
    results: list[Row] = field(default_factory=list)
    of_model: list[Row] = field(default_factory=list)
    on_benchmark: list[Row] = field(default_factory=list)
    developed_by: list[Row] = field(default_factory=list)

    def empty(self) -> bool:
        return not any(getattr(self, f) for f in self.__dataclass_fields__)


def curated_ops(batch: CuratedBatch) -> list[plan.Op]:
    """The batch as write-plan operations (the same primitives and modes as a paper batch)."""
    props = plan.props_of
    ops: list[plan.Op] = [
        plan.UpsertNodes("Country", tuple(batch.countries), ("name",), "create_missing"),
        plan.UpsertNodes("Organization", tuple(batch.organizations), props("Organization"), "create_missing"),
        plan.AddEdges("LOCATED_IN", tuple(batch.located_in), only_missing=True),
        plan.UpsertNodes("Model", tuple(batch.models_new), props("Model"), "replace"),
        plan.UpsertNodes("Model", tuple(batch.models_update), CURATED_MODEL_PROPS, "coalesce"),
        plan.UpsertNodes("Benchmark", tuple(batch.benchmarks), props("Benchmark"), "create_missing"),
        plan.UpsertNodes("Benchmark", tuple(batch.benchmarks), ("scale",), "coalesce"),
        plan.UpsertNodes("Result", tuple(batch.results), props("Result"), "replace"),
    ]
    ops += [plan.AddEdges(rel, tuple(rows), only_missing=True)
            for rel, rows in (("OF_MODEL", batch.of_model), ("ON_BENCHMARK", batch.on_benchmark),
                              ("DEVELOPED_BY", batch.developed_by))]
    return ops


def apply_curated(writer: plan.Writer, batch: CuratedBatch, read: Callable[[str, dict[str, Any]], Any]) -> None:
    """Run the batch through ``writer`` (a backend's plan primitives); ``read`` runs one named statement
    in the same transaction."""
    plan.apply(plan.WritePlan(ops=curated_ops(batch)), writer)
    if batch.developed_by:
        read(curated.set_developed_by_source(), {"rows": batch.developed_by})
