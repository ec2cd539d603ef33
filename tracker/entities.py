"""What extraction reads out of a paper: the ``sotagraph extract`` JSON shape (DESIGN.md).

Extractors are pure functions that return these models; the pipeline hands them to the graph
store, and ``sotagraph extract`` prints them. Keys are normalised so reruns merge.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, Field

Accessibility = Literal["open_weights", "api", "hosted", "unreleased", "unknown"]
FactSource = Literal["abstract", "text", "table"]
OrgSource = Literal["arxiv", "pdf", "email", "link", "model_developer", "comment"]


class ExtractedModel(BaseModel):
    name: str
    key: str
    role: Literal["introduced", "evaluated"]
    family: str | None = None
    params_b: float | None = None
    accessibility: Accessibility = "unknown"
    is_open: bool = False
    aliases: list[str] = Field(default_factory=list)
    """Other names the paper gives the model ("Segment Anything Model" for SAM), for search and matching."""
    base_model: str | None = None
    """Key of the base model (``BASED_ON``), when the paper says what it was built on."""
    developer: str | None = None
    """Organisation key of the developer, when known from the family table or the paper."""
    license: str | None = None
    source: FactSource = "abstract"
    confidence: float = 0.5


class ExtractedResult(BaseModel):
    model: str
    """Model key."""
    benchmark: str
    """Benchmark key."""
    metric: str | None = None
    value: float
    setting: str | None = None
    source: FactSource = "abstract"
    self_reported: bool = False
    confidence: float = 0.5

    def result_key(self, arxiv_id: str) -> str:
        """Stable key: hash of model, benchmark, metric, setting and paper (DESIGN.md)."""
        raw = "|".join([self.model, self.benchmark, self.metric or "", self.setting or "", arxiv_id])
        return hashlib.sha1(raw.encode()).hexdigest()[:20]


class ExtractedOrganization(BaseModel):
    name: str
    key: str | None = None
    """Organisation key; ``None`` when the string could not be resolved (kept for review)."""
    country: str | None = None
    """ISO 3166-1 alpha-2 code."""
    type: str | None = None
    ror_id: str | None = None
    source: OrgSource = "pdf"
    confidence: float = 0.5
    authors: list[int] = Field(default_factory=list)
    """0-based author positions tied to this organisation (author-level links); empty = paper-level."""


class ExtractedBenchmark(BaseModel):
    key: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    task: str | None = None
    domain: str | None = None
    metric: str | None = None
    higher_is_better: bool = True


class PaperExtraction(BaseModel):
    arxiv_id: str
    models: list[ExtractedModel] = Field(default_factory=list)
    results: list[ExtractedResult] = Field(default_factory=list)
    benchmarks: list[ExtractedBenchmark] = Field(default_factory=list)
    organizations: list[ExtractedOrganization] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
