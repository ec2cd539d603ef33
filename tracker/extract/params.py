"""Parameter counts: "7B", "46.7 billion parameters", "355M", "1.6T", "8x7B".

Pure functions returning billions of parameters, so the graph stores one unit (``params_b``).
"""

from __future__ import annotations

import re

SIZE_TOKEN = re.compile(r"(?:(\d+)\s*[x×]\s*)?(\d+(?:\.\d+)?)([KkMmBbTt])")
_UNIT = {"k": 1e-6, "m": 1e-3, "b": 1.0, "t": 1e3,
         "thousand": 1e-6, "million": 1e-3, "billion": 1.0, "trillion": 1e3}
# "46.7 billion parameters", "355M parameters", "a 7B-parameter model", "with 671B total parameters"
PARAM_PHRASE = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*-?\s*(thousand|million|billion|trillion|[KMBT])\b"
    r"(?:\s*-?\s*(?:total|active|activated|trainable|learnable|non-embedding))?\s*-?\s*(?:parameters?|params?|weights)\b",
    re.IGNORECASE)
_ACTIVE_BEFORE = re.compile(r"\b(?:activat\w*|active)\s*$", re.IGNORECASE)


def parse_size_token(text: str) -> float | None:
    """``'7B'`` -> 7.0, ``'355M'`` -> 0.355, ``'8x7B'`` -> None (experts share weights; the total is
    not the product), ``'1.6T'`` -> 1600.0."""
    m = SIZE_TOKEN.fullmatch(text.strip())
    if not m:
        return None
    if m.group(1):
        return None
    return round(float(m.group(2)) * _UNIT[m.group(3).lower()], 6)


def param_mentions(text: str) -> list[tuple[float, int, bool]]:
    """Every stated parameter count in ``text`` as (billions, char offset, is_active_count)."""
    out: list[tuple[float, int, bool]] = []
    for m in PARAM_PHRASE.finditer(text):
        number = float(m.group(1).replace(",", ""))
        value = number * _UNIT[m.group(2).lower()]
        window = text[max(0, m.start() - 25):m.start()] + m.group(0)
        active = bool(re.search(r"activ", window, re.IGNORECASE)) and "total" not in m.group(0).lower()
        out.append((round(value, 6), m.start(), active))
    return out


def stated_params(text: str) -> float | None:
    """The headline parameter count of a passage: the largest total (not activated) count."""
    found = [v for v, _, active in param_mentions(text) if not active]
    return max(found) if found else None
