"""Paper records: one shape for every source (arXiv API, OAI-PMH, snapshot files).

Sources turn their bytes into :class:`PaperRecord`; everything downstream (extraction, graph
writes, embeddings) reads only this model, so a new source never touches the rest.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

_WS = re.compile(r"\s+")
_VERSIONED = re.compile(r"^(?P<base>.+?)v(?P<version>\d+)$")
_NEW_ID = re.compile(r"^\d{4}\.\d{4,5}$")
_OLD_ID = re.compile(r"^[a-z][a-z.\-]*/\d{7}$", re.IGNORECASE)


def normalise_space(text: str | None) -> str:
    """Collapse runs of whitespace (arXiv hard-wraps abstracts) into single spaces."""
    return _WS.sub(" ", text or "").strip()


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

    @field_validator("arxiv_id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        base, _ = split_version(value)
        if not is_valid_arxiv_id(base):
            raise ValueError(f"not an arXiv id: {value!r}")
        return base

    @field_validator("title", "abstract")
    @classmethod
    def _norm_text(cls, value: str) -> str:
        return normalise_space(value)

    @field_validator("authors")
    @classmethod
    def _norm_authors(cls, value: list[str]) -> list[str]:
        return [n for n in (normalise_space(a) for a in value) if n]

    @field_validator("comment", "journal_ref", "doi")
    @classmethod
    def _norm_optional(cls, value: str | None) -> str | None:
        text = normalise_space(value)
        return text or None

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
