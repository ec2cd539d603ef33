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

from graph.cypher import curated
from graph.rows import Row
from graph.schema import NODE_BY_LABEL

CURATED_MODEL_PROPS = ("accessibility", "is_open", "accessibility_source", "release_date", "developer", "countries")


def _props(label: str) -> tuple[str, ...]:
    node = NODE_BY_LABEL[label]
    return tuple(p for p, _ in node.properties if p != node.key)


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


def apply_curated(writer: Any, batch: CuratedBatch, read: Callable[[str, dict[str, Any]], Any]) -> None:
    """Run the batch through ``writer`` (a backend's plan primitives); ``read`` runs one named statement
    in the same transaction."""
    if batch.countries:
        writer.upsert_nodes("Country", batch.countries, ("name",), "create_missing")
    if batch.organizations:
        writer.upsert_nodes("Organization", batch.organizations, _props("Organization"), "create_missing")
    if batch.located_in:
        writer.add_edges("LOCATED_IN", batch.located_in, only_missing=True)
    if batch.models_new:
        writer.upsert_nodes("Model", batch.models_new, _props("Model"), "replace")
    if batch.models_update:
        writer.upsert_nodes("Model", batch.models_update, CURATED_MODEL_PROPS, "coalesce")
    if batch.benchmarks:
        writer.upsert_nodes("Benchmark", batch.benchmarks, _props("Benchmark"), "create_missing")
        writer.upsert_nodes("Benchmark", batch.benchmarks, ("scale",), "coalesce")
    if batch.results:
        writer.upsert_nodes("Result", batch.results, _props("Result"), "replace")
    for rel, rows in (("OF_MODEL", batch.of_model), ("ON_BENCHMARK", batch.on_benchmark),
                      ("DEVELOPED_BY", batch.developed_by)):
        if rows:
            writer.add_edges(rel, rows, only_missing=True)
    if batch.developed_by:
        read(curated.set_developed_by_source(), {"rows": batch.developed_by})
