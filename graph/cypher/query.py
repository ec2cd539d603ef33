"""A query and its parameters, built together so no caller rebuilds the parameters by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Query:
    """Cypher text plus the parameters it binds: what every named builder returns and what
    :meth:`graph.store.GraphStore.rows` runs."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)
