"""Organisation and country look-ups the graph writer uses to fill Organization/Country nodes.

Reads the curated labs table (``tracker/knowledge/labs.yaml``); unknown keys keep the name the
extractor gave, and a country is never filled in without a source.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from tracker.knowledge import labs


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    return labs.country_names()


@lru_cache(maxsize=1)
def org_lookup() -> Callable[[str], dict[str, Any] | None]:
    table = labs.load_labs()

    def lookup(key: str) -> dict[str, Any] | None:
        lab = table.get(key)
        if lab is None:
            return None
        return {"name": lab.name, "aliases": list(lab.aliases), "type": lab.type, "country": lab.country,
                "parent": lab.parent, "ror_id": None}

    return lookup
