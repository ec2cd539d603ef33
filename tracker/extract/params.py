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
# a size written without the word "parameters", before or after a model noun: "a mid-size 32B model",
# "a compact 0.5B LLM", "a unified diffusion model (0.39B)". Capital units only ("2m" is a length), and the
# noun must follow within two words, so "2B tokens" and "a 7B-token corpus" are not sizes; a size glued to
# a name ("Qwen2.5-7B model") is that model's, not a stated count.
_MODEL_NOUN = r"(?:models?|LLMs?|VLMs?|MLLMs?|LMs|networks?|transformers?)"
SIZE_BEFORE_NOUN = re.compile(r"(?<=[\s(])(\d+(?:\.\d+)?)\s*-?\s*([MBT])(?![\w.])"
                              r"(?=[\s\-]+(?:[A-Za-z][\w\-]*\s+){0,2}?" + _MODEL_NOUN + r"\b)")
SIZE_IN_PARENS = re.compile(r"(?<=\bmodel \()(\d+(?:\.\d+)?)\s*([MBT])(?=\))")


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
    return _mentions(text, (PARAM_PHRASE,))


def bare_sizes(text: str) -> list[tuple[float, int, bool]]:
    """Sizes stated without the word "parameters" ("a 32B model", "model (0.39B)"): whose they are is for the
    caller to decide from the words around them (a model named just before, in apposition)."""
    return _mentions(text, (SIZE_BEFORE_NOUN, SIZE_IN_PARENS))


def _mentions(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[tuple[float, int, bool]]:
    out: list[tuple[float, int, bool]] = []
    for rx in patterns:
        for m in rx.finditer(text):
            number = float(m.group(1).replace(",", ""))
            value = number * _UNIT[m.group(2).lower()]
            window = text[max(0, m.start() - 25):m.start()] + m.group(0)
            active = bool(re.search(r"activ", window, re.IGNORECASE)) and "total" not in m.group(0).lower()
            out.append((round(value, 6), m.start(), active))
    return sorted(out, key=lambda x: x[1])


def param_phrase_end(text: str, pos: int) -> int:
    """Where the size stated at ``pos`` ends ("7B parameters", "32B", "0.39B"): the words after it are
    what it is the size of."""
    for rx in (PARAM_PHRASE, SIZE_BEFORE_NOUN, SIZE_IN_PARENS):
        m = rx.match(text, pos)
        if m:
            return m.end()
    return pos


def stated_params(text: str) -> float | None:
    """The headline parameter count of a passage: the largest total (not activated) count."""
    found = [v for v, _, active in param_mentions(text) if not active]
    return max(found) if found else None
