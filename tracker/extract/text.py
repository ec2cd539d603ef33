"""Shared text helpers for the extractors: sentence split and tokens with their separators."""

from __future__ import annotations

import re
from typing import NamedTuple

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])|\n{2,}")
_TOKEN = re.compile(r"[^\s\-–—,;:()\[\]{}\"“”!?]+")


class Token(NamedTuple):
    """A word with its character span; a named tuple because abstracts make ~200 of them each."""

    text: str
    start: int
    end: int
    sep: str
    """Characters between the previous token and this one ('' for the first)."""


def sentences(text: str) -> list[str]:
    return [s for s in _SENT_SPLIT.split(text) if s and s.strip()]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (same split as :func:`sentences`)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_SPLIT.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


_SEP_WORD = re.compile(r"([\s\-–—,;:()\[\]{}\"“”!?]*)([^\s\-–—,;:()\[\]{}\"“”!?]+)")


def tokens(text: str) -> list[Token]:
    """Words split on spaces and hyphens, trailing sentence dots stripped, separators kept.

    One ``findall`` (separator, word) pass and positions by arithmetic: this runs on every abstract."""
    out: list[Token] = []
    append = out.append
    new = tuple.__new__
    pos = prev_end = 0
    for sep, word in _SEP_WORD.findall(text):
        start = pos + len(sep)
        end = pos = start + len(word)
        if word[-2:] in ("'s", "’s") and len(word) > 2:  # possessive: "Qwen-GUI-3B's"
            end -= 2
            word = word[:-2]
        if word[-1] in ".'’*":
            stripped = word.rstrip(".'’*") or word[:1]
            end -= len(word) - len(stripped)
            word = stripped
        if word[0] in "'‘’*":
            stripped = word.lstrip("'‘’*")
            if not stripped:
                continue
            start += len(word) - len(stripped)
            word = stripped
        append(new(Token, (word, start, end, text[prev_end:start] if out else "")))
        prev_end = end
    return out
