"""A Cypher tokenizer for the read-only console: strings, escapes, comments, backticks, parameters.

The console judges a query by its tokens, never by a regular expression over the raw text, so a
``//`` inside a string is a string and a keyword inside backticks is a name. Where the two engines'
lexers might disagree, this one takes the side that makes *more* text count as code (line
comments end at every line break Unicode knows, block comments do not nest), so a disagreement
can only make the console refuse more, never run text it did not judge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    WORD = "word"          # an unquoted identifier or keyword
    NAME = "name"          # a `backtick-quoted` identifier
    STRING = "string"      # a '...' or "..." literal
    NUMBER = "number"
    PARAM = "param"        # $name, $0, $`quoted`
    SYMBOL = "symbol"      # punctuation and operators, one or two characters


class TokenError(ValueError):
    """The query cannot be split into tokens (an unterminated string, comment or name)."""


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str      # the source text of the token
    value: str     # strings and names unquoted, words as written
    start: int     # offset in the query
    end: int

    @property
    def upper(self) -> str:
        """Keyword form: NFKC-folded and upper-cased, so ``ſet`` and full-width letters read as SET."""
        return unicodedata.normalize("NFKC", self.value).upper()

    def is_word(self, *words: str) -> bool:
        return self.kind is Kind.WORD and self.upper in words

    def is_symbol(self, *symbols: str) -> bool:
        return self.kind is Kind.SYMBOL and self.text in symbols


_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_TWO_CHAR = ("<>", "<=", ">=", "=~", "..", "->", "<-", "+=", "!=", "::", "||")


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc", "Pc")


def _scan_quoted(query: str, i: int, quote: str) -> int:
    """End offset of the string starting at ``i`` (a backslash escapes the next character)."""
    j = i + 1
    n = len(query)
    while j < n:
        ch = query[j]
        if ch == "\\":
            j += 2
            continue
        if ch == quote:
            return j + 1
        j += 1
    raise TokenError("unterminated string literal")


def _scan_backtick(query: str, i: int) -> tuple[int, str]:
    """End offset and value of a backtick name; a doubled backtick is one backtick."""
    j = i + 1
    n = len(query)
    parts: list[str] = []
    while j < n:
        k = query.find("`", j)
        if k < 0:
            break
        parts.append(query[j:k])
        if k + 1 < n and query[k + 1] == "`":
            parts.append("`")
            j = k + 2
            continue
        return k + 1, "".join(parts)
    raise TokenError("unterminated `quoted name`")


_UNICODE_ESCAPE = re.compile(r"\\+u+[0-9a-f]{4}", re.IGNORECASE)
"""Neo4j's parser decodes ``\\uXXXX`` before it lexes (inside strings and comments too), so an
escape can close a string or end a comment the engine sees but a tokenizer does not: refused."""


def _number_end(query: str, i: int) -> int:
    """End of the numeric literal at ``i``: ``0x``/``0o`` forms, or digits with one fraction and an
    exponent. The engines split ``1LOAD`` into ``1`` and ``LOAD``, so a number may not run into a word."""
    n = len(query)
    if query.startswith(("0x", "0X"), i):
        j = i + 2
        while j < n and query[j] in "0123456789abcdefABCDEF_":
            j += 1
    elif query.startswith(("0o", "0O"), i):
        j = i + 2
        while j < n and query[j] in "01234567_":
            j += 1
    else:
        j = i
        while j < n and (query[j].isdigit() or query[j] == "_"):
            j += 1
        if j + 1 < n and query[j] == "." and query[j + 1].isdigit():
            j += 1
            while j < n and (query[j].isdigit() or query[j] == "_"):
                j += 1
        if j < n and query[j] in "eE":
            k = j + 1
            if k < n and query[k] in "+-":
                k += 1
            if k < n and query[k].isdigit():
                j = k
                while j < n and query[j].isdigit():
                    j += 1
    if j < n and (_word_char(query[j]) or unicodedata.category(query[j]) == "Cf"):
        raise TokenError(f"a number runs into a word at offset {i} ({query[i:j + 8]!r}): put a space between them")
    return j


def tokenize(query: str) -> list[Token]:
    """The tokens of ``query``, comments and whitespace dropped."""
    escape = _UNICODE_ESCAPE.search(query)
    if escape:
        raise TokenError(f"unicode escapes such as {escape.group(0)!r} are not accepted: type the character itself")
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace() or (unicodedata.category(ch) == "Cf" and not (i + 1 < n and _word_char(query[i + 1]))):
            i += 1
        elif query.startswith("//", i):
            j = i + 2
            while j < n and query[j] not in _LINE_BREAKS:
                j += 1
            i = j
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            if j < 0:
                raise TokenError("unterminated /* comment")
            i = j + 2
        elif ch in ("'", '"'):
            j = _scan_quoted(query, i, ch)
            out.append(Token(Kind.STRING, query[i:j], query[i + 1:j - 1], i, j))
            i = j
        elif ch == "`":
            j, value = _scan_backtick(query, i)
            out.append(Token(Kind.NAME, query[i:j], value, i, j))
            i = j
        elif ch == "$":
            j = i + 1
            if j < n and query[j] == "`":
                j, value = _scan_backtick(query, j)
            elif j < n and query[j].isdigit():  # $0, $1: the engines end a numbered parameter at the digits
                j = _number_end(query, j)
                value = query[i + 1:j]
            else:
                while j < n and _word_char(query[j]):
                    j += 1
                value = query[i + 1:j]
            out.append(Token(Kind.PARAM, query[i:j], value, i, j))
            i = j
        elif ch.isdigit():
            j = _number_end(query, i)
            out.append(Token(Kind.NUMBER, query[i:j], query[i:j], i, j))
            i = j
        elif _word_char(ch) or unicodedata.category(ch) == "Cf":
            # Invisible format characters inside a word are dropped from its value: CRE\u200bATE is CREATE.
            j = i + 1
            while j < n and (_word_char(query[j]) or unicodedata.category(query[j]) == "Cf"):
                j += 1
            value = "".join(c for c in query[i:j] if unicodedata.category(c) != "Cf")
            out.append(Token(Kind.WORD, query[i:j], value, i, j))
            i = j
        else:
            two = query[i:i + 2]
            width = 2 if two in _TWO_CHAR else 1
            out.append(Token(Kind.SYMBOL, query[i:i + width], query[i:i + width], i, i + width))
            i += width
    return out
