"""Organisation and country look-ups the graph writer uses to fill Organization nodes.

Reads the curated labs table when it exists (extraction issue 5); without it the writer
still works and organisations keep the name the extractor gave.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

COUNTRY_NAMES = {
    "US": "United States", "CN": "China", "GB": "United Kingdom", "FR": "France", "DE": "Germany",
    "CA": "Canada", "JP": "Japan", "KR": "South Korea", "IN": "India", "IL": "Israel", "AE": "United Arab Emirates",
    "SG": "Singapore", "CH": "Switzerland", "NL": "Netherlands", "AU": "Australia", "IT": "Italy", "ES": "Spain",
    "SE": "Sweden", "HK": "Hong Kong", "TW": "Taiwan", "RU": "Russia", "BR": "Brazil", "FI": "Finland",
    "DK": "Denmark", "NO": "Norway", "AT": "Austria", "BE": "Belgium", "PL": "Poland", "IE": "Ireland",
    "SA": "Saudi Arabia", "QA": "Qatar", "TR": "Turkey", "IR": "Iran", "PT": "Portugal", "CZ": "Czechia",
    "GR": "Greece", "NZ": "New Zealand", "MX": "Mexico", "AR": "Argentina", "CL": "Chile", "ZA": "South Africa",
    "EG": "Egypt", "VN": "Vietnam", "TH": "Thailand", "MY": "Malaysia", "ID": "Indonesia", "PK": "Pakistan",
    "BD": "Bangladesh", "LU": "Luxembourg", "HU": "Hungary", "RO": "Romania", "UA": "Ukraine", "EE": "Estonia",
}


def country_names() -> dict[str, str]:
    return COUNTRY_NAMES


@lru_cache(maxsize=1)
def org_lookup() -> Callable[[str], dict[str, Any] | None]:
    try:
        from tracker.knowledge.labs import lab_by_key  # type: ignore[attr-defined]
    except ImportError:
        return lambda key: None

    def lookup(key: str) -> dict[str, Any] | None:
        lab = lab_by_key(key)
        if lab is None:
            return None
        return lab if isinstance(lab, dict) else dict(lab.__dict__)

    return lookup
