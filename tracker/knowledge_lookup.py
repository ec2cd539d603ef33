"""Organisation and country look-ups the graph writer uses to fill Organization/Country nodes.

Reads the curated labs table (``tracker/knowledge/labs.yaml``); unknown keys keep the name the
extractor gave, and a country is never filled in without a source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from tracker.entities import PaperExtraction
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


def resolve_orgs(extractions: Sequence[PaperExtraction]) -> dict[str, dict[str, Any]]:
    """The organisation table of a batch, resolved before the graph write: every organisation key
    the extractions name (affiliations and model developers) and their parents, with the curated
    name, aliases, type, country (and its name) and parent. Keys the curated table does not know
    are left out, so the writer keeps what the extractor read for them."""
    lookup, names = org_lookup(), country_names()
    todo = [o.key for e in extractions for o in e.organizations if o.key]
    todo += [m.developer for e in extractions for m in e.models if m.developer]
    table: dict[str, dict[str, Any]] = {}
    while todo:
        key = todo.pop()
        if key in table:
            continue
        info = lookup(key)
        if info is None:
            continue
        table[key] = {**info, "country_name": names.get(info["country"]) if info.get("country") else None}
        if info.get("parent"):
            todo.append(info["parent"])
    return table
