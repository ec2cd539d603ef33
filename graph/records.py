"""Paper records: one shape for every source (arXiv API, OAI-PMH, snapshot files).

Sources turn their bytes into :class:`PaperRecord`; everything downstream (extraction, graph
writes, embeddings) reads only this model, so a new source never touches the rest.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
"""Control characters other than whitespace (NUL first of all): stripped from every text field."""
_SURROGATE = re.compile(r"[\ud800-\udfff]")
MAX_VERSION = 1000
"""Versions above this are refused: arXiv papers have a few dozen at most, and the stores hold 64-bit ints."""
_VERSIONED = re.compile(r"^(?P<base>.+?)v(?P<version>\d+)$")
_NEW_ID = re.compile(r"^\d{4}\.\d{4,5}$")
_OLD_ID = re.compile(r"^[a-z][a-z.\-]*/\d{7}$", re.IGNORECASE)


def normalise_space(text: str | None) -> str:
    """Collapse runs of whitespace (arXiv hard-wraps abstracts) into single spaces."""
    return " ".join((text or "").split())  # str.split() splits on exactly what \s matches, and is faster


def clean_text(value: Any, field_name: str = "text") -> str:
    """A source's text as we store it: a string, valid Unicode, no control characters, spaces folded.

    NUL and other control characters are stripped (they carry no meaning in metadata and break
    exports); a lone surrogate (``"\\ud800"`` in JSON) cannot be encoded as UTF-8, so it is refused.
    """
    if not isinstance(value, str):
        raise ValueError(f"{field_name} must be a string, not {type(value).__name__}")
    if not value.isascii() and _SURROGATE.search(value):
        raise ValueError(f"{field_name} is not valid Unicode (a lone surrogate)")
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    return normalise_space(value)


def split_version(raw_id: str) -> tuple[str, int | None]:
    """``'2104.12255v3'`` -> ``('2104.12255', 3)``; an id without a version gives ``None``.

    Accepts abs/pdf URLs and the ``arXiv:`` prefix too, since feeds carry ids in all three forms.
    """
    ident = raw_id.strip()
    for prefix in ("http://arxiv.org/abs/", "https://arxiv.org/abs/", "http://arxiv.org/pdf/",
                   "https://arxiv.org/pdf/", "arXiv:", "arxiv:"):
        if ident.startswith(prefix):
            ident = ident[len(prefix):]
    ident = ident.removesuffix(".pdf")
    match = _VERSIONED.match(ident)
    if match and (_NEW_ID.match(match["base"]) or _OLD_ID.match(match["base"])):
        return match["base"], int(match["version"])
    return ident, None


def is_valid_arxiv_id(ident: str) -> bool:
    """True for versionless new-style (``2401.01234``) and old-style (``hep-th/9901001``) ids."""
    return bool(_NEW_ID.match(ident) or _OLD_ID.match(ident))


def invalid_reason(exc: BaseException) -> str:
    """Why a record was refused, in one line: the field and the message of the first validation error."""
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        loc = ".".join(map(str, err["loc"]))
        msg = str(err["msg"]).removeprefix("Value error, ")
        return f"{loc}: {msg}" if loc and loc.split(".")[0] not in msg else msg
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def author_key(name: str) -> str:
    """The Author node key: the normalised name (case and spacing folded)."""
    return normalise_space(name).casefold()


class PaperRecord(BaseModel):
    """A paper as every source yields it. ``arxiv_id`` has no version; ``version`` holds it."""

    model_config = ConfigDict(frozen=True)

    arxiv_id: str
    version: int = 1
    title: str
    abstract: str = ""
    authors: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    published: date | None = None
    updated: date | None = None
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    pdf_url: str | None = None
    affiliations: list[list[str]] = Field(default_factory=list)
    """Per-author affiliation strings when the source carries them (arXiv API, arXivRaw)."""

    @field_validator("arxiv_id", mode="before")
    @classmethod
    def _check_id(cls, value: Any) -> str:
        base, _ = split_version(clean_text(value, "id"))
        if not is_valid_arxiv_id(base):
            raise ValueError(f"not an arXiv id: {value!r}")
        return base

    @field_validator("version", mode="before")
    @classmethod
    def _check_version(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"version must be an integer, not {type(value).__name__}")
        if not 1 <= value <= MAX_VERSION:
            raise ValueError(f"version {value} is out of range (1..{MAX_VERSION})")
        return value

    @field_validator("title", mode="before")
    @classmethod
    def _check_title(cls, value: Any) -> str:
        text = clean_text(value, "title")
        if not text:
            raise ValueError("empty title")
        return text

    @field_validator("abstract", mode="before")
    @classmethod
    def _norm_abstract(cls, value: Any) -> str:
        return clean_text(value, "abstract")

    @field_validator("authors", "categories", mode="before")
    @classmethod
    def _check_names(cls, value: Any) -> list[str]:
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"must be a list of strings, not {type(value).__name__}")
        return [clean_text(v, "each name") for v in value]

    @field_validator("authors")
    @classmethod
    def _norm_authors(cls, value: list[str]) -> list[str]:
        return [a for a in value if a]

    @field_validator("affiliations", mode="before")
    @classmethod
    def _check_affiliations(cls, value: Any) -> list[list[str]]:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, (list, tuple)) for v in value):
            raise ValueError("affiliations must be a list of lists of strings")
        return [[clean_text(a, "affiliation") for a in v] for v in value]

    @field_validator("comment", "journal_ref", "doi", "pdf_url", mode="before")
    @classmethod
    def _norm_optional(cls, value: Any) -> str | None:
        if value is None:
            return None
        return clean_text(value, "field") or None

    @field_validator("published", "updated", mode="before")
    @classmethod
    def _check_date(cls, value: Any) -> date | None:
        """Dates or ISO strings only (an integer is not silently read as a Unix time)."""
        if value is None or isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip()[:10])
            except ValueError:
                raise ValueError(f"unparseable date {value[:40]!r}") from None
        raise ValueError(f"a date must be a string, not {type(value).__name__}")

    @field_validator("categories")
    @classmethod
    def _norm_categories(cls, value: list[str]) -> list[str]:
        """Keep arXiv category codes only (snapshots mix in MSC/ACM classes), primary first."""
        seen: list[str] = []
        for cat in value:
            cat = cat.strip()
            if re.fullmatch(r"[a-z\-]+(\.[A-Za-z\-]+)?", cat) and cat not in seen:
                seen.append(cat)
        return seen

    @property
    def primary_category(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}"
