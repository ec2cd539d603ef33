"""The backend registry: a name (``SOTAGRAPH_GRAPH``) to the store class that serves it.

Backends import :mod:`graph.store` (the interface they implement); the interface never imports a backend.
The registry names each class as ``"module:Class"`` and imports it only when a store of that kind is
opened, so there is no import circle and a caller that never opens Neo4j never loads its driver.
A new backend is one class with a ``from_settings`` constructor and one line here
(docs/architecture.md says what else it implements).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from graph.store import GraphStore, StoreError

BACKENDS: dict[str, str] = {
    "embedded": "graph.embedded:EmbeddedStore",
    "neo4j": "graph.neo4j_store:Neo4jStore",
}


@dataclass(frozen=True)
class StoreSettings:
    """What a backend needs to open, as plain values: the graph layer reads no environment and no
    application settings module; the caller (the CLI, the dashboard, a test) fills this in."""

    graph: str = "embedded"
    store_path: Path | None = None
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)
    neo4j_database: str = "neo4j"
    buffer_pool_mb: int = 2048
    threads: int = 2
    neo4j_retry_s: float = 30.0

    @classmethod
    def of(cls, settings: Any) -> StoreSettings:
        """The store part of any settings-like object (attributes missing there keep their defaults)."""
        if isinstance(settings, cls):
            return settings
        values = {f.name: getattr(settings, f.name) for f in fields(cls) if hasattr(settings, f.name)}
        return cls(**values)


def store_class(name: str) -> type[GraphStore]:
    """The class registered as ``name``, imported now."""
    spec = BACKENDS.get(name)
    if spec is None:
        raise StoreError(f"unknown graph backend {name!r}: use one of {', '.join(sorted(BACKENDS))}")
    module, _, cls = spec.partition(":")
    return getattr(importlib.import_module(module), cls)


def open_store(settings: Any, *, read_only: bool = False) -> GraphStore:
    """The store selected by ``settings.graph`` (``embedded`` default, or ``neo4j``)."""
    plain = StoreSettings.of(settings)
    return store_class(plain.graph).from_settings(plain, read_only=read_only)  # type: ignore[attr-defined]
