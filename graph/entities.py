"""What extraction reads out of a paper: the ``sotagraph extract`` JSON shape (docs/architecture.md).

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
    """Total parameters in billions: the model's own, never a component's or a data set's size."""
    active_params_b: float | None = None
    """Parameters active per token (mixture of experts), in billions, when the paper states them."""
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
    variant: str | None = None
    """Release words kept out of the key ("preview", "2024-08-06")."""
    access_since: str | None = None
    """Date of the curated accessibility fact, when one decided ``accessibility``."""
    rule: str | None = None
    """The named extraction rule that accepted the model (``sotagraph extract --explain``)."""
    reason: str | None = None
    """Why, in words: the cue, the curated fact or the listed version behind role, access and developer."""
    developer_source: str | None = None
    """Where ``developer`` came from when the full text set it: ``team`` or ``front_matter`` (DEVELOPED_BY.source)."""
    why: list[str] = Field(default_factory=list)
    """Full-text rules that took facts about this model (own sizes, parameters, openness, developer)."""


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
    higher_is_better: bool | None = None
    """Direction of this metric on this benchmark (FID, perplexity, WER, latency: lower is better)."""
    rule: str | None = None
    """The named rule that read the result; ``reason`` says why (``sotagraph extract --explain``)."""
    reason: str | None = None
    value_raw: str | None = None
    """The value exactly as printed ("74.0%", "0.903", "87.3 %"): a table cell always, an abstract's value when
    ``value`` was rescaled for comparison (0-1 fraction -> 0-100) or printed with a percent sign."""
    page: int | None = None
    """Table results: 1-based PDF page of the cell, so a person can check it."""
    table: str | None = None
    """Table results: the table number from its caption ("3"), None when no caption was found."""
    row_label: str | None = None
    col_label: str | None = None
    """Table results: row and column header text as printed (group headers joined with " / ")."""

    def result_key(self, arxiv_id: str) -> str:
        """Stable key: hash of model, benchmark, metric, setting and paper (docs/architecture.md)."""
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
    why: str | None = None
    """The rule that took this organisation and its evidence (``extract --explain``)."""


class ExtractedBenchmark(BaseModel):
    key: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    task: str | None = None
    domain: str | None = None
    metric: str | None = None
    higher_is_better: bool = True


class Decision(BaseModel):
    """One rule's verdict on one candidate name or score, for ``sotagraph extract --explain`` and the
    rule-by-rule figures of ``benchmarks/extraction_eval.py``."""

    candidate: str
    kind: Literal["model", "result"] = "model"
    accepted: bool
    rule: str
    reason: str = ""


class PaperExtraction(BaseModel):
    arxiv_id: str
    models: list[ExtractedModel] = Field(default_factory=list)
    results: list[ExtractedResult] = Field(default_factory=list)
    benchmarks: list[ExtractedBenchmark] = Field(default_factory=list)
    organizations: list[ExtractedOrganization] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    """Candidates the rules accepted or rejected, each with its rule and reason (``extract --explain``)."""
