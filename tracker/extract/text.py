"""Shared text helpers for the extractors: sentence split and tokens with their separators."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
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


# ---- LaTeX left in arXiv abstracts -------------------------------------------------------------------------
# Abstracts keep the authors' LaTeX: "\textsc{Foo}", "{\sc Foo}" and a name macro "\chinchilla" hide a model name
# from the name finder. Text-mode wrappers are unwrapped; a bare macro is replaced only when it spells a listed
# model's name (``name_of``), so "\alpha" or "\nummodels" stay as they are.
_TEX_WRAP = re.compile(r"(\$\s*)?\\(?:textsc|texttt|textbf|textit|textrm|textsf|textup|textnormal|emph|mbox|text)\s*"
                       r"\{([^{}\\$]{1,80})\}(\s*\$)?")
_TEX_GROUP = re.compile(r"\{\\(?:sc|bf|tt|it|em|rm|sf|scshape|bfseries|ttfamily|itshape|sffamily)\s+([^{}\\$]{1,80})\}")
_TEX_MACRO = re.compile(r"\\([A-Za-z]{3,30})(?![A-Za-z])(?:\{\})?")
_TEX_MATH_WORDS = frozenset((
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "varpi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi",
    "psi", "omega", "times", "cdot", "cdots", "ldots", "dots", "infty", "sum", "prod", "int", "frac", "sqrt", "log",
    "exp", "min", "max", "arg", "sup", "inf", "lim", "left", "right", "mathbf", "mathrm", "mathcal", "mathbb",
    "text", "label", "cite", "ref", "url", "href"))


def _unwrap(m: re.Match[str]) -> str:
    """"\\textsc{Foo}" -> "Foo"; "$\\texttt{Llama}$" -> "Llama" (math dollars around one wrapped word go too). A
    wrapped piece of a word ("\\textbf{E}mbedding \\textbf{MU}tation") stays as written: unwrapped, it would make
    a new word ("EMbedding")."""
    text, start, end = m.string, m.start(), m.end()
    after = text[end:end + 2]
    if start and text[start - 1].isalnum() or after[:1].isalnum() or after[:1] == "$" and after[1:2].isalnum():
        return m.group(0)
    if m.lastindex == 1:  # "{\\sc Foo}"
        return m.group(1)
    if m.group(1) and m.group(3):
        return m.group(2)
    return (m.group(1) or "") + m.group(2) + (m.group(3) or "")


# accents written in TeX ("Moir\\'eNet", "{\\"o}", "\\c{c}"): left as they are, the same name gets two keys
# ("moirenet" from the title's "MoiréNet", "moir-enet" from the abstract's)
_ACCENT_MARK = {"'": "\u0301", '"': "\u0308", "`": "\u0300", "^": "\u0302", "~": "\u0303",
                "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328"}
_TEX_ACCENT = re.compile(r"\{\\(['\"`^~])\s*(\\i|[A-Za-z])\}|\\(['\"`^~])\{(\\i|[A-Za-z])\}|\\(['\"`^~])(\\i|[A-Za-z])"
                         r"|\{?\\([cvuHk])\{(\\i|[A-Za-z])\}\}?")


def _accented(m: re.Match[str]) -> str:
    mark, letter = next((m.group(i), m.group(i + 1)) for i in (1, 3, 5, 7) if m.group(i))
    if mark in "cvuHk" and m.group(0).startswith("{") != m.group(0).endswith("}}"):
        return m.group(0)  # unbalanced braces: leave the markup as written
    return unicodedata.normalize("NFC", ("i" if letter == "\\i" else letter) + _ACCENT_MARK[mark])


def untex_accents(text: str) -> str:
    """``text`` with TeX accents as Unicode letters ("Moir\\'eNet" -> "MoiréNet"); cheap without a backslash."""
    if "\\" not in text:
        return text
    return _TEX_ACCENT.sub(_accented, text)


def untex(text: str, name_of: Callable[[str], str | None]) -> str:
    """``text`` with LaTeX name markup and accents resolved; unchanged (and cheap) when it holds no backslash."""
    if "\\" not in text:
        return text
    text = _TEX_GROUP.sub(_unwrap, _TEX_WRAP.sub(_unwrap, untex_accents(text)))

    def macro(m: re.Match[str]) -> str:
        word = m.group(1)
        if word.casefold() in _TEX_MATH_WORDS:
            return m.group(0)
        return name_of(word) or m.group(0)

    return _TEX_MACRO.sub(macro, text)


@lru_cache(maxsize=4096)
def name_pattern(name: str) -> re.Pattern[str]:
    """``name`` as a whole word: not inside a longer name ("Kimi-VL" is not in "Kimi-VL-Thinking")."""
    return re.compile(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])")
