"""Loaders for the curated organisation knowledge: AI labs, hub accounts, email domains, countries.

The YAML files beside this module are written by hand (see each file's header). They are loaded
once per process (cached) because every paper's extraction consults them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

KNOWLEDGE_DIR = Path(__file__).resolve().parent
ORG_TYPES = ("company", "education", "government", "nonprofit", "facility", "other")


@dataclass(frozen=True, slots=True)
class Lab:
    """One curated organisation (labs.yaml)."""

    key: str
    name: str
    aliases: tuple[str, ...]
    parent: str | None
    type: str
    country: str


def _read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at top level")
    return data


@lru_cache(maxsize=4)
def load_labs(path: Path = KNOWLEDGE_DIR / "labs.yaml") -> dict[str, Lab]:
    """Curated labs by key. Entries missing a key, name or valid country are skipped with a warning."""
    labs: dict[str, Lab] = {}
    for raw in _read_yaml(path).get("labs", []):
        try:
            key, name, country = str(raw["key"]), str(raw["name"]), str(raw["country"]).upper()
        except (KeyError, TypeError):
            log.warning("labs.yaml: skipping entry without key/name/country: %r", raw)
            continue
        if len(country) != 2 or key in labs:
            log.warning("labs.yaml: skipping %s (bad country %r or duplicate key)", key, country)
            continue
        org_type = str(raw.get("type") or "other")
        labs[key] = Lab(key=key, name=name, aliases=tuple(str(a) for a in raw.get("aliases") or ()),
                        parent=raw.get("parent"), type=org_type if org_type in ORG_TYPES else "other",
                        country=country)
    return labs


def root_key(key: str, labs: dict[str, Lab] | None = None) -> str:
    """The top-level parent of a lab key (``google-deepmind`` -> ``google``); unknown keys map to themselves."""
    labs = labs if labs is not None else load_labs()
    seen: set[str] = set()
    while key in labs and labs[key].parent and key not in seen:
        seen.add(key)
        key = labs[key].parent  # type: ignore[assignment]
    return key


@lru_cache(maxsize=4)
def load_hubs(path: Path = KNOWLEDGE_DIR / "hubs.yaml") -> dict[str, dict[str, str]]:
    """``{host: {account (lower case): lab key}}`` for github.com and huggingface.co."""
    data = _read_yaml(path)
    return {host.lower(): {str(acct).lower(): str(key) for acct, key in (accounts or {}).items()}
            for host, accounts in data.items()}


@lru_cache(maxsize=4)
def load_email_domains(path: Path = KNOWLEDGE_DIR / "email_domains.yaml") -> tuple[dict[str, str], frozenset[str]]:
    """``(domain -> org key, personal-mail domains)``."""
    data = _read_yaml(path)
    domains = {str(d).lower(): str(k) for d, k in (data.get("domains") or {}).items()}
    return domains, frozenset(str(d).lower() for d in data.get("personal") or ())


@lru_cache(maxsize=4)
def load_countries(path: Path = KNOWLEDGE_DIR / "countries.yaml") -> tuple[dict[str, str], dict[str, str]]:
    """``(country name variant -> code, city -> code)``; keys as written (callers normalise)."""
    data = _read_yaml(path)
    names = {str(v): str(code) for code, variants in (data.get("countries") or {}).items() for v in variants}
    cities = {str(v): str(code) for code, variants in (data.get("cities") or {}).items() for v in variants}
    return names, cities


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO code -> display name (the first variant listed in countries.yaml)."""
    data = _read_yaml(KNOWLEDGE_DIR / "countries.yaml")
    return {str(code): str(variants[0]) for code, variants in (data.get("countries") or {}).items() if variants}
